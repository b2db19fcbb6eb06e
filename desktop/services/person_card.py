"""The person card (« fiche »): everything the desk may know of one person, in one read.

Identity, contacts (phone in the French format), consents (current state and history),
caregiver status with its date, visits (newest first, undone ones left out), registrations,
memberships, receipts (only for staff who may read the till) and pending flags as
« signalé le … par … ». Never anything about a case.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, String, bindparam, select, type_coerce
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import util as sql_util

from desktop.models import Activity, Membership, Occurrence, Person, Receipt, Registration, Visit
from desktop.services.clock import local_day, today
from desktop.services.contact import phone_shown
from desktop.services.formatting import date_short, money
from desktop.services.merged import person_ids_of
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
    VISIT_REASON_LABELS,
    CaregiverStatus,
    ConsentKind,
    HeardFrom,
    RegistrationStatus,
    VisitReason,
    stored_label,
)

_REASON_LABELS: dict[str, str] = {str(k): v for k, v in VISIT_REASON_LABELS.items()}


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


# Built once: a card reads the same seven statements every time (only the person changes).
_PERSON: BindParameter[uuid.UUID] = bindparam("person_id")
# Visits and receipts are never rewritten: those of records merged into this one are read
# through every id the person stands for (desktop.services.merged).
_PERSON_IDS: BindParameter[list[uuid.UUID]] = bindparam("person_ids", expanding=True)


@functools.cache
def _statements() -> dict[str, Any]:  # name → select (of differing row types)
    cancelling, cancelled = aliased(Receipt), aliased(Receipt)
    return {
        "visits": _person_visits(),
        "registrations": select(
            _stored(Occurrence.starts_at), Activity.title, _stored(Registration.status),
            Occurrence.cancelled,
        )
        .join(Occurrence, Occurrence.id == Registration.occurrence_id)
        .join(Activity, Activity.id == Occurrence.activity_id)
        .where(
            Registration.person_id == _PERSON,
            Registration.deleted.is_(False),
            Occurrence.deleted.is_(False),
        )
        .order_by(Occurrence.starts_at.desc()),
        "memberships": select(
            Membership.number, Membership.valid_from, Membership.valid_until,
            Membership.amount_cents, Membership.cancelled,
        )
        .where(Membership.person_id == _PERSON, Membership.deleted.is_(False))
        .order_by(Membership.valid_from.desc()),
        "receipts": select(
            Receipt.number, _stored(Receipt.issued_at), Receipt.total_cents, cancelled.number,
            cancelling.number,
        )
        .outerjoin(cancelled, cancelled.id == Receipt.cancels_receipt_id)
        .outerjoin(cancelling, cancelling.cancels_receipt_id == Receipt.id)
        .where(Receipt.person_id.in_(_PERSON_IDS))
        .order_by(Receipt.issued_at.desc(), Receipt.number.desc()),
    }  # fmt: skip


def _person_visits() -> Any:
    """The person's counted visits, newest first. Their rows are read first through the
    (person, at) index (a materialised CTE), then :func:`counted` is applied to them: on the
    whole table SQLite's planner would rather walk the cancels index, i.e. every visit."""
    mine = (
        select(Visit.id, Visit.at, Visit.reasons, Visit.cancels_visit_id)
        .where(Visit.person_id.in_(_PERSON_IDS))
        .cte("person_visits")
        .prefix_with("MATERIALIZED")
    )
    condition = sql_util.ClauseAdapter(mine).traverse(counted())
    return (
        select(_stored(mine.c.at), _stored(mine.c.reasons))
        .where(condition)
        .order_by(mine.c.at.desc())
    )


def _rows(session: Session, name: str, person_id: uuid.UUID) -> Sequence[Any]:
    # Core execution: plain rows, none of the ORM's per-row entity machinery.
    ids = list(person_ids_of(session, person_id))
    parameters = {"person_id": person_id, "person_ids": ids}
    return session.connection().execute(_statements()[name], parameters).all()


# Ten years of a regular are thousands of rows: their datetimes, reasons and statuses are
# read as stored and decoded here (C-speed ``fromisoformat``, one JSON parse per distinct
# list of reasons) rather than by the column types, row by row.
def _stored(column: Any) -> Any:
    """``column`` as its stored text, without the type's per-row conversion."""
    return type_coerce(column, String()).label(column.key)


def _utc(stored: str) -> dt.datetime:
    """A stored naive-UTC datetime (UTCDateTime's format) as an aware one."""
    return dt.datetime.fromisoformat(stored + "+00:00")  # 5× faster than .replace(tzinfo=)


@functools.lru_cache(maxsize=256)
def _reason_labels(stored: str | None) -> tuple[str, ...]:
    reasons = json.loads(stored) if stored else []
    return tuple(_REASON_LABELS.get(r) or stored_label(VisitReason, r) for r in reasons)


_STATUSES = {status.value: status for status in RegistrationStatus}


def _visits(session: Session, person_id: uuid.UUID) -> tuple[VisitLine, ...]:
    return tuple(
        VisitLine(_utc(at), _reason_labels(reasons))
        for at, reasons in _rows(session, "visits", person_id)
    )


def _registrations(session: Session, person_id: uuid.UUID) -> tuple[RegistrationLine, ...]:
    return tuple(
        RegistrationLine(_utc(starts), title, _STATUSES[status], bool(cancelled))
        for starts, title, status, cancelled in _rows(session, "registrations", person_id)
    )


def _memberships(
    session: Session, person_id: uuid.UUID, on: dt.date
) -> tuple[MembershipStatus, tuple[MembershipLine, ...]]:
    rows = _rows(session, "memberships", person_id)
    standing = [(start, until) for _n, start, until, _a, cancelled in rows if not cancelled]

    def state(start: dt.date, until: dt.date, cancelled: bool) -> str:
        if cancelled:
            return "annulée"
        if start > on:
            return "à venir"
        return "en cours" if until >= on else "expirée"

    lines = tuple(
        MembershipLine(number, start, until, amount, state(start, until, cancelled))
        for number, start, until, amount, cancelled in rows
    )
    return membership_on(standing, on), lines


def _receipts(session: Session, person_id: uuid.UUID) -> tuple[ReceiptSummary, ...]:
    summaries = []
    for number, at, total, cancels, cancelled_by in _rows(session, "receipts", person_id):
        note = f"annule {cancels}" if cancels else ""
        if cancelled_by:
            note = f"annulé par {cancelled_by}"
        summaries.append(ReceiptSummary(number, _utc(at), total, note))
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
