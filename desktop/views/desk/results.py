"""The search results list on Accueil: the shared SearchResultsModel in a keyboard table."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from desktop.services.people import SearchResult
from desktop.views.desk.columns import fit_columns
from desktop.views.search_results import SearchResultsModel
from desktop.views.tables import read_only_rows

OPTIONAL = ("Aujourd'hui", "Repères")  # shown when a result has something to say there
PREFERRED_ROWS = 3


class ResultsView(QTableView):
    """Up and Down move, Enter (or a double click) chooses; Up on the first row, or a
    letter typed, goes back to the search field (``sig_back``)."""

    sig_chosen = Signal(object)
    """``(result: SearchResult)`` — the person was chosen."""
    sig_back = Signal(str)
    """``(typed)`` — go back to the search field, with the text typed here (may be '')."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskResults")
        self.setAccessibleName("Résultats de la recherche")
        self.results = SearchResultsModel()
        self.setModel(self.results)
        read_only_rows(self)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(34)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        # The desk's width goes to the name and what to tell the person; when they came
        # last is on their card.
        self.setColumnHidden(self.column("Dernière visite"), True)
        self.kept = (self.column("N°"), self.column("Adhésion"))  # never elided
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.doubleClicked.connect(self._double_clicked)

    def sizeHint(self) -> QSize:
        """Small: the page's spare height goes here, but a short screen keeps the rest."""
        rows = self.verticalHeader().defaultSectionSize() * PREFERRED_ROWS
        return QSize(super().sizeHint().width(), self.horizontalHeader().sizeHint().height() + rows)

    def column(self, title: str) -> int:
        """The index of the model's column titled ``title``."""
        return next(i for i, c in enumerate(self.results.columns) if c.title == title)

    def set_results(self, results: list[SearchResult]) -> None:
        """Show ``results``; a column empty for every row is hidden (room for the names)."""
        self.results.set_rows(results)
        for name in OPTIONAL:
            index = self.column(name)
            column = self.results.columns[index]
            self.setColumnHidden(index, not any(column.value(r) for r in results))
        fit_columns(self, 0, self.kept)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_columns(self, 0, self.kept)

    def current_result(self) -> SearchResult | None:
        row = self.currentIndex().row()
        return self.results.row(row) if 0 <= row < self.results.rowCount() else None

    def enter_from_field(self) -> bool:
        """Focus the list on its first row; False when there is nothing to choose."""
        if self.results.rowCount() == 0:
            return False
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.currentIndex().isValid():
            self.selectRow(0)
        else:
            self.selectRow(self.currentIndex().row())
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            result = self.current_result()
            if result is not None:
                self.sig_chosen.emit(result)
            return
        if key == Qt.Key.Key_Up and self.currentIndex().row() <= 0:
            self.sig_back.emit("")
            return
        text = event.text()
        if (
            text
            and text.isprintable()
            and not event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            self.sig_back.emit(text)
            return
        super().keyPressEvent(event)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_chosen.emit(self.results.row(index.row()))
