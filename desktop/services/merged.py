"""Merged persons: the one rule every reader of a person's history follows.

Merging two records of the same human (``desktop.services.merge``) keeps the merged record
as a tombstone (``deleted``) whose ``merged_into_id`` names the record it went into; a
later merge of that one makes a chain. The rows that may change (registrations,
memberships, flags, reduced-price decisions) are re-pointed to the survivor. The
append-only rows (visits, receipts, consent events, welcome checks) can never be changed:
they keep the merged person's id, and every reader follows it here:

- :func:`person_ids_of` — the ids whose rows are a person's (``IN`` filters: the person
  card's visits, receipts, consents);
- :func:`survivor_of` — the live record an id stands for now (a receipt's payer);
- :func:`as_survivor` — a SQL expression for aggregates (distinct visitors);
- :func:`survivors` — the whole map, for readers that aggregate in Python (the search).

Merges are rare (a few per month), so the map is small: read once per transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Uuid, case, literal, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from desktop.models import Person
from desktop.models.txcache import transaction_facts

_FACT = "merged_survivors"


def survivors(session: Session) -> Mapping[uuid.UUID, uuid.UUID]:
    """Every merged person's id → the id of the live record it now belongs to (chains
    followed to their end; a cycle, which only a faulty sync could make, stops where it
    loops)."""
    facts = transaction_facts(session)
    known = facts.get(_FACT)
    if known is None:
        rows = session.execute(
            select(Person.id, Person.merged_into_id).where(Person.merged_into_id.is_not(None))
        )
        into = {merged: target for merged, target in rows if target is not None}
        known = {}
        for merged in into:
            seen = {merged}
            target = into[merged]
            while target in into and into[target] not in seen:
                seen.add(target)
                target = into[target]
            known[merged] = target
        facts[_FACT] = known
    return known


def forget_survivors(session: Session) -> None:
    """Drop the map read in this transaction (a merge just changed it)."""
    transaction_facts(session).pop(_FACT, None)


def survivor_of(session: Session, person_id: uuid.UUID) -> uuid.UUID:
    """The live record ``person_id`` stands for: itself unless it was merged."""
    return survivors(session).get(person_id, person_id)


def person_ids_of(session: Session, person_id: uuid.UUID) -> tuple[uuid.UUID, ...]:
    """The ids whose visits, receipts and consents are ``person_id``'s: its survivor first,
    then every record merged into it (directly or through a chain)."""
    survivor = survivor_of(session, person_id)
    merged = sorted(m for m, s in survivors(session).items() if s == survivor)
    return (survivor, *merged)


def as_survivor(
    session: Session, column: ColumnElement[Any] | InstrumentedAttribute[Any]
) -> ColumnElement[Any]:
    """``column`` (a person id) read as the live record it stands for, in SQL."""
    known = survivors(session)
    if not known:
        return column.expression
    return case(
        {merged: literal(survivor, Uuid()) for merged, survivor in known.items()},
        value=column,
        else_=column,
    )
