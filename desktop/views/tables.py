"""One table model for every list: declarative columns over a list of the services' records.

``Column(title, value, align=RIGHT, sort_key=..., tooltip=..., foreground=...)`` says how one
column shows a row; :class:`RowTableModel` is a thin, read-only adapter over a list of frozen
dataclasses (changes go through services, then ``set_rows``). Sorting (``QTableView`` with
sorting enabled, or a ``QSortFilterProxyModel`` on ``SORT_ROLE``) uses each column's sort key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QTableView

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
GREY = QBrush(QColor("#7a848c"))
RED = QBrush(QColor("#b3261e"))


@dataclass(frozen=True)
class Column(Generic[Row]):
    """How one column shows a row: its text, and optionally alignment, sort key, tooltip and
    text colour (``None`` from ``tooltip``/``foreground``: none for that row)."""

    title: str
    value: Callable[[Row], str]
    align: Qt.AlignmentFlag | None = None
    sort_key: Callable[[Row], Any] | None = None  # default: the text shown
    tooltip: Callable[[Row], str | None] | None = None
    foreground: Callable[[Row], QBrush | None] | None = None

    def key(self, row: Row) -> Any:
        return self.sort_key(row) if self.sort_key is not None else self.value(row).casefold()


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows are records as the service returned them; ``ROW_ROLE`` gives a row's record."""

    ROW_ROLE = Qt.ItemDataRole.UserRole
    SORT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, columns: Sequence[Column[Row]], rows: Iterable[Row] = ()) -> None:
        super().__init__()
        self._columns: tuple[Column[Row], ...] = tuple(columns)
        self._rows: list[Row] = list(rows)
        self._sorted: tuple[int, Qt.SortOrder] | None = None  # the last sort asked for

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    @property
    def columns(self) -> tuple[Column[Row], ...]:
        return self._columns

    def set_rows(self, rows: Iterable[Row], columns: Sequence[Column[Row]] | None = None) -> None:
        """Show ``rows`` (and new ``columns`` when given) in place of what was shown, in the
        order of the last :meth:`sort` if there was one (else as given)."""
        self.beginResetModel()
        self._rows = list(rows)
        if columns is not None:
            self._columns = tuple(columns)
        if self._sorted is not None and self._sorted[0] < len(self._columns):
            self._rows = self._ordered(self._rows, *self._sorted)[0]
        self.endResetModel()

    def _ordered(
        self, rows: list[Row], column: int, order: Qt.SortOrder
    ) -> tuple[list[Row], list[int]]:
        """``rows`` sorted by ``column``'s key, and for each new place the old row index."""
        keys = [self._columns[column].key(row) for row in rows]
        moved = sorted(
            range(len(rows)), key=keys.__getitem__, reverse=order is Qt.SortOrder.DescendingOrder
        )
        return [rows[i] for i in moved], moved

    def row(self, index: int) -> Row:
        return self._rows[index]

    def row_where(self, matches: Callable[[Row], bool]) -> int | None:
        """The first row whose record ``matches``, or None."""
        return next((i for i, row in enumerate(self._rows) if matches(row)), None)

    def texts(self, index: int) -> tuple[str, ...]:
        """The texts one row shows, column by column."""
        row = self._rows[index]
        return tuple(column.value(row) for column in self._columns)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.value(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            return column.foreground(row)
        if role == self.ROW_ROLE:
            return row
        if role == self.SORT_ROLE:
            return column.key(row)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by ``column``'s sort key (stable: equal keys keep their order)."""
        if not 0 <= column < len(self._columns):
            return
        self._sorted = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._rows, moved = self._ordered(self._rows, column, order)
        new_row = {old_row: new for new, old_row in enumerate(moved)}
        for persistent in self.persistentIndexList():
            self.changePersistentIndex(
                persistent, self.index(new_row[persistent.row()], persistent.column())
            )
        self.layoutChanged.emit()


def read_only_rows(view: QTableView) -> None:
    """Make ``view`` a list people read and pick from: whole rows, one at a time, never
    edited in place, no row numbers."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
