"""The day's visits on Accueil: newest first, undone ones gone (the service counts them)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTableView, QWidget

from desktop.services.visits import VisitRow
from desktop.views.desk.columns import fit_columns
from desktop.views.tables import GREY, Column, RowTableModel, read_only_rows
from desktop.vocabulary import (
    FIRST_VISIT_LABELS,
    WELCOME_STEP_LABELS,
    WelcomeStep,
)


def _marks(row: VisitRow) -> str:
    if row.person_id is None:
        answer = row.anonymous_first_visit
        return f"1re : {FIRST_VISIT_LABELS[answer].lower()}" if answer else ""
    if not row.first_visit:
        return ""
    return f"1re ({len(row.welcome)}/{len(WelcomeStep)})"


def _person_tip(row: VisitRow) -> str:
    by = f"enregistré par {row.recorded_by_name}" if row.recorded_by_name else ""
    return " · ".join(x for x in (row.person_number, by) if x)


def _marks_tip(row: VisitRow) -> str | None:
    if row.person_id is None or not row.first_visit:
        return None
    done = ", ".join(WELCOME_STEP_LABELS[s].lower() for s in WelcomeStep if s in row.welcome)
    return f"Première visite ; accueil : {done or 'rien de coché'}"


COLUMNS: tuple[Column[VisitRow], ...] = (
    Column("Heure", lambda r: r.time_label, sort_key=lambda r: r.at),
    Column(
        "Personne",
        lambda r: r.person_name,
        tooltip=lambda r: " · ".join(
            x for x in (r.person_number, f"enregistré par {r.recorded_by_name}") if x
        ),
        foreground=lambda r: GREY if r.person_id is None else None,
    ),
    Column("Motifs", lambda r: r.reasons_label.lower(), tooltip=lambda r: r.reasons_label),
    Column("Repères", _marks, tooltip=_marks_tip),
)


NAME_COLUMN = 1


class VisitListModel(RowTableModel[VisitRow]):
    def __init__(self) -> None:
        super().__init__(COLUMNS)


class VisitListView(QTableView):
    """A read-only table of the day's visits; selecting a first visit shows its checklist."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskVisits")
        self.setAccessibleName("Passages du jour")
        self.visits = VisitListModel()
        self.setModel(self.visits)
        read_only_rows(self)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(30)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        self.visits.modelReset.connect(lambda: fit_columns(self, NAME_COLUMN, (0,)))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), 4 * self.verticalHeader().defaultSectionSize())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_columns(self, NAME_COLUMN, (0,))

    def current_visit(self) -> VisitRow | None:
        row = self.currentIndex().row()
        return self.visits.row(row) if 0 <= row < self.visits.rowCount() else None
