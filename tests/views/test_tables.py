"""The one table model: declarative columns, sorting by sort key, and every list uses it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPersistentModelIndex, QSortFilterProxyModel, Qt

from desktop.views.tables import GREY, RIGHT, Column, RowTableModel

VIEWS = Path(__file__).resolve().parents[2] / "desktop" / "views"


@dataclass(frozen=True)
class Item:
    name: str
    cents: int


COLUMNS = (
    Column("Nom", lambda i: i.name, tooltip=lambda i: f"{i.name} !" if i.cents else None),
    Column(
        "Prix",
        lambda i: f"{i.cents / 100:.2f}",
        align=RIGHT,
        sort_key=lambda i: i.cents,
        foreground=lambda i: GREY if i.cents == 0 else None,
    ),
)
ITEMS = [Item("tisane", 150), Item("Atelier", 1200), Item("don", 0), Item("café", 150)]


def test_columns_give_texts_alignment_tooltip_colour_and_the_record() -> None:
    model = RowTableModel(COLUMNS, ITEMS)
    assert (model.rowCount(), model.columnCount()) == (4, 2)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Prix"
    price = model.index(1, 1)
    assert model.data(price) == "12.00"
    assert model.data(price, Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "tisane !"
    assert model.data(model.index(2, 0), Qt.ItemDataRole.ToolTipRole) is None
    assert model.data(model.index(2, 1), Qt.ItemDataRole.ForegroundRole) == GREY
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(price, RowTableModel.ROW_ROLE) == ITEMS[1]
    assert model.texts(3) == ("café", "1.50")
    assert model.row_where(lambda i: i.name == "don") == 2
    assert model.row_where(lambda i: i.name == "?") is None


def test_sorting_uses_the_sort_key_keeps_ties_and_moves_selections() -> None:
    model = RowTableModel(COLUMNS, ITEMS)
    kept = QPersistentModelIndex(model.index(1, 0))  # "Atelier"
    model.sort(1, Qt.SortOrder.DescendingOrder)  # by cents, not by the text "12.00"
    assert [i.name for i in model.rows] == ["Atelier", "tisane", "café", "don"]
    assert kept.row() == 0
    model.sort(0)  # text, case-folded
    assert [i.name for i in model.rows] == ["Atelier", "café", "don", "tisane"]
    assert kept.row() == 0


def test_new_rows_keep_the_last_sort() -> None:
    model = RowTableModel(COLUMNS, ITEMS)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_rows([*ITEMS, Item("vase", 5000)])
    assert [i.name for i in model.rows] == ["vase", "Atelier", "tisane", "café", "don"]


def test_a_proxy_sorts_on_the_sort_role() -> None:
    model = RowTableModel(COLUMNS, ITEMS)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(RowTableModel.SORT_ROLE)
    proxy.sort(1)
    names = [proxy.data(proxy.index(r, 0)) for r in range(proxy.rowCount())]
    assert names[0] == "don" and names[-1] == "Atelier"


def test_set_rows_replaces_rows_and_columns() -> None:
    model = RowTableModel(COLUMNS)
    assert model.rowCount() == 0
    model.set_rows(ITEMS[:1], COLUMNS[:1])
    assert (model.rowCount(), model.columnCount()) == (1, 1)


def test_every_list_of_the_views_uses_the_one_table_model() -> None:
    """No hand-written item model or item-based table elsewhere in desktop/views."""
    offenders = []
    for path in VIEWS.rglob("*.py"):
        if path.name == "tables.py":
            continue
        text = path.read_text(encoding="utf-8")
        for name in ("QAbstractTableModel", "QAbstractItemModel", "QTableWidget", "QStandardItem"):
            if name in text:
                offenders.append(f"{path.relative_to(VIEWS)}: {name}")
    assert offenders == []
