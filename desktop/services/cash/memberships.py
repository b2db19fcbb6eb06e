"""Membership periods and numbers; memberships are created only by issuing a receipt."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Membership
from desktop.services.cash.cache import held_person_rows, hold_person_rows, transaction_cache
from desktop.services.cash.tariffs import membership_validity, membership_validity_months
from desktop.services.numbering import (
    last_membership_seq,
    membership_number,
    parse_membership_number,
)
from desktop.vocabulary import MembershipValidity


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the end of shorter months."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def standing_memberships(session: Session, person_id: uuid.UUID) -> list[Membership]:
    """The person's memberships that are neither cancelled nor deleted (read once per
    transaction and person while none is written: ``cache.held_person_rows``)."""
    rows = held_person_rows(session, Membership, person_id)
    if rows is None:
        rows = list(session.scalars(select(Membership).where(Membership.person_id == person_id)))
        hold_person_rows(session, Membership, person_id, rows)
    return [m for m in rows if not (m.cancelled or m.deleted) and m.person_id == person_id]


def valid_on(standing: list[Membership], day: dt.date) -> Membership | None:
    """Among ``standing`` memberships, the one valid on ``day`` lasting longest, if any."""
    valid = [m for m in standing if m.valid_from <= day <= m.valid_until]
    return max(valid, key=lambda m: m.valid_until, default=None)


def ending_last(standing: list[Membership]) -> Membership | None:
    """Among ``standing`` memberships, the one ending last (expired or not), if any."""
    return max(standing, key=lambda m: m.valid_until, default=None)


def active_membership(session: Session, person_id: uuid.UUID, day: dt.date) -> Membership | None:
    """The person's membership valid on ``day`` (the one lasting longest), if any."""
    return valid_on(standing_memberships(session, person_id), day)


def latest_membership(session: Session, person_id: uuid.UUID) -> Membership | None:
    """The person's membership ending last (expired or not), if any."""
    return ending_last(standing_memberships(session, person_id))


def membership_period(
    session: Session, person_id: uuid.UUID, day: dt.date
) -> tuple[dt.date, dt.date]:
    """Validity of a membership bought on ``day``: a renewal before expiry starts the day
    after the current one ends; it lasts the set months (rolling), or until 31 December of
    the year it starts (calendar year: a renewal before expiry covers the next year)."""
    latest = latest_membership(session, person_id)
    start = day
    if latest is not None and latest.valid_until >= day:
        start = latest.valid_until + dt.timedelta(days=1)
    return start, membership_end(session, start)


def membership_end(session: Session, start: dt.date) -> dt.date:
    """The last day of a membership starting on ``start``, by the validity setting."""
    if membership_validity(session) is MembershipValidity.CALENDAR_YEAR:
        return dt.date(start.year, 12, 31)
    return add_months(start, membership_validity_months(session)) - dt.timedelta(days=1)


def next_membership_number(session: Session, series: str, year: int) -> str:
    """``AD-{series}-{year}-{seq:04d}`` (``numbering``), consecutive per series and year of
    the validity start; the last number is read once per transaction, then counted."""
    cache = transaction_cache(session).membership_seq
    last = cache.get((series, year))
    if last is None:
        last = cache[(series, year)] = last_membership_seq(session, series, year)
    return membership_number(series, year, last + 1)


def membership_numbered(session: Session, number: str) -> None:
    """Record in the transaction's cache that ``number`` was just given."""
    parsed = parse_membership_number(number)
    if parsed is not None:
        series, year, seq = parsed
        cache = transaction_cache(session).membership_seq
        cache[(series, year)] = max(seq, cache.get((series, year)) or 0)
