"""Fitting a narrow table's columns: short key columns whole, the name next, the rest share
what is left (their texts elided)."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

NAME_SHARE = 0.34  # the name keeps at least this share of the width (or all it needs)
PADDING = 4  # sizeHintForColumn counts the style sheet's cell padding already
TITLE_PADDING = 20  # the header's padding (resources/style.qss)
NARROWEST = 40


def fit_columns(view: QTableView, name_column: int = 0, keep: Collection[int] = ()) -> None:
    """Size the visible columns to their contents within the view's width: ``keep``
    columns whole, then the name (at least :data:`NAME_SHARE`), the others in proportion;
    spare room goes to the name."""
    header = view.horizontalHeader()
    model = view.model()
    if model is None:
        return
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    visible = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    if name_column not in visible:
        return
    bold = QFont(header.font())
    bold.setBold(True)
    titles = QFontMetrics(bold)
    wanted = {
        c: max(view.sizeHintForColumn(c) + PADDING, titles.horizontalAdvance(str(model.headerData(
            c, Qt.Orientation.Horizontal))) + TITLE_PADDING)
        for c in visible
    }  # fmt: skip
    room = max(view.viewport().width(), NARROWEST * len(visible))
    kept = sum(wanted[c] for c in visible if c in keep)
    others = [c for c in visible if c != name_column and c not in keep]
    name = min(wanted[name_column], int(room * NAME_SHARE))
    spare = room - kept - name
    need = sum(wanted[c] for c in others)
    if need > spare and need:
        for c in others:
            wanted[c] = max(int(wanted[c] * spare / need), NARROWEST)
    wanted[name_column] = max(room - kept - sum(wanted[c] for c in others), NARROWEST)
    for c in visible:
        header.resizeSection(c, wanted[c])
