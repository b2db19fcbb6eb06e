"""Reading receipts: one receipt, searches, today's list, the day's totals per method.

Everything returned is a frozen dataclass; views and printing never see ORM objects.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desktop.models import Closing, Person, Receipt, ReceiptLine, User
from desktop.services.cash.common import day_bounds, device_series, person_name
from desktop.services.cash.records import LineValues, ReceiptValues
from desktop.services.errors import NotFound, ValidationError
from desktop.services.merged import as_survivor, person_ids_of, survivor_of
from desktop.services.numbering import parse_receipt_number
from desktop.services.people import fold
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.vocabulary import (
    PAYMENT_METHOD_LABELS,
    TARIFF_LABELS,
    ClosingKind,
    PaymentMethod,
    ReceiptLineKind,
    TariffCode,
)

ANONYMOUS_PAYER = "Personne non nommée"


@dataclass(frozen=True)
class ReceiptLineInfo:
    position: int
    kind: ReceiptLineKind
    label: str
    tariff_code: TariffCode | None
    quantity: int
    unit_cents: int
    total_cents: int
    occurrence_id: uuid.UUID | None
    membership_id: uuid.UUID | None

    @property
    def tariff_label(self) -> str:
        return TARIFF_LABELS[self.tariff_code] if self.tariff_code is not None else ""


@dataclass(frozen=True)
class ReceiptInfo:
    id: uuid.UUID
    number: str
    series: str
    issued_at: dt.datetime
    issued_by_name: str
    person_id: uuid.UUID | None
    person_name: str
    person_number: str
    payer_label: str
    payment_method: PaymentMethod
    cheque_number: str
    tendered_cents: int | None
    total_cents: int
    lines: tuple[ReceiptLineInfo, ...]
    cancels_number: str
    cancel_reason: str
    cancelled_by_number: str
    hash: str
    prev_hash: str

    @property
    def payer(self) -> str:
        return self.person_name or self.payer_label or ANONYMOUS_PAYER

    @property
    def payment_label(self) -> str:
        return PAYMENT_METHOD_LABELS[self.payment_method]

    @property
    def change_cents(self) -> int | None:
        if self.tendered_cents is None:
            return None
        return self.tendered_cents - self.total_cents

    @property
    def is_cancellation(self) -> bool:
        return bool(self.cancels_number)

    @property
    def is_cancelled(self) -> bool:
        return bool(self.cancelled_by_number)


@dataclass(frozen=True)
class ReceiptSummary:
    id: uuid.UUID
    number: str
    issued_at: dt.datetime
    payer: str
    payment_method: PaymentMethod
    total_cents: int
    cancels_number: str
    cancelled_by_number: str


@dataclass(frozen=True)
class ReceiptQuery:
    """Search criteria, all optional and combined: dates are Paris days, inclusive."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    number: str = ""
    person_id: uuid.UUID | None = None
    text: str = ""  # part of the payer's name
    limit: int = 500


@dataclass(frozen=True)
class DaySummary:
    day: dt.date
    series: str
    receipt_count: int
    totals_by_method: tuple[tuple[PaymentMethod, int], ...]
    total_cents: int
    closed: bool


def _numbers(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(
        session.execute(select(Receipt.id, Receipt.number).where(Receipt.id.in_(ids))).all()
    )


def _cancellers(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(Receipt.cancels_receipt_id, Receipt.number).where(
            Receipt.cancels_receipt_id.in_(ids)
        )
    ).all()
    return {original: number for original, number in rows if original is not None}


def receipt_info(session: Session, receipt: Receipt) -> ReceiptInfo:
    """The full, frozen view of one receipt (internal: no permission check)."""
    lines = session.scalars(
        select(ReceiptLine)
        .where(ReceiptLine.receipt_id == receipt.id)
        .order_by(ReceiptLine.position)
    )
    # The payer as the receipt is listed: a merged record's receipts are its survivor's.
    payer_id = survivor_of(session, receipt.person_id) if receipt.person_id else None
    person = session.get(Person, payer_id) if payer_id else None
    user = session.get(User, receipt.issued_by)
    cancels = _numbers(
        session, {receipt.cancels_receipt_id} if receipt.cancels_receipt_id else set()
    )
    cancelled_by = _cancellers(session, {receipt.id})
    return ReceiptInfo(
        id=receipt.id,
        number=receipt.number,
        series=receipt.series,
        issued_at=receipt.issued_at,
        issued_by_name=user.display_name if user is not None else "",
        person_id=payer_id,
        person_name=person_name(person),
        person_number=person.number if person is not None else "",
        payer_label=receipt.payer_label,
        payment_method=receipt.payment_method,
        cheque_number=receipt.cheque_number,
        tendered_cents=receipt.tendered_cents,
        total_cents=receipt.total_cents,
        lines=tuple(
            ReceiptLineInfo(
                position=line.position,
                kind=line.kind,
                label=line.label,
                tariff_code=line.tariff_code,
                quantity=line.quantity,
                unit_cents=line.unit_cents,
                total_cents=line.total_cents,
                occurrence_id=line.occurrence_id,
                membership_id=line.membership_id,
            )
            for line in lines
        ),
        cancels_number=cancels.get(receipt.cancels_receipt_id, "")
        if receipt.cancels_receipt_id
        else "",
        cancel_reason=receipt.cancel_reason,
        cancelled_by_number=cancelled_by.get(receipt.id, ""),
        hash=receipt.hash,
        prev_hash=receipt.prev_hash,
    )


def new_receipt_info(
    values: ReceiptValues,
    lines: Sequence[LineValues],
    *,
    issued_by_name: str,
    person: Person | None,
    cancels_number: str = "",
) -> ReceiptInfo:
    """The view of a receipt just written, built from its values (no query)."""
    return ReceiptInfo(
        id=values["id"],
        number=values["number"],
        series=values["series"],
        issued_at=values["issued_at"],
        issued_by_name=issued_by_name,
        person_id=values["person_id"],
        person_name=person_name(person),
        person_number=person.number if person is not None else "",
        payer_label=values["payer_label"],
        payment_method=values["payment_method"],
        cheque_number=values["cheque_number"],
        tendered_cents=values["tendered_cents"],
        total_cents=values["total_cents"],
        lines=tuple(
            ReceiptLineInfo(
                position=line["position"],
                kind=line["kind"],
                label=line["label"],
                tariff_code=line["tariff_code"],
                quantity=line["quantity"],
                unit_cents=line["unit_cents"],
                total_cents=line["total_cents"],
                occurrence_id=line["occurrence_id"],
                membership_id=line["membership_id"],
            )
            for line in lines
        ),
        cancels_number=cancels_number,
        cancel_reason=values["cancel_reason"],
        cancelled_by_number="",
        hash=values["hash"],
        prev_hash=values["prev_hash"],
    )


@reads
def get_receipt(session: Session, actor: Actor, receipt_id: uuid.UUID) -> ReceiptInfo:
    require(actor, Capability.CASH_READ)
    receipt = session.get(Receipt, receipt_id)
    if receipt is None:
        raise NotFound("Ce reçu est introuvable.")
    return receipt_info(session, receipt)


@reads
def find_receipt(session: Session, actor: Actor, number: str) -> ReceiptInfo:
    """The receipt with this number (« a-2026-42 » finds A-2026-000042)."""
    require(actor, Capability.CASH_READ)
    series, year, seq = parse_receipt_number(number)
    receipt = session.scalar(
        select(Receipt).where(Receipt.series == series, Receipt.year == year, Receipt.seq == seq)
    )
    if receipt is None:
        raise NotFound(f"Aucun reçu ne porte le numéro « {number.strip()} ».")
    return receipt_info(session, receipt)


def _whole_number(text: str) -> tuple[str, int, int] | None:
    try:
        return parse_receipt_number(text)
    except ValidationError:
        return None  # a fragment: searched as such


def _filtered(session: Session, query: ReceiptQuery) -> Select[Receipt]:
    statement = select(Receipt)
    if query.date_from is not None or query.date_to is not None:
        start = query.date_from or dt.date(2000, 1, 1)
        end = query.date_to or dt.date(2999, 12, 31)
        if end < start:
            raise ValidationError("La date de fin précède la date de début.", "date_to")
        low, high = day_bounds(start, end)
        statement = statement.where(Receipt.issued_at >= low, Receipt.issued_at < high)
    number = query.number.strip().upper()
    if number:
        if number.isdigit():
            statement = statement.where(Receipt.seq == int(number))
        elif (whole := _whole_number(number)) is not None:
            series, year, seq = whole
            statement = statement.where(
                Receipt.series == series, Receipt.year == year, Receipt.seq == seq
            )
        else:
            statement = statement.where(Receipt.number.contains(number, autoescape=True))
    if query.person_id is not None:
        statement = statement.where(
            Receipt.person_id.in_(person_ids_of(session, query.person_id))
        )
    text = fold(query.text)
    if text:
        payer = as_survivor(session, Receipt.person_id)
        statement = statement.outerjoin(Person, Person.id == payer).where(
            Person.search_key.contains(text, autoescape=True)
            | Receipt.payer_label.icontains(query.text.strip(), autoescape=True)
        )
    return statement


@reads
def search_receipts(session: Session, actor: Actor, query: ReceiptQuery) -> list[ReceiptSummary]:
    """Receipts matching ``query``, latest first."""
    require(actor, Capability.CASH_READ)
    limit = max(1, min(query.limit, 5000))
    receipts = list(
        session.scalars(
            _filtered(session, query)
            .order_by(Receipt.issued_at.desc(), Receipt.seq.desc())
            .limit(limit)
        )
    )
    ids = {r.id for r in receipts}
    payers = {r.person_id: survivor_of(session, r.person_id) for r in receipts if r.person_id}
    found = session.scalars(select(Person).where(Person.id.in_(set(payers.values()))))
    by_id = {p.id: p for p in found}
    persons = {receipt_person: by_id.get(payer) for receipt_person, payer in payers.items()}
    originals = _numbers(session, {r.cancels_receipt_id for r in receipts if r.cancels_receipt_id})
    cancelled_by = _cancellers(session, ids)
    return [
        ReceiptSummary(
            id=r.id,
            number=r.number,
            issued_at=r.issued_at,
            payer=person_name(persons.get(r.person_id))
            if r.person_id
            else (r.payer_label or ANONYMOUS_PAYER),
            payment_method=r.payment_method,
            total_cents=r.total_cents,
            cancels_number=originals.get(r.cancels_receipt_id, "") if r.cancels_receipt_id else "",
            cancelled_by_number=cancelled_by.get(r.id, ""),
        )
        for r in receipts
    ]


def totals_by_method(
    session: Session, series: str, start: dt.date, end: dt.date
) -> tuple[int, dict[str, int]]:
    """(receipt count, {method value: cents}) of ``series`` over Paris days [start, end]."""
    low, high = day_bounds(start, end)
    totals = {method.value: 0 for method in PaymentMethod}
    count = 0
    for row_series, method, cents in between(
        session, low, high, Receipt.payment_method, Receipt.total_cents
    ):
        if row_series == series:
            totals[PaymentMethod(method).value] += cents
            count += 1
    return count, totals


def between(
    session: Session, low: dt.datetime | None, high: dt.datetime, *columns: Any
) -> list[Any]:
    """(series, *columns) of the receipts issued in [low, high) (from the start if no low).

    Selected by moment only, the caller keeping its series: with ``series = ?`` in the
    query, SQLite prefers the (series, year, seq) index and reads every receipt of the
    series, however short the period.
    """
    statement = select(Receipt.series, *columns).where(Receipt.issued_at < high)
    if low is not None:
        statement = statement.where(Receipt.issued_at >= low)
    return list(session.execute(statement))


@reads
def day_summary(session: Session, actor: Actor, day: dt.date) -> DaySummary:
    """This device's receipts of ``day``: count, totals per method, whether it is closed."""
    require(actor, Capability.CASH_READ)
    series = device_series(session)
    count, totals = totals_by_method(session, series, day, day)
    closed = session.scalar(
        select(Closing.id).where(
            Closing.series == series, Closing.kind == ClosingKind.DAY, Closing.period_start == day
        )
    )
    return DaySummary(
        day=day,
        series=series,
        receipt_count=count,
        totals_by_method=tuple((m, totals[m.value]) for m in PaymentMethod),
        total_cents=sum(totals.values()),
        closed=closed is not None,
    )
