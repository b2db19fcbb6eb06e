"""The local change log and the flush hook that feeds it for every synced table.

Every insert or update of a ``Synced`` row gets a fresh hybrid-logical-clock value and the
origin device, and appends a ``ChangeLogEntry`` in the same transaction (one Core
executemany per flush; the next sequence number is read once per transaction). Append-only rows
cannot be modified, and synced rows are never hard-deleted (``Deletable`` uses tombstones).
This is the one place that does it: services never write the change log themselves.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    Integer,
    String,
    UniqueConstraint,
    event,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column

from desktop.models.base import Base, Synced, utcnow
from desktop.models.clock import HybridLogicalClock
from desktop.models.session_clock import session_clock
from desktop.models.txcache import transaction_facts

_BOOKKEEPING = {"hlc", "origin_device"}


class ChangeLogEntry(Base):
    """One change of one synced row made on one device (local sequence numbers, no gaps)."""

    __tablename__ = "change_log"
    __table_args__ = (UniqueConstraint("device_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    hlc: Mapped[str] = mapped_column(String(48))
    # Names of the columns this change wrote; each carries this entry's clock value.
    fields: Mapped[list[str]] = mapped_column(JSON)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SyncConflict(Base):
    """The losing version of a concurrently edited row, kept for review."""

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str] = mapped_column(String(36))
    losing_hlc: Mapped[str] = mapped_column(String(48))
    losing_values: Mapped[dict[str, Any]] = mapped_column(JSON)
    detected_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reviewed: Mapped[bool] = mapped_column(default=False)


class AppendOnlyViolation(RuntimeError):
    """A program error: something tried to change or delete an append-only or synced row."""


@dataclass
class DeviceContext:
    """What the flush hook needs to stamp changes: this device and its clock."""

    device_id: uuid.UUID
    clock: HybridLogicalClock


DEVICE_KEY = "device_context"


def attach_device(session: Session, context: DeviceContext) -> None:
    session.info[DEVICE_KEY] = context


_LOGGED_KEYS: dict[type, tuple[str, ...]] = {}
_SEQ_FACT = "change_log_next_seq"


def _logged_keys(cls: type) -> tuple[str, ...]:
    """The column attributes of ``cls`` a change records (bookkeeping excluded), in order."""
    keys = _LOGGED_KEYS.get(cls)
    if keys is None:
        mapper: Mapper[object] = inspect(cls)
        keys = _LOGGED_KEYS[cls] = tuple(
            attr.key for attr in mapper.column_attrs if attr.key not in _BOOKKEEPING
        )
    return keys


def _changed_keys(obj: Synced) -> list[str]:
    """The logged columns of a persistent row whose value really changed."""
    state = inspect(obj)
    touched = state.committed_state  # previous values of the attributes that were set
    if not touched:
        return []
    return [
        key
        for key in _logged_keys(type(obj))
        if key in touched and state.attrs[key].history.has_changes()
    ]


def _next_seq(session: Session, device: str) -> int:
    """The next change-log number of ``device``: read once per transaction, then counted."""
    facts = transaction_facts(session)
    seq = facts.get(_SEQ_FACT)
    if seq is None:
        with session.no_autoflush:
            last = session.execute(
                select(func.max(ChangeLogEntry.seq)).where(ChangeLogEntry.device_id == device)
            ).scalar()
        seq = (last or 0) + 1
    return int(seq)


@event.listens_for(Session, "before_flush")
def _stamp_and_log(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, Synced):
            raise AppendOnlyViolation(
                f"{type(obj).__name__} rows are never deleted (use a tombstone or a cancellation)"
            )
    changes: list[tuple[Synced, list[str]]] = []
    for obj in session.new:
        if isinstance(obj, Synced):
            changes.append((obj, list(_logged_keys(type(obj)))))
    for obj in session.dirty:
        if not isinstance(obj, Synced):
            continue
        keys = _changed_keys(obj)
        if not keys:
            continue
        if obj.__append_only__:
            raise AppendOnlyViolation(f"{type(obj).__name__} rows are append-only")
        changes.append((obj, keys))
    if not changes:
        return
    context: DeviceContext | None = session.info.get(DEVICE_KEY)
    if context is None:
        raise RuntimeError("synced rows written by a session with no device context")
    device = str(context.device_id)
    seq = _next_seq(session, device)
    clock = session_clock(session)
    recorded_at = clock.now()
    rows = []
    for obj, keys in changes:
        if obj.id is None:
            obj.id = clock.new_id()
        stamp = context.clock.now()
        obj.hlc = stamp
        obj.origin_device = device
        rows.append(
            {
                "device_id": device,
                "seq": seq,
                "table_name": obj.__tablename__,  # type: ignore[attr-defined]
                "row_id": str(obj.id),
                "hlc": stamp,
                "fields": keys,
                "recorded_at": recorded_at,
            }
        )
        seq += 1
    # One executemany for the whole flush, in the flush's transaction (no ORM objects: the
    # log is written for every row of every flush, so this is the hottest write path).
    session.connection().execute(insert(ChangeLogEntry), rows)
    transaction_facts(session)[_SEQ_FACT] = seq
