"""A thin table model over the cash service's :class:`ReceiptSummary` rows (read-only)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services.cash.queries import ReceiptLineInfo, ReceiptSummary
from desktop.services.formatting import datetime_short, money, time_short
from desktop.vocabulary import PAYMENT_METHOD_LABELS

Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_GREY = QBrush(QColor("#7a848c"))
_RED = QBrush(QColor("#b3261e"))


def receipt_state(summary: ReceiptSummary) -> str:
    """« Annulé par A-2026-000012 », « Annule A-2026-000011 » or empty."""
    if summary.cancels_number:
        return f"Annule {summary.cancels_number}"
    if summary.cancelled_by_number:
        return f"Annulé par {summary.cancelled_by_number}"
    return ""


class ReceiptTableModel(QAbstractTableModel):
    """Receipts, latest first, as the service returned them."""

    COLUMNS = ("N° de reçu", "Date", "Payeur", "Paiement", "Montant", "État")
    ID_ROLE = Qt.ItemDataRole.UserRole

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ReceiptSummary] = []
        self.single_day = True

    def set_rows(self, rows: list[ReceiptSummary], *, single_day: bool = True) -> None:
        """``single_day``: the rows are of one day, so the time is enough."""
        self.beginResetModel()
        self.rows = list(rows)
        self.single_day = single_day
        self.endResetModel()

    def summary(self, row: int) -> ReceiptSummary:
        return self.rows[row]

    def row_of(self, number: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.number == number), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == 1 and self.single_day:
                return "Heure"
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.number,
                time_short(row.issued_at) if self.single_day else datetime_short(row.issued_at),
                row.payer,
                PAYMENT_METHOD_LABELS[row.payment_method],
                money(row.total_cents),
                receipt_state(row),
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.cancelled_by_number:
                return _GREY
            if row.cancels_number and column in (4, 5):
                return _RED
        if role == self.ID_ROLE:
            return row.id
        return None


class LineTableModel(QAbstractTableModel):
    """The lines of one receipt (details dialog)."""

    COLUMNS = ("Désignation", "Tarif", "Qté", "Prix unitaire", "Total")

    def __init__(self, lines: tuple[ReceiptLineInfo, ...]) -> None:
        super().__init__()
        self.lines = lines

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                line.label,
                line.tariff_label,
                str(line.quantity),
                money(line.unit_cents),
                money(line.total_cents),
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return _RIGHT
        return None
