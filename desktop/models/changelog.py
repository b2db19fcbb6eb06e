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
from collections.abc import Callable
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



def _binders(session: Session, table: Any, names: list[str]) -> list[Callable[[Any], Any] | None]:
    """The bind processors of ``table``'s columns ``names`` for the session's dialect."""
    dialect = session.get_bind().dialect
    return [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]


def _raw_insert(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """One driver-level executemany of ``rows`` into ``table``: the values go through the
    columns' own bind processors (UTC moments, UUIDs, enums), the missing columns take
    their column defaults, without the per-row cost of a compiled Core statement."""
    given = list(rows[0])
    defaults: dict[str, Any] = {}
    for column in table.columns:
        if column.name in rows[0]:
            continue
        default = column.default
        if default is not None and not getattr(default, "is_scalar", False):
            raise ValueError(f"{table.name}.{column.name}: give it explicitly (computed default)")
        if default is None:
            optional = column.nullable or column.server_default is not None
            counted = column.primary_key and column.type.python_type is int  # autoincrement
            if not (optional or counted):
                raise ValueError(f"{table.name}.{column.name}: no value and no default")
            continue
        defaults[column.name] = default.arg
    names = given + list(defaults)
    binders = _binders(session, table, names)
    constants = list(defaults.values())
    data = []
    width = len(names)
    last: list[Any] = [object()] * width  # a value repeated row after row is bound once
    bound: list[Any] = [None] * width
    for row in rows:
        values = [row[name] for name in given] + constants
        for i in range(width):
            value = values[i]
            if value is not last[i]:
                bind = binders[i]
                last[i] = value
                bound[i] = value if bind is None or value is None else bind(value)
        data.append(tuple(bound))
    marks = ", ".join("?" for _ in names)
    sql = f'INSERT INTO {table.name} ({", ".join(names)}) VALUES ({marks})'
    session.connection().exec_driver_sql(sql, data)


def insert_rows(session: Session, cls: type[Synced], rows: list[dict[str, Any]]) -> None:
    """Insert many new ``cls`` rows at once (one Core executemany), stamped and logged
    exactly as the flush hook does for ORM objects: a bulk import's fast path.

    Every dict holds the same keys (the columns not given take their column defaults);
    ``id`` is filled when missing. The rows are written in the session's transaction and
    are not in the session's identity map.
    """
    if not rows:
        return
    context: DeviceContext | None = session.info.get(DEVICE_KEY)
    if context is None:
        raise RuntimeError("synced rows written by a session with no device context")
    session.flush()  # pending ORM changes first: their log entries come before these
    device = str(context.device_id)
    seq = _next_seq(session, device)
    clock = session_clock(session)
    recorded_at = clock.now()
    keys = list(_logged_keys(cls))
    table_name = cls.__tablename__  # type: ignore[attr-defined]
    log = []
    for row in rows:
        if row.get("id") is None:
            row["id"] = clock.new_id()
        stamp = context.clock.now()
        row["hlc"] = stamp
        row["origin_device"] = device
        log.append(
            {
                "device_id": device,
                "seq": seq,
                "table_name": table_name,
                "row_id": str(row["id"]),
                "hlc": stamp,
                "fields": keys,
                "recorded_at": recorded_at,
            }
        )
        seq += 1
    _raw_insert(session, cls.__table__, rows)  # type: ignore[attr-defined]
    _raw_insert(session, ChangeLogEntry.__table__, log)
    transaction_facts(session)[_SEQ_FACT] = seq
