"""The column values of receipts, lines and closings as they pass between the cash modules.

Built before the rows (so they can be hashed first), then given to the ORM as keyword
arguments. The hashed field lists (``chain.RECEIPT_FIELDS``…) name the same keys.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TypedDict

from desktop.vocabulary import ClosingKind, PaymentMethod, ReceiptLineKind, TariffCode


class ReceiptHeader(TypedDict):
    """What a sale or cancellation says before it is numbered."""

    id: uuid.UUID
    issued_at: dt.datetime
    issued_by: uuid.UUID
    person_id: uuid.UUID | None
    payer_label: str
    payment_method: PaymentMethod
    cheque_number: str
    tendered_cents: int | None
    total_cents: int
    cancels_receipt_id: uuid.UUID | None
    cancel_reason: str


class NumberedReceipt(ReceiptHeader):
    number: str
    series: str
    year: int
    seq: int
    prev_hash: str


class ReceiptValues(NumberedReceipt):
    """Every column of a receipt."""

    hash: str


class LineValues(TypedDict):
    """Every column of a receipt line but its receipt."""

    id: uuid.UUID
    position: int
    kind: ReceiptLineKind
    label: str
    tariff_code: TariffCode | None
    quantity: int
    unit_cents: int
    total_cents: int
    occurrence_id: uuid.UUID | None
    membership_id: uuid.UUID | None


class ClosingPeriod(TypedDict):
    """What a closing sums, before it is identified and signed."""

    series: str
    period_start: dt.date
    period_end: dt.date
    closed_at: dt.datetime
    receipt_count: int
    totals_by_method: dict[str, int]
    total_cents: int
    grand_total_cents: int
    last_receipt_number: str
    chain_head: str


class ClosingValues(ClosingPeriod):
    """Every column of a closing but its hash."""

    id: uuid.UUID
    kind: ClosingKind
    closed_by: uuid.UUID
