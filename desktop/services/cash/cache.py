"""Facts the cash services re-read for every receipt, kept for one transaction only.

A unit of work that issues many receipts reads each fact once instead of once per receipt;
a desk's single sale reads tariffs once for all its lines. Every write transaction holds
SQLite's write lock from its start (``BEGIN IMMEDIATE``; a read transaction sees one
snapshot), so within one transaction nobody else can issue a receipt or close a day: the
last receipt of a series and the last closing, once read, only change through these
services, which keep the cache up to date. The cache is one of the transaction's facts
(``desktop.models.txcache``), dropped with them, so it never outlives what it describes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from desktop.models import Membership, ReducedPriceDecision
from desktop.models.txcache import KEY as FACTS_KEY
from desktop.models.txcache import transaction_facts
from desktop.vocabulary import ClosingKind, TariffCode

if TYPE_CHECKING:  # (those modules read the cache)
    from desktop.models import Closing
    from desktop.services.cash.tariffs import TariffInfo

# Rows a sale reads per person (every price of a session asks), held with the transaction.
# Any flush writing one of them drops what is held, and a read does not use what is held
# while one is pending (added or changed, not yet flushed): see ``person_rows``.
PERSON_ROWS = (Membership, ReducedPriceDecision)

KEY = "cash_transaction_cache"


@dataclass(frozen=True)
class LastReceipt:
    year: int
    seq: int
    hash: str
    issued_at: dt.datetime


@dataclass
class TransactionCache:
    # series -> last receipt (None: the series has none yet)
    last_receipt: dict[str, LastReceipt | None] = field(default_factory=dict)
    # series -> end of the last closed period (None: never closed)
    closed_until: dict[str, dt.date | None] = field(default_factory=dict)
    # (series, closing kind) -> the latest closing row of that kind (None: none yet)
    last_closing: dict[tuple[str, ClosingKind], Closing | None] = field(default_factory=dict)
    # tariff code -> its tariff infos by effective date
    tariffs: dict[TariffCode, list[TariffInfo]] = field(default_factory=dict)
    # (series, year of validity start) -> last membership sequence given
    membership_seq: dict[tuple[str, int], int] = field(default_factory=dict)
    foreign_keys_deferred: bool = False
    # (model, person id) -> every row of that model for the person (filter on use)
    person_rows: dict[tuple[type, uuid.UUID], list[Any]] = field(default_factory=dict)


def transaction_cache(session: Session) -> TransactionCache:
    """The cache of the session's current transaction (begun if needed), kept among the
    transaction's facts (``desktop.models.txcache``: dropped with the transaction, a
    savepoint or a rollback)."""
    facts = transaction_facts(session)
    cache = facts.get(KEY)
    if cache is None:
        cache = facts[KEY] = TransactionCache()
    assert isinstance(cache, TransactionCache)
    return cache


def forget(session: Session) -> None:
    """Drop the cache now (e.g. after a new tariff was written)."""
    transaction_facts(session).pop(KEY, None)


def pending(session: Session, models: tuple[type, ...]) -> bool:
    """True when a row of ``models`` was added or changed and not yet flushed."""
    return any(isinstance(row, models) for row in session.new) or any(
        isinstance(row, models) for row in session.dirty
    )


def held_person_rows(session: Session, model: type, person_id: uuid.UUID) -> list[Any] | None:
    """The rows of ``model`` (one of PERSON_ROWS) held for ``person_id`` in this
    transaction, or None (not read yet, or a row of that kind is pending a flush)."""
    if pending(session, PERSON_ROWS):
        return None
    return transaction_cache(session).person_rows.get((model, person_id))


def hold_person_rows(session: Session, model: type, person_id: uuid.UUID, rows: list[Any]) -> None:
    transaction_cache(session).person_rows[(model, person_id)] = rows


@event.listens_for(Session, "before_flush")
def _forget_person_rows(session: Session, _flush_context: object, _instances: object) -> None:
    """A flush that writes memberships or reduced-price decisions drops the rows held."""
    facts = session.info.get(FACTS_KEY)
    cache = facts.get(KEY) if facts is not None else None
    if isinstance(cache, TransactionCache) and cache.person_rows and pending(session, PERSON_ROWS):
        cache.person_rows.clear()
