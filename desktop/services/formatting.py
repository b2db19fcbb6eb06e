"""French formats for what people read: money, dates, times (Babel, Europe/Paris)."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal

PARIS = ZoneInfo("Europe/Paris")
LOCALE = "fr_FR"


def money(cents: int) -> str:
    """12,00 € (Babel uses a narrow no-break space before €)."""
    return format_currency(cents / 100, "EUR", locale=LOCALE)


def local(moment: dt.datetime) -> dt.datetime:
    """A stored UTC datetime in Europe/Paris time."""
    return moment.astimezone(PARIS)


def to_utc(local_date: dt.date, local_time: dt.time) -> dt.datetime:
    """A Europe/Paris wall-clock date and time as an aware UTC datetime."""
    return dt.datetime.combine(local_date, local_time, tzinfo=PARIS).astimezone(dt.UTC)


def date_long(day: dt.date) -> str:
    """mardi 3 décembre 2026"""
    return format_date(day, "EEEE d MMMM y", locale=LOCALE)


# Babel formatting is slow and receipts, lists and PDFs repeat the same days and hours.
@functools.lru_cache(maxsize=8192)
def date_short(day: dt.date) -> str:
    """03/12/2026"""
    return format_date(day, "dd/MM/y", locale=LOCALE)


def time_short(moment: dt.datetime | dt.time) -> str:
    """14:30, in Paris time for datetimes."""
    if isinstance(moment, dt.datetime):
        moment = local(moment).time()
    return _hours_minutes(moment.replace(second=0, microsecond=0))


@functools.lru_cache(maxsize=2048)
def _hours_minutes(moment: dt.time) -> str:
    return format_time(moment, "HH:mm", locale=LOCALE)


def hour_label(moment: dt.datetime | dt.time) -> str:
    """« 14 h 05 », « 10 h » (French typography; Paris time for datetimes)."""
    if isinstance(moment, dt.datetime):
        moment = local(moment).time()
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


def datetime_short(moment: dt.datetime) -> str:
    """03/12/2026 14:30 (Paris time)."""
    return format_datetime(local(moment), "dd/MM/y HH:mm", tzinfo=PARIS, locale=LOCALE)


def number(value: int) -> str:
    """1 234 (French grouping with a narrow no-break space)."""
    return format_decimal(value, locale=LOCALE)
