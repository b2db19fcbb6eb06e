"""What committed writes changed, read back from the change log (no service reports it).

The flush hook (desktop/models/changelog.py) appends one ``change_log`` row per written row
of a synced table, in the writing transaction. :func:`changes_since` turns the rows after a
known id into a :class:`Changes` record: entity kinds and the ids of the rows written. The
same read sees local writes and writes by another process on the same file.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import ChangeLogEntry
from desktop.vocabulary import EntityKind

# Every synced table → the kind of record it belongs to (a test checks none is missing).
TABLE_KINDS: Mapping[str, EntityKind] = MappingProxyType(
    {
        "person": EntityKind.PERSON,
        "consent_event": EntityKind.PERSON,
        "visit": EntityKind.VISIT,
        "welcome_check": EntityKind.VISIT,
        "membership": EntityKind.MEMBERSHIP,
        "reduced_price_decision": EntityKind.REDUCED_PRICE,
        "meeting_flag": EntityKind.FLAG,
        "receipt": EntityKind.RECEIPT,
        "receipt_line": EntityKind.RECEIPT,
        "closing": EntityKind.CLOSING,
        "tariff": EntityKind.TARIFF,
        "activity": EntityKind.ACTIVITY,
        "activity_schedule": EntityKind.ACTIVITY,
        "occurrence": EntityKind.OCCURRENCE,
        "registration": EntityKind.REGISTRATION,
        "room": EntityKind.ROOM,
        "opening_hours": EntityKind.OPENING_HOURS,
        "opening_exception": EntityKind.OPENING_HOURS,
        "care_case": EntityKind.CASE,
        "care_case_referent": EntityKind.CASE,
        "helped_relative": EntityKind.CASE,
        "intervention": EntityKind.CASE,
        "case_note": EntityKind.CASE,
        "referral": EntityKind.CASE,
        "reminder": EntityKind.CASE,
        "partner": EntityKind.PARTNER,
        "staff_user": EntityKind.USER,
        "staff_user_role": EntityKind.USER,
        "data_key_wrap": EntityKind.USER,
        "setting": EntityKind.SETTING,
        "site": EntityKind.SITE,
        "device": EntityKind.SITE,
        "audit_entry": EntityKind.AUDIT,
    }
)


@dataclass(frozen=True)
class Changes:
    """The kinds of records that changed and the ids of the rows written, per kind.

    Ids are those of the rows the change log names (a receipt line's id counts as a
    receipt change). Falsy when nothing changed.
    """

    ids: Mapping[EntityKind, frozenset[uuid.UUID]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    @classmethod
    def of(cls, pairs: Iterable[tuple[EntityKind, uuid.UUID]]) -> Changes:
        grouped: dict[EntityKind, set[uuid.UUID]] = {}
        for kind, row_id in pairs:
            grouped.setdefault(kind, set()).add(row_id)
        return cls(MappingProxyType({kind: frozenset(ids) for kind, ids in grouped.items()}))

    @classmethod
    def from_log(cls, rows: Iterable[tuple[str, str]]) -> Changes:
        """From change-log ``(table_name, row_id)`` pairs (tables of no kind are ignored)."""
        return cls.of(
            (TABLE_KINDS[table], uuid.UUID(row_id))
            for table, row_id in rows
            if table in TABLE_KINDS
        )

    @property
    def kinds(self) -> frozenset[EntityKind]:
        return frozenset(self.ids)

    def touches(self, kinds: Iterable[EntityKind]) -> bool:
        """True when any of ``kinds`` changed."""
        return not self.kinds.isdisjoint(kinds)

    def ids_of(self, kind: EntityKind) -> frozenset[uuid.UUID]:
        return self.ids.get(kind, frozenset())

    def merged(self, other: Changes) -> Changes:
        return Changes.of([*self._pairs(), *other._pairs()])

    def _pairs(self) -> Iterator[tuple[EntityKind, uuid.UUID]]:
        for kind, ids in self.ids.items():
            for row_id in ids:
                yield kind, row_id

    def __bool__(self) -> bool:
        return bool(self.ids)


NO_CHANGES = Changes()


def last_change_id(session: Session) -> int:
    """The highest change-log id written so far (0 on an empty log)."""
    return int(session.scalar(select(func.max(ChangeLogEntry.id))) or 0)


def changes_since(session: Session, after_id: int) -> tuple[Changes, int]:
    """The changes logged after ``after_id`` and the new highest id (a primary-key range)."""
    rows = session.execute(
        select(ChangeLogEntry.id, ChangeLogEntry.table_name, ChangeLogEntry.row_id)
        .where(ChangeLogEntry.id > after_id)
        .order_by(ChangeLogEntry.id)
    ).all()
    if not rows:
        return NO_CHANGES, after_id
    return Changes.from_log((table, row_id) for _id, table, row_id in rows), rows[-1][0]
