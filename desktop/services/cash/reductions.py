"""Reduced-price decisions: staff decide a person pays the reduced tier (who, when, why, until)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Person, ReducedPriceDecision, User
from desktop.services import audit
from desktop.services.cash.common import local_day
from desktop.services.clock import now
from desktop.services.errors import NotFound, ValidationError
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.vocabulary import AuditAction, AuditEntity


@dataclass(frozen=True)
class ReducedPriceInfo:
    id: uuid.UUID
    person_id: uuid.UUID
    decided_by: uuid.UUID
    decided_by_name: str
    decided_at: dt.datetime
    reason: str
    valid_until: dt.date | None


def _info(session: Session, row: ReducedPriceDecision) -> ReducedPriceInfo:
    user = session.get(User, row.decided_by)
    return ReducedPriceInfo(
        id=row.id,
        person_id=row.person_id,
        decided_by=row.decided_by,
        decided_by_name=user.display_name if user is not None else "",
        decided_at=row.decided_at,
        reason=row.reason,
        valid_until=row.valid_until,
    )


def record_reduced_price(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    reason: str,
    valid_until: dt.date | None = None,
) -> ReducedPriceInfo:
    """Record that ``person_id`` pays the reduced price (decided now), why, and until when."""
    require(actor, Capability.CASH)
    person = session.get(Person, person_id)
    if person is None or person.deleted:
        raise NotFound("Cette personne est introuvable.")
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Indiquez le motif du tarif réduit.", "reason")
    if len(reason) > 500:
        raise ValidationError("Le motif est trop long (500 caractères au plus).", "reason")
    at = now(session)
    if valid_until is not None and valid_until < local_day(at):
        raise ValidationError(
            "La date de fin du tarif réduit ne peut pas précéder la décision.", "valid_until"
        )
    row = ReducedPriceDecision(
        person_id=person.id,
        decided_by=actor.user_id,
        decided_at=at,
        reason=reason,
        valid_until=valid_until,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, actor, AuditAction.REDUCED_PRICE_DECIDED, AuditEntity.REDUCED_PRICE, row.id
    )
    return _info(session, row)


@reads
def list_reduced_prices(
    session: Session, actor: Actor, person_id: uuid.UUID
) -> list[ReducedPriceInfo]:
    """The person's reduced-price decisions, latest first (revoked ones excluded)."""
    require(actor, Capability.CASH)
    rows = session.scalars(
        select(ReducedPriceDecision)
        .where(
            ReducedPriceDecision.person_id == person_id,
            ReducedPriceDecision.deleted.is_(False),
        )
        .order_by(ReducedPriceDecision.decided_at.desc())
    )
    return [_info(session, row) for row in rows]


def revoke_reduced_price(session: Session, actor: Actor, decision_id: uuid.UUID) -> None:
    """Withdraw a decision (tombstone); receipts already issued keep their price."""
    require(actor, Capability.CASH)
    row = session.get(ReducedPriceDecision, decision_id)
    if row is None or row.deleted:
        raise NotFound("Cette décision de tarif réduit est introuvable.")
    row.deleted = True
    session.flush()
    audit.record(
        session, actor, AuditAction.REDUCED_PRICE_WITHDRAWN, AuditEntity.REDUCED_PRICE, row.id
    )
