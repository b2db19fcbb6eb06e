"""``check``: prove the cash records intact, or list every problem in French.

Runs SQLite's integrity check, then, per series, verifies the numbering (no gap), each
receipt's totals and SHA-256, the chain of hashes, cancellations, the receipts recorded in
the (hash-chained) audit log, the closings and the append-only triggers.

Receipts are read with plain SQL (no ORM) and turned into the canonical values of
``chain`` directly from SQLite's storage format, so checking tens of thousands of
receipts stays fast; any value that does not read back is reported as modified.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session

from desktop.models import AuditEntry, Closing
from desktop.services.audit import verify_chain
from desktop.services.cash.chain import (
    CLOSING_FIELDS,
    LINE_FIELDS,
    RECEIPT_FIELDS,
    closing_hash,
    plain,
    plain_receipt_bytes,
)
from desktop.services.cash.check_closings import check_closings
from desktop.services.cash.common import GENESIS
from desktop.services.formatting import PARIS
from desktop.services.numbering import receipt_number
from desktop.vocabulary import AuditAction, AuditEntity

PROTECTED_TABLES = ("receipt", "receipt_line", "closing")
ISSUE_ACTIONS = (AuditAction.RECEIPT_ISSUED, AuditAction.RECEIPT_CANCELLED)
MAX_LISTED_GAP = 5
# What SQLite raises on a damaged file, through SQLAlchemy or the raw connection.
UNREADABLE = (SADatabaseError, sqlite3.DatabaseError)


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[str, ...]
    receipt_count: int
    closing_count: int
    series: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary_fr(self) -> str:
        what = f"{self.receipt_count} reçu(s), {self.closing_count} clôture(s)"
        if self.ok:
            return f"Vérification terminée : tout est intact ({what})."
        return f"Vérification terminée : {len(self.problems)} problème(s) détecté(s) ({what})."


@dataclass(slots=True)
class StoredReceipt:
    """A receipt as stored, with its canonical (plain) values and lines."""

    values: list[Any]  # plain values in RECEIPT_FIELDS order
    lines: list[list[Any]]  # plain values in LINE_FIELDS order
    hash: str
    day: dt.date | None  # Paris day of issue (None: unreadable)
    readable: bool
    # The fields the checks use most, read once from ``values``.
    id: Any = None
    number: str = ""
    series: str = ""
    year: int = 0
    seq: int = 0
    total_cents: int = 0
    payment_method: str = ""
    prev_hash: str = ""
    cancels_receipt_id: Any = None

    def __post_init__(self) -> None:
        for name in _HOT_FIELDS:
            setattr(self, name, self.values[_RECEIPT_INDEX[name]])

    def __getitem__(self, name: str) -> Any:
        return self.values[_RECEIPT_INDEX[name]]


_HOT_FIELDS = (
    "id",
    "number",
    "series",
    "year",
    "seq",
    "total_cents",
    "payment_method",
    "prev_hash",
    "cancels_receipt_id",
)
_RECEIPT_INDEX = {name: i for i, name in enumerate(RECEIPT_FIELDS)}
_LINE_INDEX = {name: i for i, name in enumerate(LINE_FIELDS)}


def check_database(session: Session, *, whole_file: bool = False) -> CheckReport:
    """Verify the cash records; read-only, no permission needed (reveals no personal data).

    SQLite's integrity check covers the tables this check certifies (receipts, lines,
    closings, audit log) and their indexes; ``whole_file`` extends it to every table, which
    on a large site costs more than all the rest (it reads the whole file).
    """
    integrity = _unless_damaged(
        session, "tout le fichier", lambda: sqlite_integrity(session, whole_file=whole_file)
    )
    try:
        cash = check_cash_records(session)
    except UNREADABLE as exc:
        session.rollback()
        cash = CheckReport((damage_finding("les reçus et les clôtures", exc),), 0, 0, ())
    audit = _unless_damaged(session, "le journal d'audit", lambda: verify_chain(session))
    return CheckReport(
        problems=tuple(dict.fromkeys((*integrity, *cash.problems, *audit))),
        receipt_count=cash.receipt_count,
        closing_count=cash.closing_count,
        series=cash.series,
    )


def damage_finding(what: str, exc: BaseException) -> str:
    """The finding for data SQLite cannot read (a damaged page, a truncated file...)."""
    return f"Fichier SQLite endommagé : impossible de lire {what} ({getattr(exc, 'orig', exc)})."


def _unless_damaged(session: Session, what: str, step: Callable[[], list[str]]) -> list[str]:
    try:
        return step()
    except UNREADABLE as exc:
        session.rollback()  # the next step reads in a fresh transaction
        return [damage_finding(what, exc)]


def check_cash_records(session: Session) -> CheckReport:
    """The cash part of ``check_database``: receipts, chains, closings, triggers."""
    receipts = load_receipts(session)
    problems = list(_check_receipts(receipts))
    problems += list(_check_vanished(session, receipts))
    closings = [
        dict(zip(("hash", "totals_by_method", *CLOSING_FIELDS), row, strict=True))
        for row in session.execute(
            select(
                Closing.hash,
                Closing.totals_by_method,
                *[getattr(Closing, name) for name in CLOSING_FIELDS],
            )
        )
    ]
    problems += list(check_closings(receipts, closings, closing_hash))
    problems += _triggers(session)
    return CheckReport(
        problems=tuple(problems),
        receipt_count=len(receipts),
        closing_count=len(closings),
        series=tuple(sorted({r.series for r in receipts})),
    )


def receipt_payloads(session: Session) -> list[bytes]:
    """The canonical bytes of every stored receipt (the bench hashes them as its baseline)."""
    return [plain_receipt_bytes(r.values, r.lines) for r in load_receipts(session) if r.readable]


CERTIFIED_TABLES = (*PROTECTED_TABLES, "audit_entry")


def sqlite_integrity(session: Session, *, whole_file: bool = False) -> list[str]:
    """SQLite's ``integrity_check`` and ``foreign_key_check``, in French.

    Without ``whole_file``, ``quick_check`` still reads every page of the file (a damaged
    page of any table is found), and the full check covers the certified tables.
    """
    problems = []
    targets = [None] if whole_file else list(CERTIFIED_TABLES)
    if not whole_file:
        rows = [row[0] for row in session.execute(text("PRAGMA quick_check"))]
        if rows != ["ok"]:
            problems += [f"Fichier SQLite endommagé : {row}" for row in rows[:20]]
    for table in targets:
        pragma = "PRAGMA integrity_check" + (f"({table})" if table else "")
        rows = [row[0] for row in session.execute(text(pragma))]
        if rows != ["ok"]:
            problems += [f"Fichier SQLite endommagé : {row}" for row in rows[:20]]
    for table in targets:
        pragma = "PRAGMA foreign_key_check" + (f"({table})" if table else "")
        for row in session.execute(text(pragma)).all()[:20]:
            problems.append(f"Référence rompue : table {row[0]}, ligne {row[1]} → table {row[2]}.")
    return problems


def _triggers(session: Session) -> list[str]:
    present = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    return [
        f"Protection retirée : la table {table} accepte de nouveau les "
        f"{'modifications' if verb == 'update' else 'suppressions'} "
        f"(déclencheur {table}_no_{verb} absent)."
        for table in PROTECTED_TABLES
        for verb in ("update", "delete")
        if f"{table}_no_{verb}" not in present
    ]


# --- reading SQLite's storage format -------------------------------------------------------


def _uuid(value: Any) -> str | None:
    """Canonical UUID (32 lower-case hex digits), as SQLAlchemy stores it."""
    if value is None or (isinstance(value, str) and len(value) == 32):
        return value
    return uuid.UUID(str(value)).hex


def _moment(value: Any) -> str:
    """Canonical UTC moment ("YYYY-MM-DD HH:MM:SS.ffffff"), as SQLAlchemy stores it."""
    if isinstance(value, str) and len(value) == 26 and value[10] == " ":
        return value
    return str(plain(dt.datetime.fromisoformat(str(value)).replace(tzinfo=dt.UTC)))


_RECEIPT_UUIDS = [
    RECEIPT_FIELDS.index(n) for n in ("id", "issued_by", "person_id", "cancels_receipt_id")
]
_LINE_UUIDS = [LINE_FIELDS.index(n) for n in ("id", "occurrence_id", "membership_id")]
_ISSUED_AT = RECEIPT_FIELDS.index("issued_at")


def _paris_day(canonical: str, cache: dict[str, dt.date]) -> dt.date:
    """The Paris day of a canonical UTC moment.

    Paris is 1 or 2 hours ahead of UTC, so before 22:00 UTC the day is the UTC day.
    """
    if canonical[11:13] < "22":
        key = canonical[:10]
        day = cache.get(key)
        if day is None:
            day = cache[key] = dt.date.fromisoformat(key)
        return day
    moment = dt.datetime.fromisoformat(canonical).replace(tzinfo=dt.UTC)
    return moment.astimezone(PARIS).date()


def _canonical_uuids(values: list[Any], indexes: list[int]) -> bool:
    """Whether every UUID column already holds its canonical form (the usual case)."""
    for index in indexes:
        value = values[index]
        if value is not None and not (type(value) is str and len(value) == 32):
            return False
    return True


def _normalise(values: list[Any], indexes: list[int]) -> list[Any]:
    for index in indexes:
        values[index] = _uuid(values[index])
    return values


def load_receipts(session: Session) -> list[StoredReceipt]:
    """Every receipt with its lines, ordered by series, year and number."""
    # The DB-API connection of this session's transaction: plain tuples, no row objects.
    raw = session.connection().connection.driver_connection
    assert raw is not None
    lines: dict[Any, list[list[Any]]] = defaultdict(list)
    for receipt_id, *values in raw.execute(
        f"SELECT receipt_id, {', '.join(LINE_FIELDS)} FROM receipt_line"
    ):
        if not _canonical_uuids(values, _LINE_UUIDS):
            try:
                values = _normalise(values, _LINE_UUIDS)
            except (TypeError, ValueError):
                values = [None] * len(LINE_FIELDS)
        lines[receipt_id].append(values)
    receipts = []
    days: dict[str, dt.date] = {}
    for *values, stored_hash in raw.execute(
        f"SELECT {', '.join(RECEIPT_FIELDS)}, hash FROM receipt ORDER BY series, year, seq"
    ):
        original = values[0]
        try:
            if not _canonical_uuids(values, _RECEIPT_UUIDS):
                values = _normalise(list(values), _RECEIPT_UUIDS)
            values[_ISSUED_AT] = moment = _moment(values[_ISSUED_AT])
            day: dt.date | None = _paris_day(moment, days)
            readable = True
        except (TypeError, ValueError):
            day, readable = None, False
        receipts.append(StoredReceipt(values, lines.get(original, []), stored_hash, day, readable))
    return receipts


# --- receipts -------------------------------------------------------------------------------


def _gap(series: str, year: int, first: int, last: int) -> str:
    if last - first < MAX_LISTED_GAP:
        numbers = ", ".join(receipt_number(series, year, seq) for seq in range(first, last + 1))
        return f"Reçu {numbers} manquant." if first == last else f"Reçus {numbers} manquants."
    low, high = receipt_number(series, year, first), receipt_number(series, year, last)
    return f"Reçus {low} à {high} manquants."


_QTY, _UNIT, _TOTAL = (_LINE_INDEX[n] for n in ("quantity", "unit_cents", "total_cents"))


def _amounts_consistent(receipt: StoredReceipt) -> bool:
    try:
        return (
            all(li[_QTY] * li[_UNIT] == li[_TOTAL] for li in receipt.lines)
            and sum(li[_TOTAL] for li in receipt.lines) == receipt.total_cents
        )
    except TypeError:
        return False


def _check_receipts(receipts: list[StoredReceipt]) -> Iterator[str]:
    by_id = {r.id: r for r in receipts}
    cancelled: dict[Any, str] = {}
    previous: dict[str, tuple[int, int, str]] = {}  # series -> (year, seq, hash)
    for receipt in receipts:
        number, series = receipt.number, receipt.series
        year, seq = receipt.year, receipt.seq
        last_year, last_seq, last_hash = previous.get(series, (year, 0, GENESIS))
        expected = last_seq + 1 if last_year == year else 1
        if seq > expected:
            yield _gap(series, year, expected, seq - 1)
        if number != receipt_number(series, year, seq):
            yield f"Reçu {number} : numéro incohérent avec sa place dans la série."
        if not receipt.lines:
            yield f"Reçu {number} : ses lignes ont disparu."
        elif not receipt.readable or not _amounts_consistent(receipt):
            yield f"Reçu {number} : montant modifié après émission."
        elif (
            hashlib.sha256(plain_receipt_bytes(receipt.values, receipt.lines)).hexdigest()
            != receipt.hash
        ):
            yield f"Reçu {number} : contenu modifié après émission (empreinte différente)."
        if receipt.prev_hash != last_hash:
            yield (
                f"Reçu {number} : chaînage rompu (le reçu qui le précède a été supprimé, "
                "modifié ou déplacé)."
            )
        previous[series] = (year, seq, receipt.hash)
        original_id = receipt.cancels_receipt_id
        if original_id is not None:
            yield from _check_cancellation(receipt, by_id.get(original_id), cancelled)


def _check_cancellation(
    receipt: StoredReceipt, original: StoredReceipt | None, cancelled: dict[Any, str]
) -> Iterator[str]:
    number = receipt.number
    if original is None:
        yield f"Reçu {number} : le reçu qu'il annule est manquant."
        return
    if original.id in cancelled:
        yield (f"Reçu {original.number} : annulé deux fois ({cancelled[original.id]} et {number}).")
    cancelled[original.id] = number
    if receipt.total_cents != -original.total_cents:
        yield f"Reçu {number} : son montant ne correspond pas au reçu annulé {original.number}."


def _check_vanished(session: Session, receipts: list[StoredReceipt]) -> Iterator[str]:
    """Receipts whose issuing is in the (hash-chained) audit log but which are gone.

    Gaps inside a series are already reported by the numbering; this finds the receipts
    deleted after the last one kept.
    """
    present = {r.number for r in receipts}
    issued = set(
        session.scalars(
            select(AuditEntry.entity_id).where(
                AuditEntry.action.in_(ISSUE_ACTIONS), AuditEntry.entity_type == AuditEntity.RECEIPT
            )
        )
    )
    last: dict[tuple[str, int], int] = {}
    for receipt in receipts:
        last[(receipt.series, receipt.year)] = receipt.seq
    for number in sorted(issued - present):
        series, year, seq = _parts(number)
        if seq is not None and seq <= last.get((series, year), 0):
            continue  # inside the kept numbering: reported as a gap
        yield f"Reçu {number} manquant (son émission figure au journal d'audit)."


def _parts(number: str) -> tuple[str, int, int | None]:
    try:
        series, year, seq = number.split("-")
        return series, int(year), int(seq)
    except ValueError:
        return number, 0, None
