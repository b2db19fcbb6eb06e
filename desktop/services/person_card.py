"""The person card (« fiche »): everything the desk may know of one person, in one read.

Identity, contacts (phone in the French format), consents (current state and history),
caregiver status with its date, visits (newest first, undone ones left out), registrations,
memberships, receipts (only for staff who may read the till) and pending flags as
« signalé le … par … ». Never anything about a case.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from desktop.models import Activity, Membership, Occurrence, Person, Receipt, Registration, Visit
from desktop.services.clock import local_day, today
from desktop.services.contact import phone_shown
from desktop.services.formatting import date_short, money
from desktop.services.people import MembershipStatus, membership_on
from desktop.services.permissions import Actor, Capability, require
from desktop.services.person_records import (
    ConsentRecord,
    FlagNotice,
    consent_records,
    current_consents,
    known_person,
    pending_flags,
)
from desktop.services.reads import reads
from desktop.services.visits import counted
from desktop.vocabulary import (
    CAREGIVER_LABELS,
    HEARD_FROM_LABELS,
    CaregiverStatus,
    ConsentKind,
    HeardFrom,
    RegistrationStatus,
    VisitReason,
    stored_label,
)


@dataclass(frozen=True)
class VisitLine:
    at: dt.datetime
    reasons: tuple[str, ...]  # French labels

    @property
    def reasons_text(self) -> str:
        return ", ".join(self.reasons)


@dataclass(frozen=True)
class RegistrationLine:
    starts_at: dt.datetime
    title: str
    status: RegistrationStatus
    cancelled_session: bool  # the session itself was cancelled


@dataclass(frozen=True)
class MembershipLine:
    number: str
    valid_from: dt.date
    valid_until: dt.date
    amount_cents: int
    state: str  # « en cours », « expirée », « à venir », « annulée »

    @property
    def period(self) -> str:
        return f"du {date_short(self.valid_from)} au {date_short(self.valid_until)}"

    @property
    def amount(self) -> str:
        return money(self.amount_cents)


@dataclass(frozen=True)
class ReceiptSummary:
    number: str
    issued_at: dt.datetime
    total_cents: int
    note: str  # « annule A-2026-000012 », « annulé par A-2026-000013 », ''

    @property
    def amount(self) -> str:
        return money(self.total_cents)


@dataclass(frozen=True)
class ConsentState:
    """One consent now: given or not, and the event that decided it (None: never asked)."""

    kind: ConsentKind
    last: ConsentRecord | None

    @property
    def given(self) -> bool:
        return self.last is not None and self.last.given


@dataclass(frozen=True)
class PersonCard:
    id: uuid.UUID
    number: str
    first_name: str
    last_name: str
    usage_name: str
    phone: str  # E.164 as stored ('' if none)
    phone_shown: str  # « 06 12 34 56 78 »
    email: str
    heard_from: HeardFrom | None
    caregiver_status: CaregiverStatus
    caregiver_status_at: dt.datetime | None
    created_at: dt.datetime
    consents: tuple[ConsentState, ...]
    consent_history: tuple[ConsentRecord, ...]
    visits: tuple[VisitLine, ...]  # newest first
    registrations: tuple[RegistrationLine, ...]  # newest first
    membership: MembershipStatus
    memberships: tuple[MembershipLine, ...]  # newest first
    receipts: tuple[ReceiptSummary, ...] | None  # None: the actor may not read the till
    flags: tuple[FlagNotice, ...]  # pending, newest first

    @property
    def full_name(self) -> str:
        usage = f" ({self.usage_name})" if self.usage_name else ""
        return f"{self.first_name} {self.last_name}{usage}"

    @property
    def heard_from_label(self) -> str:
        return HEARD_FROM_LABELS[self.heard_from] if self.heard_from else "Non précisé"

    @property
    def caregiver_label(self) -> str:
        """« Aidant·e révélé·e plus tard (depuis le 03/12/2026) »"""
        label = CAREGIVER_LABELS[self.caregiver_status]
        if self.caregiver_status_at is None:
            return label
        return f"{label} (depuis le {date_short(local_day(self.caregiver_status_at))})"

    @property
    def flag_labels(self) -> tuple[str, ...]:
        return tuple(flag.label for flag in self.flags)


def _visits(session: Session, person_id: uuid.UUID) -> tuple[VisitLine, ...]:
    rows = session.execute(
        select(Visit.at, Visit.reasons)
        .where(Visit.person_id == person_id, counted())
        .order_by(Visit.at.desc())
    ).all()
    return tuple(
        VisitLine(at, tuple(stored_label(VisitReason, r) for r in reasons or ()))
        for at, reasons in rows
    )


def _registrations(session: Session, person_id: uuid.UUID) -> tuple[RegistrationLine, ...]:
    rows = session.execute(
        select(Occurrence.starts_at, Activity.title, Registration.status, Occurrence.cancelled)
        .join(Occurrence, Occurrence.id == Registration.occurrence_id)
        .join(Activity, Activity.id == Occurrence.activity_id)
        .where(
            Registration.person_id == person_id,
            Registration.deleted.is_(False),
            Occurrence.deleted.is_(False),
        )
        .order_by(Occurrence.starts_at.desc())
    ).all()
    return tuple(RegistrationLine(*row) for row in rows)


def _memberships(
    session: Session, person_id: uuid.UUID, on: dt.date
) -> tuple[MembershipStatus, tuple[MembershipLine, ...]]:
    rows = session.scalars(
        select(Membership)
        .where(Membership.person_id == person_id, Membership.deleted.is_(False))
        .order_by(Membership.valid_from.desc())
    ).all()
    standing = [(m.valid_from, m.valid_until) for m in rows if not m.cancelled]

    def state(m: Membership) -> str:
        if m.cancelled:
            return "annulée"
        if m.valid_from > on:
            return "à venir"
        return "en cours" if m.valid_until >= on else "expirée"

    lines = tuple(
        MembershipLine(m.number, m.valid_from, m.valid_until, m.amount_cents, state(m))
        for m in rows
    )
    return membership_on(standing, on), lines


def _receipts(session: Session, person_id: uuid.UUID) -> tuple[ReceiptSummary, ...]:
    cancelling = aliased(Receipt)
    cancelled = aliased(Receipt)
    rows = session.execute(
        select(Receipt.number, Receipt.issued_at, Receipt.total_cents, cancelled.number,
               cancelling.number)
        .outerjoin(cancelled, cancelled.id == Receipt.cancels_receipt_id)
        .outerjoin(cancelling, cancelling.cancels_receipt_id == Receipt.id)
        .where(Receipt.person_id == person_id)
        .order_by(Receipt.issued_at.desc(), Receipt.number.desc())
    ).all()  # fmt: skip
    summaries = []
    for number, at, total, cancels, cancelled_by in rows:
        note = (
            f"annule {cancels}" if cancels else f"annulé par {cancelled_by}" if cancelled_by else ""
        )
        summaries.append(ReceiptSummary(number, at, total, note))
    return tuple(summaries)


@reads
def person_card(session: Session, actor: Actor, person_id: uuid.UUID) -> PersonCard:
    """The person's card as the actor may see it (receipts only with CASH_READ)."""
    require(actor, Capability.RECEPTION)
    person: Person = known_person(session, person_id)
    history = consent_records(session, person_id)
    current = current_consents(history)
    membership, memberships = _memberships(session, person_id, today(session))
    return PersonCard(
        id=person.id,
        number=person.number,
        first_name=person.first_name,
        last_name=person.last_name,
        usage_name=person.usage_name,
        phone=person.phone,
        phone_shown=phone_shown(person.phone),
        email=person.email,
        heard_from=person.heard_from,
        caregiver_status=person.caregiver_status,
        caregiver_status_at=person.caregiver_status_at,
        created_at=person.created_at,
        consents=tuple(ConsentState(kind, current[kind]) for kind in ConsentKind),
        consent_history=tuple(history),
        visits=_visits(session, person_id),
        registrations=_registrations(session, person_id),
        membership=membership,
        memberships=memberships,
        receipts=_receipts(session, person_id) if actor.can(Capability.CASH_READ) else None,
        flags=tuple(pending_flags(session, person_id)),
    )
