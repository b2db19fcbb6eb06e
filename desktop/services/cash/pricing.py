"""What a person pays for a session place or a membership, and why (read by the receptionist).

The lowest applicable tier applies: free activity, member price (membership valid on the
session day), reduced price (a staff decision valid on the session day), else full price.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Activity, Membership, Occurrence, Person, ReducedPriceDecision, User
from desktop.services.cash.cache import held_person_rows, hold_person_rows
from desktop.services.cash.common import local_day
from desktop.services.cash.memberships import (
    ending_last,
    membership_period,
    standing_memberships,
    valid_on,
)
from desktop.services.cash.tariffs import tariff_on
from desktop.services.clock import today
from desktop.services.errors import NotFound, ValidationError
from desktop.services.formatting import date_short, local, to_utc
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.vocabulary import Gender, PriceCategory, TariffCode

# Among equal amounts, the most informative tier wins.
_PREFERENCE = (TariffCode.FREE, TariffCode.MEMBER, TariffCode.REDUCED, TariffCode.FULL)


@dataclass(frozen=True)
class Quote:
    tier: TariffCode
    amount_cents: int
    reason_fr: str


def _member_word(person: Person) -> str:
    return {Gender.FEMALE: "Adhérente", Gender.MALE: "Adhérent"}.get(person.gender, "Adhérent·e")


def _person(session: Session, person_id: uuid.UUID) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.deleted:
        raise NotFound("Cette personne est introuvable.")
    return person


def occurrence_and_activity(
    session: Session, occurrence_id: uuid.UUID
) -> tuple[Occurrence, Activity]:
    occurrence = session.get(Occurrence, occurrence_id)
    activity = session.get(Activity, occurrence.activity_id) if occurrence else None
    if occurrence is None or occurrence.deleted or activity is None:
        raise NotFound("Cette séance est introuvable.")
    return occurrence, activity


def reduced_decision_on(
    session: Session, person_id: uuid.UUID, day: dt.date
) -> ReducedPriceDecision | None:
    """The reduced-price decision in force on ``day`` (decided on or before it, not expired)."""
    end_of_day = to_utc(day + dt.timedelta(days=1), dt.time())
    rows = held_person_rows(session, ReducedPriceDecision, person_id)
    if rows is None:  # read once per transaction and person while none is written
        rows = list(
            session.scalars(
                select(ReducedPriceDecision).where(ReducedPriceDecision.person_id == person_id)
            )
        )
        hold_person_rows(session, ReducedPriceDecision, person_id, rows)
    in_force = [
        d
        for d in rows
        if not d.deleted
        and d.person_id == person_id
        and d.decided_at < end_of_day
        and (d.valid_until is None or d.valid_until >= day)
    ]
    return max(in_force, key=lambda d: d.decided_at, default=None)


def _full_reason(person: Person | None, standing: list[Membership], day: dt.date) -> str:
    if person is None:
        return "Personne non identifiée : plein tarif"
    latest = ending_last(standing)
    if latest is not None and latest.valid_until < day:
        return f"Adhésion expirée le {date_short(latest.valid_until)} : plein tarif"
    if latest is not None and latest.valid_from > day:
        return f"Adhésion valable à partir du {date_short(latest.valid_from)} : plein tarif"
    return "Sans adhésion : plein tarif"


def price_session(
    session: Session,
    person_id: uuid.UUID | None,
    occurrence: Occurrence,
    activity: Activity,
    *,
    new_membership: tuple[dt.date, dt.date] | None = None,
) -> Quote:
    """The quote without permission check (used inside the cash services).

    ``new_membership`` is the period of a membership bought in the same basket: it gives
    the member price to the sessions it covers.
    """
    day = local_day(occurrence.starts_at)
    if activity.price_category is PriceCategory.FREE:
        return Quote(
            TariffCode.FREE,
            tariff_on(session, TariffCode.FREE, day).amount_cents,
            "Atelier gratuit",
        )
    person = _person(session, person_id) if person_id is not None else None
    full = tariff_on(session, TariffCode.FULL, day).amount_cents
    standing = standing_memberships(session, person.id) if person is not None else []
    candidates = [Quote(TariffCode.FULL, full, _full_reason(person, standing, day))]
    if person is not None:
        membership = valid_on(standing, day)
        until = membership.valid_until if membership is not None else None
        source = ""
        if until is None and new_membership and new_membership[0] <= day <= new_membership[1]:
            until, source = new_membership[1], " (adhésion de ce reçu)"
        if until is not None:
            member = tariff_on(session, TariffCode.MEMBER, day).amount_cents
            what = "demi-tarif" if member * 2 == full else "tarif adhérent"
            candidates.append(
                Quote(
                    TariffCode.MEMBER,
                    member,
                    f"{_member_word(person)}{source} jusqu'au {date_short(until)} : {what}",
                )
            )
        decision = reduced_decision_on(session, person.id, day)
        if decision is not None:
            reduced = tariff_on(session, TariffCode.REDUCED, day).amount_cents
            candidates.append(
                Quote(TariffCode.REDUCED, reduced, _reduced_reason(session, decision))
            )
    return min(candidates, key=lambda q: (q.amount_cents, _PREFERENCE.index(q.tier)))


def _reduced_reason(session: Session, decision: ReducedPriceDecision) -> str:
    user = session.get(User, decision.decided_by)
    who = user.display_name if user is not None else "l'équipe"
    text = f"Tarif réduit décidé le {date_short(local(decision.decided_at).date())} par {who}"
    if decision.valid_until is not None:
        text += f", jusqu'au {date_short(decision.valid_until)}"
    return f"{text} : {decision.reason}"


@reads
def quote_session(
    session: Session, actor: Actor, person_id: uuid.UUID | None, occurrence_id: uuid.UUID
) -> Quote:
    """What ``person_id`` (None: an unidentified visitor) pays for this session, and why."""
    require(actor, Capability.CASH)
    occurrence, activity = occurrence_and_activity(session, occurrence_id)
    return price_session(session, person_id, occurrence, activity)


def price_membership(session: Session, person_id: uuid.UUID | None, day: dt.date) -> Quote:
    """The membership quote without permission check (used inside the cash services)."""
    if person_id is None:
        raise ValidationError("L'adhésion est nominative : choisissez d'abord la personne.")
    _person(session, person_id)
    start, end = membership_period(session, person_id, day)
    amount = tariff_on(session, TariffCode.MEMBERSHIP, day).amount_cents
    renewal = "Renouvellement : adhésion" if start > day else "Adhésion"
    return Quote(
        TariffCode.MEMBERSHIP,
        amount,
        f"{renewal} du {date_short(start)} au {date_short(end)}",
    )


@reads
def quote_membership(
    session: Session, actor: Actor, person_id: uuid.UUID | None, day: dt.date | None = None
) -> Quote:
    """What a membership taken on ``day`` (default today) costs this person, and its period."""
    require(actor, Capability.CASH)
    return price_membership(session, person_id, day or today(session))
