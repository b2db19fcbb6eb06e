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
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
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

PROTECTED_TABLES = ("receipt", "receipt_line", "closing")
ISSUE_ACTIONS = ("recu_emis", "recu_annule")
MAX_LISTED_GAP = 5


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

    def __getitem__(self, name: str) -> Any:
        return self.values[_RECEIPT_INDEX[name]]


_RECEIPT_INDEX = {name: i for i, name in enumerate(RECEIPT_FIELDS)}
_LINE_INDEX = {name: i for i, name in enumerate(LINE_FIELDS)}


def check_database(session: Session) -> CheckReport:
    """Verify everything; read-only, no permission needed (reveals no personal data)."""
    problems = sqlite_integrity(session)
    receipts = load_receipts(session)
    problems += list(_check_receipts(receipts))
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
    problems += verify_chain(session)
    return CheckReport(
        problems=tuple(problems),
        receipt_count=len(receipts),
        closing_count=len(closings),
        series=tuple(sorted({r["series"] for r in receipts})),
    )


def receipt_payloads(session: Session) -> list[bytes]:
    """The canonical bytes of every stored receipt (the bench hashes them as its baseline)."""
    return [plain_receipt_bytes(r.values, r.lines) for r in load_receipts(session) if r.readable]


def sqlite_integrity(session: Session) -> list[str]:
    problems = []
    rows = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
    if rows != ["ok"]:
        problems += [f"Fichier SQLite endommagé : {row}" for row in rows[:20]]
    for row in session.execute(text("PRAGMA foreign_key_check")).all()[:20]:
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


def _same(value: Any) -> Any:
    return value


def _uuid(value: Any) -> str | None:
    """SQLAlchemy stores UUIDs as 32 lower-case hex digits; canonical form has dashes."""
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(uuid.UUID(str(value)))


def _moment(value: Any) -> str:
    """Stored naive UTC "YYYY-MM-DD HH:MM:SS.ffffff" → canonical "YYYY-MM-DDTHH:MM:SS.ffffffZ"."""
    if isinstance(value, str) and len(value) == 26 and value[10] == " ":
        return f"{value[:10]}T{value[11:]}Z"
    return str(plain(dt.datetime.fromisoformat(str(value)).replace(tzinfo=dt.UTC)))


_RECEIPT_UUIDS = [
    RECEIPT_FIELDS.index(n) for n in ("id", "issued_by", "person_id", "cancels_receipt_id")
]
_LINE_UUIDS = [LINE_FIELDS.index(n) for n in ("id", "occurrence_id", "membership_id")]
_ISSUED_AT = RECEIPT_FIELDS.index("issued_at")


def _paris_day(canonical: str, cache: dict[str, dt.date]) -> dt.date:
    key = canonical[:13]  # offsets change on the hour at most
    day = cache.get(key)
    if day is None:
        moment = dt.datetime.fromisoformat(canonical[:-1]).replace(tzinfo=dt.UTC)
        day = cache[key] = moment.astimezone(PARIS).date()
    return day


def _read_line(row: tuple[Any, ...]) -> list[Any]:
    values = list(row[1:])
    for index in _LINE_UUIDS:
        values[index] = _uuid(values[index])
    return values


def load_receipts(session: Session) -> list[StoredReceipt]:
    """Every receipt with its lines, ordered by series, year and number."""
    # The DB-API connection of this session's transaction: plain tuples, no row objects.
    raw = session.connection().connection.driver_connection
    assert raw is not None
    lines: dict[Any, list[list[Any]]] = defaultdict(list)
    for row in raw.execute(f"SELECT receipt_id, {', '.join(LINE_FIELDS)} FROM receipt_line"):
        try:
            lines[row[0]].append(_read_line(row))
        except (TypeError, ValueError):
            lines[row[0]].append([None] * len(LINE_FIELDS))
    receipts = []
    days: dict[str, dt.date] = {}
    for row in raw.execute(
        f"SELECT {', '.join(RECEIPT_FIELDS)}, hash FROM receipt ORDER BY series, year, seq"
    ):
        values = list(row[:-1])
        try:
            for index in _RECEIPT_UUIDS:
                values[index] = _uuid(values[index])
            values[_ISSUED_AT] = moment = _moment(values[_ISSUED_AT])
            day: dt.date | None = _paris_day(moment, days)
            readable = True
        except (TypeError, ValueError):
            values, day, readable = list(row[:-1]), None, False
        receipts.append(StoredReceipt(values, lines.get(row[0], []), row[-1], day, readable))
    return receipts


# --- receipts -------------------------------------------------------------------------------


def _gap(series: str, year: int, first: int, last: int) -> str:
    if last - first < MAX_LISTED_GAP:
        numbers = ", ".join(f"{series}-{year}-{seq:06d}" for seq in range(first, last + 1))
        return f"Reçu {numbers} manquant." if first == last else f"Reçus {numbers} manquants."
    return f"Reçus {series}-{year}-{first:06d} à {series}-{year}-{last:06d} manquants."


_QTY, _UNIT, _TOTAL = (_LINE_INDEX[n] for n in ("quantity", "unit_cents", "total_cents"))


def _amounts_consistent(receipt: StoredReceipt) -> bool:
    try:
        return (
            all(li[_QTY] * li[_UNIT] == li[_TOTAL] for li in receipt.lines)
            and sum(li[_TOTAL] for li in receipt.lines) == receipt["total_cents"]
        )
    except TypeError:
        return False


def _check_receipts(receipts: list[StoredReceipt]) -> Iterator[str]:
    by_id = {r["id"]: r for r in receipts}
    cancelled: dict[Any, str] = {}
    previous: dict[str, tuple[int, int, str]] = {}  # series -> (year, seq, hash)
    for receipt in receipts:
        number, series = receipt["number"], receipt["series"]
        year, seq = receipt["year"], receipt["seq"]
        last_year, last_seq, last_hash = previous.get(series, (year, 0, GENESIS))
        expected = last_seq + 1 if last_year == year else 1
        if seq > expected:
            yield _gap(series, year, expected, seq - 1)
        if number != f"{series}-{year}-{seq:06d}":
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
        if receipt["prev_hash"] != last_hash:
            yield (
                f"Reçu {number} : chaînage rompu (le reçu qui le précède a été supprimé, "
                "modifié ou déplacé)."
            )
        previous[series] = (year, seq, receipt.hash)
        original_id = receipt["cancels_receipt_id"]
        if original_id is not None:
            yield from _check_cancellation(receipt, by_id.get(original_id), cancelled)


def _check_cancellation(
    receipt: StoredReceipt, original: StoredReceipt | None, cancelled: dict[Any, str]
) -> Iterator[str]:
    number = receipt["number"]
    if original is None:
        yield f"Reçu {number} : le reçu qu'il annule est manquant."
        return
    if original["id"] in cancelled:
        yield (
            f"Reçu {original['number']} : annulé deux fois ({cancelled[original['id']]} "
            f"et {number})."
        )
    cancelled[original["id"]] = number
    if receipt["total_cents"] != -original["total_cents"]:
        yield f"Reçu {number} : son montant ne correspond pas au reçu annulé {original['number']}."


def _check_vanished(session: Session, receipts: list[StoredReceipt]) -> Iterator[str]:
    """Receipts whose issuing is in the (hash-chained) audit log but which are gone.

    Gaps inside a series are already reported by the numbering; this finds the receipts
    deleted after the last one kept.
    """
    present = {r["number"] for r in receipts}
    issued = set(
        session.scalars(
            select(AuditEntry.entity_id).where(
                AuditEntry.action.in_(ISSUE_ACTIONS), AuditEntry.entity_type == "receipt"
            )
        )
    )
    last: dict[tuple[str, int], int] = {}
    for receipt in receipts:
        last[(receipt["series"], receipt["year"])] = receipt["seq"]
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
