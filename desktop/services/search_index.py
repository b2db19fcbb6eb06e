"""The in-memory index the desk's search reads: one per database, refreshed from the change log.

Any SQL scan of 10,000 persons costs 2–6 ms per keystroke (measured on a site of that size,
see README), and each extra query of the result's facts about half a millisecond. So each
engine keeps, for every person not deleted, the search key, number, phone, lower-cased
e-mail, first and last visit, current memberships and latest pending flag date, with the
persons in recency order (latest visitor first, then by name) and each distinct name word
mapping to the positions of the persons who have it. Every search first reads the last
change-log entry (one rowid seek): past the one the index saw, it re-reads only the persons
whose rows (or visits, memberships, flags) were logged since; a log that went backwards or
changed under it (a rolled-back writer) rebuilds everything.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
import uuid
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from desktop.models import ChangeLogEntry, MeetingFlag, Membership, Person, Visit
from desktop.vocabulary import FlagStatus

REBUILD_PAST = 2000  # changes since the last look past which re-reading everything is cheaper
_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)
_WATCHED = {"person": Person, "visit": Visit, "membership": Membership, "meeting_flag": MeetingFlag}


@dataclass
class Entry:
    """One person as the search reads them."""

    id: uuid.UUID
    key: str  # the stored search key: folded name words separated by spaces
    number: str
    phone: str
    email: str  # lower-cased
    first_name: str
    last_name: str
    usage_name: str
    first_visit_at: dt.datetime | None = None
    last_visit_at: dt.datetime | None = None
    memberships: tuple[tuple[dt.date, dt.date], ...] = ()  # (from, until), not cancelled
    flagged_at: dt.datetime | None = None  # latest flag not handled yet


@dataclass(frozen=True)
class Sorted:
    """One field of every entry, sorted, with each value's entry position."""

    values: list[str]
    positions: list[int]

    @classmethod
    def of(cls, values: list[str]) -> Sorted:
        order = sorted(range(len(values)), key=values.__getitem__)
        return cls([values[i] for i in order], order)

    def starting(self, prefix: str) -> tuple[list[int], list[int]]:
        """Positions whose value starts with ``prefix``, and those whose value is it."""
        low = bisect.bisect_left(self.values, prefix)
        high = bisect.bisect_left(self.values, prefix + "\U0010ffff", low)
        same = bisect.bisect_right(self.values, prefix, low, high)
        return self.positions[low:high], self.positions[low:same]


@dataclass(frozen=True)
class Columns:
    """The entries in recency order, their fields as parallel lists (fast to scan)."""

    entries: list[Entry]
    numbers: Sorted
    phones: Sorted
    emails: Sorted
    vocabulary: list[str]  # distinct name words, sorted (prefixes are a bisect away)
    holders: dict[str, list[int]]  # name word → positions of the entries having it
    position: dict[uuid.UUID, int]

    def starting(self, word: str) -> set[int]:
        """Positions of the entries with a name word starting with ``word``."""
        low = bisect.bisect_left(self.vocabulary, word)
        high = bisect.bisect_left(self.vocabulary, word + "\U0010ffff", low)
        hits: set[int] = set()
        for token in self.vocabulary[low:high]:
            hits.update(self.holders[token])
        return hits


@dataclass
class SearchIndex:
    entries: dict[uuid.UUID, Entry] = field(default_factory=dict)
    seen_id: int = -1  # last change-log id read (-1: never built)
    seen_row: str = ""  # its row id: a log rewritten under the same id is noticed
    _columns: Columns | None = None
    # Facts derived from this state of the index (dropped with it on any change).
    memo: dict[object, object] = field(default_factory=dict)

    def columns(self) -> Columns:
        if self._columns is None:
            by_name = sorted(self.entries.values(), key=lambda e: (e.last_name, e.first_name))
            by_name.sort(key=lambda e: e.last_visit_at or _EPOCH, reverse=True)
            holders: dict[str, list[int]] = {}
            for position, entry in enumerate(by_name):
                for token in dict.fromkeys(entry.key.split()):
                    holders.setdefault(token, []).append(position)
            self._columns = Columns(
                entries=by_name,
                numbers=Sorted.of([e.number for e in by_name]),
                phones=Sorted.of([e.phone for e in by_name]),
                emails=Sorted.of([e.email for e in by_name]),
                vocabulary=sorted(holders),
                holders=holders,
                position={e.id: i for i, e in enumerate(by_name)},
            )
        return self._columns


_INDEXES: weakref.WeakKeyDictionary[Engine, SearchIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def search_index(session: Session) -> SearchIndex:
    """The index of the session's database, brought up to date with its change log."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with _LOCK:
        index = _INDEXES.setdefault(engine, SearchIndex())
        _refresh(session, index)
        return index


def _refresh(session: Session, index: SearchIndex) -> None:
    connection = session.connection()
    last = connection.exec_driver_sql(
        "SELECT id, row_id FROM change_log ORDER BY id DESC LIMIT 1"
    ).first()
    last_id, last_row = (int(last[0]), str(last[1])) if last is not None else (0, "")
    if last_id == index.seen_id and last_row == index.seen_row:
        return
    seen_row = session.scalar(
        select(ChangeLogEntry.row_id).where(ChangeLogEntry.id == index.seen_id)
    )
    if index.seen_id < 0 or last_id < index.seen_id or (seen_row or "") != index.seen_row:
        _rebuild(session, index)
    else:
        changed = session.execute(
            select(ChangeLogEntry.table_name, ChangeLogEntry.row_id)
            .where(ChangeLogEntry.id > index.seen_id)
            .where(ChangeLogEntry.table_name.in_(tuple(_WATCHED)))
            .limit(REBUILD_PAST + 1)
        ).all()
        if len(changed) > REBUILD_PAST:
            _rebuild(session, index)
        elif changed:
            _update(session, index, changed)
    index.seen_id, index.seen_row = last_id, last_row
    index._columns = None
    index.memo.clear()


def _rebuild(session: Session, index: SearchIndex) -> None:
    entries = {entry.id: entry for entry in _person_rows(session, None)}
    _details(session, entries, None)
    index.entries = entries


def _update(session: Session, index: SearchIndex, changed: Iterable[tuple[str, str]]) -> None:
    """Re-read every person concerned by the changed rows, with all their facts."""
    persons: set[uuid.UUID] = set()
    for table, model in _WATCHED.items():
        rows = [uuid.UUID(row) for name, row in changed if name == table]
        if not rows:
            continue
        if model is Person:
            persons.update(rows)
        else:
            owner, row_id = model.person_id, model.id  # type: ignore[attr-defined]
            persons.update(p for p in session.scalars(select(owner).where(row_id.in_(rows))) if p)
    for person_id in persons:
        index.entries.pop(person_id, None)
    fresh = {entry.id: entry for entry in _person_rows(session, persons)}
    _details(session, fresh, list(fresh))
    index.entries.update(fresh)


def _person_rows(session: Session, ids: Iterable[uuid.UUID] | None) -> list[Entry]:
    statement = select(
        Person.id, Person.search_key, Person.number, Person.phone, Person.email,
        Person.first_name, Person.last_name, Person.usage_name,
    ).where(Person.deleted.is_(False))  # fmt: skip
    if ids is not None:
        statement = statement.where(Person.id.in_(list(ids)))
    return [
        Entry(pid, key, number, phone, email.lower(), first, last, usage)
        for pid, key, number, phone, email, first, last, usage in session.execute(statement)
    ]


def _details(
    session: Session, entries: dict[uuid.UUID, Entry], ids: list[uuid.UUID] | None
) -> None:
    """Set the visits, memberships and pending flag of ``entries`` (of ``ids`` when given)."""

    def only(column: object, statement):  # type: ignore[no-untyped-def]
        return statement if ids is None else statement.where(column.in_(ids))  # type: ignore[attr-defined]

    visits = only(
        Visit.person_id,
        select(Visit.person_id, func.min(Visit.at), func.max(Visit.at))
        .where(Visit.person_id.is_not(None)),
    ).group_by(Visit.person_id)
    for visitor, first, last in session.execute(visits):
        if (entry := entries.get(visitor)) is not None:
            entry.first_visit_at, entry.last_visit_at = first, last
    periods: dict[uuid.UUID, list[tuple[dt.date, dt.date]]] = {}
    memberships = only(
        Membership.person_id,
        select(Membership.person_id, Membership.valid_from, Membership.valid_until).where(
            Membership.deleted.is_(False), Membership.cancelled.is_(False)
        ),
    )
    for member, valid_from, valid_until in session.execute(memberships):
        periods.setdefault(member, []).append((valid_from, valid_until))
    for member, spans in periods.items():
        if (entry := entries.get(member)) is not None:
            entry.memberships = tuple(sorted(spans))
    flags = only(
        MeetingFlag.person_id,
        select(MeetingFlag.person_id, func.max(MeetingFlag.raised_at)).where(
            MeetingFlag.deleted.is_(False), MeetingFlag.status != FlagStatus.HANDLED
        ),
    ).group_by(MeetingFlag.person_id)
    for flagged, raised in session.execute(flags):
        if (entry := entries.get(flagged)) is not None:
            entry.flagged_at = raised
