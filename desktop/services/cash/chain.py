"""Canonical serialisation and SHA-256 of receipts and closings (the tamper-evident chain).

The canonical form is a compact JSON array of plain values in a fixed order, built from
Python values (not from the storage format), so it survives any change of storage. Each
receipt's form includes the previous receipt's hash of its series; each closing's form
includes the previous closing's hash of its series and kind.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from desktop.vocabulary import PaymentMethod

RECEIPT_FIELDS = (
    "id",
    "number",
    "series",
    "year",
    "seq",
    "issued_at",
    "issued_by",
    "person_id",
    "payer_label",
    "payment_method",
    "cheque_number",
    "tendered_cents",
    "total_cents",
    "cancels_receipt_id",
    "cancel_reason",
    "prev_hash",
)
LINE_FIELDS = (
    "id",
    "position",
    "kind",
    "label",
    "tariff_code",
    "quantity",
    "unit_cents",
    "total_cents",
    "occurrence_id",
    "membership_id",
)
CLOSING_FIELDS = (
    "id",
    "series",
    "kind",
    "period_start",
    "period_end",
    "closed_at",
    "closed_by",
    "receipt_count",
    "total_cents",
    "grand_total_cents",
    "last_receipt_number",
    "chain_head",
)


def plain(value: Any) -> Any:
    """A JSON-ready, storage-independent form of one column value."""
    if value is None or (isinstance(value, bool | int) and not isinstance(value, enum.Enum)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, str):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in a hashed record")
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot hash a {type(value).__name__}")


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


assert LINE_FIELDS[1] == "position"


def _position(line: Sequence[Any]) -> Any:
    return line[1]  # LINE_FIELDS[1] == "position"


def plain_receipt_bytes(receipt: Sequence[Any], lines: Sequence[Sequence[Any]]) -> bytes:
    """Canonical bytes from plain values (RECEIPT_FIELDS and LINE_FIELDS order)."""
    return _dumps(["recu-v1", list(receipt), sorted(lines, key=_position)])


def receipt_bytes(receipt: Mapping[str, Any], lines: Sequence[Mapping[str, Any]]) -> bytes:
    """The canonical bytes of a receipt and its lines (lines in position order)."""
    return plain_receipt_bytes(
        [plain(receipt[name]) for name in RECEIPT_FIELDS],
        [[plain(line[name]) for name in LINE_FIELDS] for line in lines],
    )


def receipt_hash(receipt: Mapping[str, Any], lines: Sequence[Mapping[str, Any]]) -> str:
    return hashlib.sha256(receipt_bytes(receipt, lines)).hexdigest()


def closing_bytes(closing: Mapping[str, Any], prev_closing_hash: str) -> bytes:
    totals = closing["totals_by_method"]
    return _dumps(
        [
            "cloture-v1",
            [plain(closing[name]) for name in CLOSING_FIELDS],
            [[m.value, int(totals.get(m.value, 0))] for m in PaymentMethod],
            prev_closing_hash,
        ]
    )


def closing_hash(closing: Mapping[str, Any], prev_closing_hash: str) -> str:
    return hashlib.sha256(closing_bytes(closing, prev_closing_hash)).hexdigest()


def row_values(obj: object, fields: Sequence[str]) -> dict[str, Any]:
    """Column values of an ORM object as a mapping for the functions above."""
    return {name: getattr(obj, name) for name in fields}
