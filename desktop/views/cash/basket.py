"""The basket of the "Encaisser" dialog: draft lines priced by the cash service.

The dialog owns the list of :class:`DraftLine`; after every change it asks
``preview_draft`` for the prices and hands both to :class:`BasketModel`. When the service
refuses the basket (e.g. a membership without a person), the lines stay listed without prices.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.services.cash.drafts import DraftLine, DraftPreview, PricedLine
from desktop.services.formatting import money
from desktop.vocabulary import TARIFF_LABELS, ReceiptLineKind

COLUMNS = ("Désignation", "Tarif appliqué", "Montant")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_KIND_LABELS = {
    ReceiptLineKind.MEMBERSHIP: "Adhésion",
    ReceiptLineKind.SESSION: "Place de séance",
    ReceiptLineKind.OTHER: "Autre",
}
Index = QModelIndex | QPersistentModelIndex


class BasketModel(QAbstractTableModel):
    """Rows are the draft lines; prices, tiers and reasons come from the last preview."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[DraftLine] = []
        self.preview: DraftPreview | None = None
        self.titles: Mapping[uuid.UUID, str] = {}  # occurrence id -> label shown before pricing

    def set_basket(
        self, lines: list[DraftLine], preview: DraftPreview | None, titles: Mapping[uuid.UUID, str]
    ) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.preview = preview
        self.titles = dict(titles)
        self.endResetModel()

    def priced(self, row: int) -> PricedLine | None:
        if self.preview is None or row >= len(self.preview.lines):
            return None
        return self.preview.lines[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        priced = self.priced(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column, priced)
        if role == Qt.ItemDataRole.ToolTipRole and priced is not None:
            return priced.reason_fr or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return _RIGHT
        return None

    def _text(self, row: int, column: int, priced: PricedLine | None) -> str:
        line = self.lines[row]
        if priced is None:
            return self._draft_label(line) if column == 0 else "—"
        if column == 0:
            if priced.quantity == 1:
                return priced.label
            return f"{priced.label}\n{priced.quantity} × {money(priced.unit_cents)}"
        if column == 1:
            tier = TARIFF_LABELS[priced.tariff_code] if priced.tariff_code else ""
            reason = priced.reason_fr
            if not reason or reason.casefold() in priced.label.casefold():
                return tier
            return f"{tier}\n{reason}"
        return money(priced.total_cents)

    def _draft_label(self, line: DraftLine) -> str:
        if line.kind is ReceiptLineKind.OTHER:
            return line.label
        if line.kind is ReceiptLineKind.SESSION and line.occurrence_id is not None:
            return self.titles.get(line.occurrence_id, _KIND_LABELS[line.kind])
        return _KIND_LABELS[line.kind]
