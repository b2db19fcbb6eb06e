"""The programme as the reception reads it: occurrences of a period with their fill level."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop.models import Activity, Occurrence, Registration, Room
from desktop.services.formatting import to_utc
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.vocabulary import TAKES_A_PLACE, ActivityCategory, PriceCategory, RegistrationStatus


@dataclass(frozen=True)
class OccurrenceSummary:
    id: uuid.UUID
    title: str
    category: ActivityCategory
    price_category: PriceCategory
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str
    remote: bool
    cancelled: bool
    capacity: int
    registered: int
    waitlisted: int

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.registered, 0)


@reads
def list_occurrences(
    session: Session, actor: Actor, start: dt.date, end: dt.date
) -> list[OccurrenceSummary]:
    """Occurrences from ``start`` to ``end`` inclusive (Paris days), in time order."""
    require(actor, Capability.PROGRAMME)
    return occurrence_summaries(session, start, end)


def occurrence_summaries(
    session: Session, start: dt.date, end: dt.date
) -> list[OccurrenceSummary]:
    """:func:`list_occurrences` without the permission check, for services that check
    their own (the desk's today panel)."""
    since, until = to_utc(start, dt.time()), to_utc(end + dt.timedelta(days=1), dt.time())
    taken = func.sum(case((Registration.status.in_(TAKES_A_PLACE), 1), else_=0))
    waiting = func.sum(case((Registration.status == RegistrationStatus.WAITLISTED, 1), else_=0))
    in_period = select(Occurrence.id).where(
        Occurrence.starts_at >= since, Occurrence.starts_at < until
    )
    counts = (  # only the period's registrations: years of them otherwise, on each call
        select(Registration.occurrence_id, taken.label("taken"), waiting.label("waiting"))
        .where(Registration.deleted.is_(False), Registration.occurrence_id.in_(in_period))
        .group_by(Registration.occurrence_id)
        .subquery()
    )
    rows = session.execute(
        select(Occurrence, Activity, Room.name, counts.c.taken, counts.c.waiting)
        .join(Activity, Activity.id == Occurrence.activity_id)
        .outerjoin(Room, Room.id == Occurrence.room_id)
        .outerjoin(counts, counts.c.occurrence_id == Occurrence.id)
        .where(
            Occurrence.starts_at >= since,
            Occurrence.starts_at < until,
            Occurrence.deleted.is_(False),
        )
        .order_by(Occurrence.starts_at, Activity.title)
    ).all()
    return [
        OccurrenceSummary(
            id=occ.id,
            title=act.title,
            category=act.category,
            price_category=act.price_category,
            starts_at=occ.starts_at,
            ends_at=occ.ends_at,
            room=room or ("À distance" if occ.remote else ""),
            remote=occ.remote,
            cancelled=occ.cancelled,
            capacity=occ.capacity,
            registered=int(taken or 0),
            waitlisted=int(waiting or 0),
        )
        for occ, act, room, taken, waiting in rows
    ]
