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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from desktop.models import ChangeLogEntry, MeetingFlag, Membership, Person, Visit
from desktop.services.visits import counted
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
    # A small int standing for the person in the lookups (hashing a UUID is a Python call).
    slot: int = -1


@dataclass(frozen=True)
class Sorted:
    """One field of every entry, sorted, with each value's person slot."""

    values: list[str]
    slots: list[int]

    @classmethod
    def of(cls, entries: list[Entry], value: Callable[[Entry], str]) -> Sorted:
        pairs = sorted((value(e), e.slot) for e in entries)
        return cls([v for v, _ in pairs], [i for _, i in pairs])

    def starting(self, prefix: str) -> tuple[list[int], list[int]]:
        """Slots whose value starts with ``prefix``, and those whose value is it."""
        low = bisect.bisect_left(self.values, prefix)
        high = bisect.bisect_left(self.values, prefix + "\U0010ffff", low)
        same = bisect.bisect_right(self.values, prefix, low, high)
        return self.slots[low:high], self.slots[low:same]


@dataclass(frozen=True)
class Fields:
    """What the persons' rows say, rebuilt when a person changes (not on a visit)."""

    numbers: Sorted
    phones: Sorted
    emails: Sorted
    vocabulary: list[str]  # distinct name words, sorted (prefixes are a bisect away)
    holders: dict[str, list[int]]  # name word → the slots of the persons having it


@dataclass(frozen=True)
class Columns:
    """The entries in recency order (a position is a rank) and the fields to look up."""

    entries: list[Entry]
    position: list[int]  # slot → position
    fields: Fields

    def positions(self, slots: Iterable[int]) -> list[int]:
        position = self.position
        return [position[i] for i in slots]

    def starting(self, word: str) -> set[int]:
        """Positions of the entries with a name word starting with ``word``."""
        vocabulary, holders = self.fields.vocabulary, self.fields.holders
        low = bisect.bisect_left(vocabulary, word)
        high = bisect.bisect_left(vocabulary, word + "\U0010ffff", low)
        hits: set[int] = set()
        for token in vocabulary[low:high]:
            hits.update(self.positions(holders[token]))
        return hits

    def having(self, word: str) -> set[int]:
        """Positions of the entries with ``word`` as a whole name word."""
        return set(self.positions(self.fields.holders.get(word, ())))

    def prefixed(self, values: Sorted, prefix: str) -> tuple[list[int], list[int]]:
        """Positions whose ``values`` start with ``prefix``, and those equal to it."""
        hits, same = values.starting(prefix)
        return self.positions(hits), self.positions(same)


@dataclass
class SearchIndex:
    entries: dict[uuid.UUID, Entry] = field(default_factory=dict)
    seen_id: int = -1  # last change-log id read (-1: never built)
    seen_row: str = ""  # its row id: a log rewritten under the same id is noticed
    next_slot: int = 0
    _order: tuple[list[Entry], list[int]] | None = None
    _fields: Fields | None = None
    # Facts derived from this state of the index (dropped with it on any change).
    memo: dict[object, object] = field(default_factory=dict)

    def columns(self) -> Columns:
        if self._order is None:
            by_name = sorted(self.entries.values(), key=lambda e: (e.last_name, e.first_name))
            by_name.sort(key=lambda e: e.last_visit_at or _EPOCH, reverse=True)
            self._order = by_name, _positions(by_name, self.next_slot)
        if self._fields is None:
            entries = list(self.entries.values())
            holders: dict[str, list[int]] = {}
            for entry in entries:
                for token in dict.fromkeys(entry.key.split()):
                    holders.setdefault(token, []).append(entry.slot)
            self._fields = Fields(
                numbers=Sorted.of(entries, lambda e: e.number),
                phones=Sorted.of(entries, lambda e: e.phone),
                emails=Sorted.of(entries, lambda e: e.email),
                vocabulary=sorted(holders),
                holders=holders,
            )
        return Columns(*self._order, self._fields)


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
    index.memo.clear()


def _rebuild(session: Session, index: SearchIndex) -> None:
    entries = {entry.id: entry for entry in _person_rows(session, None)}
    _details(session, entries, None)
    for slot, entry in enumerate(entries.values()):
        entry.slot = slot
    index.entries, index.next_slot = entries, len(entries)
    index._order = index._fields = None


def _update(session: Session, index: SearchIndex, changed: Iterable[tuple[str, str]]) -> None:
    """Re-read every person concerned by the changed rows: a changed person row anew, the
    others' visits, memberships and flags in place (the name lookups stay valid)."""
    rows: dict[str, list[uuid.UUID]] = {}
    for table, row in changed:
        rows.setdefault(table, []).append(uuid.UUID(row))
    owners: dict[str, set[uuid.UUID]] = {}
    for table, model in _WATCHED.items():
        if model is not Person and rows.get(table):
            owner, row_id = model.person_id, model.id  # type: ignore[attr-defined]
            found = session.scalars(select(owner).where(row_id.in_(rows[table])))
            owners[table] = {p for p in found if p}
    concerned = set().union(*owners.values())
    persons = set(rows.get("person", ()))
    if persons:
        slots = {}
        for person_id in persons:
            if (old := index.entries.pop(person_id, None)) is not None:
                slots[person_id] = old.slot
        fresh = {entry.id: entry for entry in _person_rows(session, persons)}
        for entry in fresh.values():
            entry.slot = slots.get(entry.id, -1)
            if entry.slot < 0:
                entry.slot, index.next_slot = index.next_slot, index.next_slot + 1
        index.entries.update(fresh)
        index._fields = None
    again = {p: index.entries[p] for p in concerned | persons if p in index.entries}
    for entry in again.values():  # re-read below; a person whose only visit was undone has none
        entry.memberships, entry.flagged_at = (), None
        entry.first_visit_at = entry.last_visit_at = None
    if again:
        _details(session, again, list(again))
    if persons:
        index._order = None
    elif owners.get("visit"):
        _move_to_front(index, [index.entries[p] for p in owners["visit"] if p in index.entries])


def _move_to_front(index: SearchIndex, visitors: list[Entry]) -> None:
    """Just logged visitors go first without sorting everyone again (16 ms at 10,000)."""
    if index._order is None:
        return
    moved = {e.slot for e in visitors}
    rest = [e for e in index._order[0] if e.slot not in moved]
    newest = rest[0].last_visit_at if rest else None
    if any(e.last_visit_at is None or (newest and e.last_visit_at < newest) for e in visitors):
        index._order = None  # a visit logged out of order: sort everyone
        return
    visitors.sort(key=lambda e: (e.last_name, e.first_name))
    visitors.sort(key=lambda e: e.last_visit_at or _EPOCH, reverse=True)
    order = visitors + rest
    index._order = order, _positions(order, index.next_slot)


def _positions(order: list[Entry], slots: int) -> list[int]:
    """Each slot's position in ``order`` (-1: a slot no longer used)."""
    position = [-1] * slots
    for rank, entry in enumerate(order):
        position[entry.slot] = rank
    return position


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
        .where(Visit.person_id.is_not(None), counted()),
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
