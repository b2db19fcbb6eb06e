"""The cash desk's lists over the cash service's records: receipts, and one receipt's lines."""

from __future__ import annotations

from PySide6.QtGui import QBrush

from desktop.services.cash.queries import ReceiptLineInfo, ReceiptSummary
from desktop.services.formatting import datetime_short, money, time_short
from desktop.views.tables import GREY, RED, RIGHT, Column, RowTableModel
from desktop.vocabulary import PAYMENT_METHOD_LABELS


def receipt_state(summary: ReceiptSummary) -> str:
    """« Annulé par A-2026-000012 », « Annule A-2026-000011 » or empty."""
    if summary.cancels_number:
        return f"Annule {summary.cancels_number}"
    if summary.cancelled_by_number:
        return f"Annulé par {summary.cancelled_by_number}"
    return ""


def _grey(row: ReceiptSummary) -> QBrush | None:
    return GREY if row.cancelled_by_number else None


def _red_when_cancelling(row: ReceiptSummary) -> QBrush | None:
    return GREY if row.cancelled_by_number else RED if row.cancels_number else None


def receipt_columns(*, single_day: bool) -> tuple[Column[ReceiptSummary], ...]:
    """``single_day``: the rows are of one day, so the time is enough."""
    when = time_short if single_day else datetime_short
    return (
        Column("N° de reçu", lambda r: r.number, foreground=_grey),
        Column(
            "Heure" if single_day else "Date",
            lambda r: when(r.issued_at),
            sort_key=lambda r: r.issued_at,
            foreground=_grey,
        ),
        Column("Payeur", lambda r: r.payer, foreground=_grey),
        Column("Paiement", lambda r: PAYMENT_METHOD_LABELS[r.payment_method], foreground=_grey),
        Column(
            "Montant",
            lambda r: money(r.total_cents),
            align=RIGHT,
            sort_key=lambda r: r.total_cents,
            foreground=_red_when_cancelling,
        ),
        Column("État", receipt_state, foreground=_red_when_cancelling),
    )


class ReceiptTableModel(RowTableModel[ReceiptSummary]):
    """Receipts, latest first, as the service returned them."""

    def __init__(self) -> None:
        super().__init__(receipt_columns(single_day=True))
        self.single_day = True

    def set_rows(  # type: ignore[override]
        self, rows: list[ReceiptSummary], *, single_day: bool = True
    ) -> None:
        """``single_day``: the rows are of one day, so the time is enough."""
        self.single_day = single_day
        super().set_rows(rows, receipt_columns(single_day=single_day))

    def summary(self, row: int) -> ReceiptSummary:
        return self.row(row)

    def row_of(self, number: str) -> int | None:
        return self.row_where(lambda r: r.number == number)


LINE_COLUMNS: tuple[Column[ReceiptLineInfo], ...] = (
    Column("Désignation", lambda line: line.label),
    Column("Tarif", lambda line: line.tariff_label),
    Column("Qté", lambda line: str(line.quantity), align=RIGHT, sort_key=lambda x: x.quantity),
    Column(
        "Prix unitaire", lambda x: money(x.unit_cents), align=RIGHT, sort_key=lambda x: x.unit_cents
    ),
    Column("Total", lambda x: money(x.total_cents), align=RIGHT, sort_key=lambda x: x.total_cents),
)


class LineTableModel(RowTableModel[ReceiptLineInfo]):
    """The lines of one receipt (details dialog)."""

    def __init__(self, lines: tuple[ReceiptLineInfo, ...]) -> None:
        super().__init__(LINE_COLUMNS, lines)
        self.lines = lines
