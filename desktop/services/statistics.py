"""Aggregated figures for the team and the funder: counts only, never names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from desktop.models import Case, Membership, Person, Visit
from desktop.services.formatting import to_utc
from desktop.services.merged import as_survivor
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.services.visits import counted
from desktop.vocabulary import CaregiverStatus, Gender


@dataclass(frozen=True)
class Overview:
    start: dt.date
    end: dt.date
    visits: int
    anonymous_visits: int
    distinct_persons: int
    new_persons: int
    returning_persons: int
    memberships: int
    women: int
    caregivers_on_arrival: int
    caregivers_revealed: int
    open_cases: int


@reads
def overview(session: Session, actor: Actor, start: dt.date, end: dt.date) -> Overview:
    """Figures for visits between ``start`` and ``end`` (inclusive, Paris days)."""
    require(actor, Capability.STATISTICS)
    since, until = to_utc(start, dt.time()), to_utc(end + dt.timedelta(days=1), dt.time())
    in_period = (Visit.at >= since, Visit.at < until, counted())
    visits = session.scalar(select(func.count()).where(*in_period)) or 0
    anonymous = (
        session.scalar(select(func.count()).where(*in_period, Visit.person_id.is_(None))) or 0
    )
    visitor = as_survivor(session, Visit.person_id)  # a merged record's visits: its survivor's
    visitor_ids = select(visitor).where(*in_period, Visit.person_id.isnot(None)).distinct()
    distinct_persons = session.scalar(select(func.count()).select_from(visitor_ids.subquery()))
    new_persons = session.scalar(
        select(func.count()).where(
            Person.id.in_(visitor_ids), Person.first_visit_on >= start, Person.first_visit_on <= end
        )
    )
    visitors = select(Person).where(Person.id.in_(visitor_ids)).subquery()

    def count_visitors(*conditions: ColumnElement[bool]) -> int:
        return session.scalar(select(func.count()).select_from(visitors).where(*conditions)) or 0

    memberships = session.scalar(
        select(func.count()).where(
            Membership.valid_from >= start,
            Membership.valid_from <= end,
            Membership.deleted.is_(False),
            Membership.cancelled.is_(False),
        )
    )
    open_cases = session.scalar(
        select(func.count()).where(Case.deleted.is_(False), Case.closed_on.is_(None))
    )
    return Overview(
        start=start,
        end=end,
        visits=visits,
        anonymous_visits=anonymous,
        distinct_persons=distinct_persons or 0,
        new_persons=new_persons or 0,
        returning_persons=(distinct_persons or 0) - (new_persons or 0),
        memberships=memberships or 0,
        women=count_visitors(visitors.c.gender == Gender.FEMALE.value),
        caregivers_on_arrival=count_visitors(
            visitors.c.caregiver_status == CaregiverStatus.ON_ARRIVAL.value
        ),
        caregivers_revealed=count_visitors(
            visitors.c.caregiver_status == CaregiverStatus.REVEALED.value
        ),
        open_cases=open_cases or 0,
    )
