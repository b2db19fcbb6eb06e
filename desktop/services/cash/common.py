"""Shared helpers of the cash desk: this device's series, local days, closed periods."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Closing, Device, LocalState, Person, Site
from desktop.services.cash.cache import transaction_cache
from desktop.services.clock import local_day
from desktop.services.errors import NotFound, ValidationError
from desktop.services.formatting import date_short, to_utc
from desktop.vocabulary import ClosingKind

__all__ = [
    "GENESIS",
    "day_bounds",
    "device_series",
    "ensure_open",
    "last_closed_day",
    "local_day",
    "local_site",
    "person_name",
]

GENESIS = "0" * 64


SERIES_KEY = "cash_series"


def device_series(session: Session) -> str:
    """The series letter of this installation (receipt numbers start with it)."""
    cached = session.info.get(SERIES_KEY)
    if cached is not None:
        return str(cached)
    state = session.get(LocalState, 1)
    if state is None:
        raise ValidationError("Ce fichier de données n'a pas encore de lieu configuré.")
    device = session.get(Device, state.device_id)
    if device is None:
        raise NotFound("Le poste de cette installation est introuvable.")
    session.info[SERIES_KEY] = device.series
    return device.series


def local_site(session: Session) -> Site:
    state = session.get(LocalState, 1)
    site = session.get(Site, state.site_id) if state is not None else None
    if site is None:
        raise ValidationError("Ce fichier de données n'a pas encore de lieu configuré.")
    return site


def day_bounds(start: dt.date, end: dt.date | None = None) -> tuple[dt.datetime, dt.datetime]:
    """UTC [start 00:00, (end or start) + 1 day 00:00) in Paris time."""
    last = end or start
    return to_utc(start, dt.time()), to_utc(last + dt.timedelta(days=1), dt.time())


def last_closed_day(session: Session, series: str) -> dt.date | None:
    """The end of the latest closed period (day, month or year) of ``series``."""
    cache = transaction_cache(session)
    if series not in cache.closed_until:
        # The latest closing of each kind, found through the (series, kind, period_start)
        # index: ``max(period_end)`` over the series would read every closing.
        ends = [
            session.scalar(
                select(Closing.period_end)
                .where(Closing.series == series, Closing.kind == kind)
                .order_by(Closing.period_start.desc())
                .limit(1)
            )
            for kind in ClosingKind
        ]
        cache.closed_until[series] = max((end for end in ends if end is not None), default=None)
    return cache.closed_until[series]


def ensure_open(session: Session, series: str, day: dt.date) -> None:
    """Refuse a receipt dated on or before the last closing of its series."""
    closed = last_closed_day(session, series)
    if closed is not None and day <= closed:
        raise ValidationError(
            f"La caisse est clôturée jusqu'au {date_short(closed)} inclus : "
            f"aucun reçu ne peut être daté du {date_short(day)}."
        )


def person_name(person: Person | None) -> str:
    if person is None:
        return ""
    return f"{person.first_name} {person.last_name}".strip()
