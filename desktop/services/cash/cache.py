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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from desktop.models.txcache import transaction_facts
from desktop.vocabulary import ClosingKind, TariffCode

if TYPE_CHECKING:  # (those modules read the cache)
    from desktop.models import Closing
    from desktop.services.cash.tariffs import TariffInfo

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
