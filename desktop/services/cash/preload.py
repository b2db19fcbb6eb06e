"""The rows a run of sales reads, loaded together and kept current while the run lasts.

Pricing and issuing a sale read the person, the session and its activity, the person's
registration, memberships and reduced-price decisions. ``issue_receipts`` loads all of
them for its drafts with a few ``IN`` queries (:func:`preload`) instead of a dozen
queries per sale, and keeps them in the transaction cache only while it runs; its own
writes keep them current (a membership it creates is added, a place it pays carries the
line). The readers below (:func:`memberships_of`, :func:`reductions_of`,
:func:`registration_of`) use these rows when they cover the person or the session and
query otherwise, so the rules over those rows are written once whichever way they came.

Nothing else can write in the meantime: every transaction holds SQLite's write lock
from its start, and the run calls no other service. Persons, sessions, activities and
staff accounts are only held (strong references), so ``session.get`` finds them in the
session's identity map without a query.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import (
    Activity,
    Membership,
    Occurrence,
    Person,
    ReducedPriceDecision,
    Registration,
    User,
)
from desktop.services.cash.cache import transaction_cache
from desktop.services.settings import get_setting
from desktop.vocabulary import ReceiptLineKind

if TYPE_CHECKING:
    from desktop.services.cash.drafts import ReceiptDraft

_CHUNK = 500  # ids per IN (...) query, well under SQLite's parameter limit


@dataclass
class Preloaded:
    persons: set[uuid.UUID]
    occurrences: set[uuid.UUID]
    memberships: dict[uuid.UUID, list[Membership]]  # person -> all rows (cancelled too)
    reductions: dict[uuid.UUID, list[ReducedPriceDecision]]  # person -> live decisions
    registrations: dict[tuple[uuid.UUID, uuid.UUID], Registration]  # (occurrence, person)
    held: list[object] = field(default_factory=list)  # kept alive for the identity map
    validity_months: int | None = None  # the membership setting, read once per run

    def add_membership(self, membership: Membership) -> None:
        if membership.person_id in self.persons:
            self.memberships[membership.person_id].append(membership)

    def add_registration(self, registration: Registration) -> None:
        key = (registration.occurrence_id, registration.person_id)
        if key[0] in self.occurrences and key[1] in self.persons:
            self.registrations[key] = registration


def _chunks(ids: Iterable[uuid.UUID]) -> Iterator[list[uuid.UUID]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def preload(session: Session, drafts: Sequence[ReceiptDraft]) -> Preloaded:
    """Load what issuing ``drafts`` reads (a few queries whatever their number)."""
    persons = {d.person_id for d in drafts if d.person_id is not None}
    occurrences = {
        line.occurrence_id
        for d in drafts
        for line in d.lines
        if line.kind is ReceiptLineKind.SESSION and line.occurrence_id is not None
    }
    loaded = Preloaded(persons, occurrences, defaultdict(list), defaultdict(list), {})
    if any(line.kind is ReceiptLineKind.MEMBERSHIP for d in drafts for line in d.lines):
        loaded.validity_months = int(get_setting(session, "membership_validity_months"))
    held = loaded.held
    held.extend(session.scalars(select(User)))  # a handful: who decided a reduced price
    activities: set[uuid.UUID] = set()
    person_chunks = list(_chunks(persons))
    for chunk in person_chunks:
        held.extend(session.scalars(select(Person).where(Person.id.in_(chunk))))
        for membership in session.scalars(
            select(Membership).where(Membership.person_id.in_(chunk))
        ):
            loaded.memberships[membership.person_id].append(membership)
        for decision in session.scalars(
            select(ReducedPriceDecision).where(
                ReducedPriceDecision.person_id.in_(chunk),
                ReducedPriceDecision.deleted.is_(False),
            )
        ):
            loaded.reductions[decision.person_id].append(decision)
    for chunk in _chunks(occurrences):
        for occurrence in session.scalars(select(Occurrence).where(Occurrence.id.in_(chunk))):
            held.append(occurrence)
            activities.add(occurrence.activity_id)
        for people in person_chunks:
            for registration in session.scalars(
                select(Registration).where(
                    Registration.occurrence_id.in_(chunk), Registration.person_id.in_(people)
                )
            ):
                key = (registration.occurrence_id, registration.person_id)
                loaded.registrations[key] = registration
    for chunk in _chunks(activities):
        held.extend(session.scalars(select(Activity).where(Activity.id.in_(chunk))))
    return loaded


@contextmanager
def preloaded(session: Session, drafts: Sequence[ReceiptDraft]) -> Iterator[Preloaded]:
    """Make the rows of ``drafts`` available to the readers below while the block runs."""
    cache = transaction_cache(session)
    outer = cache.preloaded
    rows = preload(session, drafts)
    cache.preloaded = rows
    try:
        yield rows
    finally:
        cache.preloaded = outer


def current(session: Session) -> Preloaded | None:
    return transaction_cache(session).preloaded


def memberships_of(session: Session, person_id: uuid.UUID) -> list[Membership]:
    """Every membership row of the person (cancelled and tombstoned ones too)."""
    rows = current(session)
    if rows is not None and person_id in rows.persons:
        return rows.memberships[person_id]
    return list(session.scalars(select(Membership).where(Membership.person_id == person_id)))


def reductions_of(session: Session, person_id: uuid.UUID) -> list[ReducedPriceDecision]:
    """The person's reduced-price decisions that are not revoked."""
    rows = current(session)
    if rows is not None and person_id in rows.persons:
        return [d for d in rows.reductions[person_id] if not d.deleted]
    return list(
        session.scalars(
            select(ReducedPriceDecision).where(
                ReducedPriceDecision.person_id == person_id,
                ReducedPriceDecision.deleted.is_(False),
            )
        )
    )


def registration_of(
    session: Session, occurrence_id: uuid.UUID, person_id: uuid.UUID
) -> Registration | None:
    """The person's registration row for the session, if any (tombstoned included)."""
    rows = current(session)
    if rows is not None and occurrence_id in rows.occurrences and person_id in rows.persons:
        return rows.registrations.get((occurrence_id, person_id))
    return session.scalar(
        select(Registration).where(
            Registration.occurrence_id == occurrence_id, Registration.person_id == person_id
        )
    )
