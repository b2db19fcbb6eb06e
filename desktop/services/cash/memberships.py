"""Membership periods and numbers; memberships are created only by issuing a receipt."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Membership
from desktop.services.cash.tariffs import membership_validity_months


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the end of shorter months."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def active_membership(session: Session, person_id: uuid.UUID, day: dt.date) -> Membership | None:
    """The person's membership valid on ``day`` (the one lasting longest), if any."""
    return session.scalar(
        select(Membership)
        .where(
            Membership.person_id == person_id,
            Membership.valid_from <= day,
            Membership.valid_until >= day,
            Membership.cancelled.is_(False),
            Membership.deleted.is_(False),
        )
        .order_by(Membership.valid_until.desc())
        .limit(1)
    )


def latest_membership(session: Session, person_id: uuid.UUID) -> Membership | None:
    """The person's membership ending last (expired or not), if any."""
    return session.scalar(
        select(Membership)
        .where(
            Membership.person_id == person_id,
            Membership.cancelled.is_(False),
            Membership.deleted.is_(False),
        )
        .order_by(Membership.valid_until.desc())
        .limit(1)
    )


def membership_period(
    session: Session, person_id: uuid.UUID, day: dt.date
) -> tuple[dt.date, dt.date]:
    """Validity of a membership bought on ``day``: a renewal starts when the current one ends."""
    latest = latest_membership(session, person_id)
    start = day
    if latest is not None and latest.valid_until >= day:
        start = latest.valid_until + dt.timedelta(days=1)
    months = membership_validity_months(session)
    return start, add_months(start, months) - dt.timedelta(days=1)


def next_membership_number(session: Session, series: str, year: int) -> str:
    """ADH-{series}-{year}-{seq:05d}, consecutive per series and year."""
    prefix = f"ADH-{series}-{year}-"
    last = session.scalar(
        select(Membership.number)
        .where(Membership.number.like(f"{prefix}%"))
        .order_by(Membership.number.desc())
        .limit(1)
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"
