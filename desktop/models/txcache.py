"""Facts a session keeps for one database transaction only (e.g. the next change-log number).

Every write transaction holds SQLite's write lock from its start (``BEGIN IMMEDIATE``; a
read transaction sees one snapshot), so what this session read inside its transaction only
changes through this session. A fact cached here is dropped as soon as the transaction ends
(commit or rollback), when a savepoint ends (released or rolled back: what it wrote may be
gone) and on any rollback, so it never outlives what it describes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

KEY = "transaction_facts"


def transaction_facts(session: Session) -> dict[Any, Any]:
    """The mutable facts of the session's current transaction (begun if needed)."""
    facts = session.info.get(KEY)
    if facts is None:  # (facts present were gathered inside the current transaction)
        session.connection()  # begins the transaction, so the facts belong to it
        facts = session.info[KEY] = {}
    return facts


def forget_facts(session: Session) -> None:
    session.info.pop(KEY, None)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    forget_facts(session)


@event.listens_for(Session, "after_transaction_end")
def _after_end(session: Session, transaction: SessionTransaction) -> None:
    # Not the flush's internal sub-transactions: only real (outer or savepoint) boundaries.
    if transaction.parent is None or transaction.nested:
        forget_facts(session)
