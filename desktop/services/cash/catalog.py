"""What the "Encaisser" dialog offers: sessions to sell with their price, unpaid places,
and a person's membership status. Read-only; prices come from ``pricing``."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Activity, Occurrence, Registration
from desktop.services.cash.common import day_bounds
from desktop.services.cash.memberships import active_membership
from desktop.services.cash.pricing import Quote, price_membership, price_session
from desktop.services.clock import today
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.vocabulary import PAYABLE_PLACE, TAKES_A_PLACE, PriceCategory


@dataclass(frozen=True)
class SellableSession:
    occurrence_id: uuid.UUID
    title: str
    starts_at: dt.datetime
    places_left: int
    quote: Quote
    registered: bool  # the person holds a place (registered, present or absent)
    paid: bool  # ... and it is already paid


@dataclass(frozen=True)
class MembershipStatus:
    member_until: dt.date | None
    number: str
    offer: Quote  # a membership bought today: price and period


def _sellable(
    session: Session,
    person_id: uuid.UUID | None,
    occurrences: list[tuple[Occurrence, Activity]],
) -> list[SellableSession]:
    ids = [occurrence.id for occurrence, _ in occurrences]
    taken = Counter(
        session.scalars(
            select(Registration.occurrence_id).where(
                Registration.occurrence_id.in_(ids),
                Registration.deleted.is_(False),
                Registration.status.in_(TAKES_A_PLACE),
            )
        )
    )
    mine: dict[uuid.UUID, Registration] = {}
    if person_id is not None:
        for registration in session.scalars(
            select(Registration).where(
                Registration.occurrence_id.in_(ids),
                Registration.person_id == person_id,
                Registration.deleted.is_(False),
                Registration.status.in_(TAKES_A_PLACE),
            )
        ):
            mine[registration.occurrence_id] = registration
    return [
        SellableSession(
            occurrence_id=occurrence.id,
            title=activity.title,
            starts_at=occurrence.starts_at,
            places_left=max(0, occurrence.capacity - taken[occurrence.id]),
            quote=price_session(session, person_id, occurrence, activity),
            registered=occurrence.id in mine,
            paid=occurrence.id in mine and mine[occurrence.id].receipt_line_id is not None,
        )
        for occurrence, activity in occurrences
    ]


@reads
def sellable_sessions(
    session: Session, actor: Actor, person_id: uuid.UUID | None, day: dt.date
) -> list[SellableSession]:
    """The sessions of ``day`` (not cancelled), with this person's price and the places left."""
    require(actor, Capability.CASH)
    low, high = day_bounds(day)
    rows = session.execute(
        select(Occurrence, Activity)
        .join(Activity, Activity.id == Occurrence.activity_id)
        .where(
            Occurrence.starts_at >= low,
            Occurrence.starts_at < high,
            Occurrence.cancelled.is_(False),
            Occurrence.deleted.is_(False),
        )
        .order_by(Occurrence.starts_at, Activity.title)
    ).all()
    return _sellable(session, person_id, [(o, a) for o, a in rows])


@reads
def unpaid_places(session: Session, actor: Actor, person_id: uuid.UUID) -> list[SellableSession]:
    """The person's places not paid yet (sessions not cancelled), oldest first."""
    require(actor, Capability.CASH)
    rows = session.execute(
        select(Occurrence, Activity)
        .join(Registration, Registration.occurrence_id == Occurrence.id)
        .join(Activity, Activity.id == Occurrence.activity_id)
        .where(
            Registration.person_id == person_id,
            Registration.deleted.is_(False),
            Registration.receipt_line_id.is_(None),
            Registration.status.in_(PAYABLE_PLACE),
            Activity.price_category != PriceCategory.FREE,  # nothing to pay, nothing to settle
            Occurrence.cancelled.is_(False),
            Occurrence.deleted.is_(False),
        )
        .order_by(Occurrence.starts_at)
    ).all()
    return _sellable(session, person_id, [(o, a) for o, a in rows])


@reads
def membership_status(
    session: Session, actor: Actor, person_id: uuid.UUID, on: dt.date | None = None
) -> MembershipStatus:
    """Whether the person is a member on ``on`` (default today) and what joining costs."""
    require(actor, Capability.CASH)
    day = on or today(session)
    current = active_membership(session, person_id, day)
    return MembershipStatus(
        member_until=current.valid_until if current is not None else None,
        number=current.number if current is not None else "",
        offer=price_membership(session, person_id, day),
    )
