"""The basket of the "Encaisser" dialog: draft lines priced by the cash service.

The dialog owns the list of :class:`DraftLine`; after every change it asks
``preview_draft`` for the prices and hands both to :class:`BasketModel`. When the service
refuses the basket (e.g. a membership without a person), the lines stay listed without prices.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.services.cash.drafts import DraftLine, DraftPreview, PricedLine
from desktop.services.formatting import money
from desktop.views.tables import RIGHT, Column, RowTableModel
from desktop.vocabulary import TARIFF_LABELS, ReceiptLineKind

_KIND_LABELS = {
    ReceiptLineKind.MEMBERSHIP: "Adhésion",
    ReceiptLineKind.SESSION: "Place de séance",
    ReceiptLineKind.OTHER: "Autre",
}


@dataclass(frozen=True)
class BasketRow:
    """One draft line, its price from the last preview (None: not priced) and the label
    shown before pricing."""

    line: DraftLine
    priced: PricedLine | None
    draft_label: str


def _designation(row: BasketRow) -> str:
    priced = row.priced
    if priced is None:
        return row.draft_label
    if priced.quantity == 1:
        return priced.label
    return f"{priced.label}\n{priced.quantity} × {money(priced.unit_cents)}"


def _tariff(row: BasketRow) -> str:
    priced = row.priced
    if priced is None:
        return "—"
    tier = TARIFF_LABELS[priced.tariff_code] if priced.tariff_code else ""
    reason = priced.reason_fr
    if not reason or reason.casefold() in priced.label.casefold():
        return tier
    return f"{tier}\n{reason}"


def _reason(row: BasketRow) -> str | None:
    return (row.priced.reason_fr or None) if row.priced is not None else None


COLUMNS: tuple[Column[BasketRow], ...] = (
    Column("Désignation", _designation, tooltip=_reason),
    Column("Tarif appliqué", _tariff, tooltip=_reason),
    Column(
        "Montant",
        lambda row: money(row.priced.total_cents) if row.priced is not None else "—",
        align=RIGHT,
        sort_key=lambda row: row.priced.total_cents if row.priced is not None else -1,
        tooltip=_reason,
    ),
)


class BasketModel(RowTableModel[BasketRow]):
    """Rows are the draft lines; prices, tiers and reasons come from the last preview."""

    def __init__(self) -> None:
        super().__init__(COLUMNS)
        self.lines: list[DraftLine] = []
        self.preview: DraftPreview | None = None
        self.titles: Mapping[uuid.UUID, str] = {}  # occurrence id -> label shown before pricing

    def set_basket(
        self, lines: list[DraftLine], preview: DraftPreview | None, titles: Mapping[uuid.UUID, str]
    ) -> None:
        self.lines = list(lines)
        self.preview = preview
        self.titles = dict(titles)
        priced = list(preview.lines) if preview is not None else []
        self.set_rows(
            BasketRow(line, priced[i] if i < len(priced) else None, self._draft_label(line))
            for i, line in enumerate(self.lines)
        )

    def priced(self, row: int) -> PricedLine | None:
        return self.row(row).priced

    def _draft_label(self, line: DraftLine) -> str:
        if line.kind is ReceiptLineKind.OTHER:
            return line.label
        if line.kind is ReceiptLineKind.SESSION and line.occurrence_id is not None:
            return self.titles.get(line.occurrence_id, _KIND_LABELS[line.kind])
        return _KIND_LABELS[line.kind]
