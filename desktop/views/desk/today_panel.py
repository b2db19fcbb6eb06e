"""The today panel on Accueil: opening hours, today's sessions and how full they are, who
is present now. The page feeds it a :class:`~desktop.services.today.TodayPanel`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop.services.formatting import date_long
from desktop.services.today import TodayPanel, TodaySession
from desktop.views.cash.common import plural

PRESENT_SHOWN = 8  # names listed; the others are counted
NBSP = "\u00a0"  # « 14 h 05 » never broken across lines


def present_text(panel: TodayPanel) -> str:
    """« Hélène Lefèvre (14 h 05), Paul Martin (13 h 50) et 4 autres »."""
    names = [
        f"{row.person_name} ({row.time_label.replace(' ', NBSP)})"
        for row in panel.present[:PRESENT_SHOWN]
    ]
    if not names:
        return "Personne pour l'instant."
    more = len(panel.present) - PRESENT_SHOWN
    return ", ".join(names) + (f" et {plural(more, 'autre')}" if more > 0 else "")


def counts_text(panel: TodayPanel) -> str:
    """« 12 passages dont 3 anonymes »."""
    text = plural(panel.visits_today, "passage")
    if panel.anonymous_today:
        text += f" dont {plural(panel.anonymous_today, 'anonyme')}"
    return text


class TodayPanelView(QFrame):
    """Read-only: labels only, nothing to focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskCard")
        self.panel: TodayPanel | None = None
        title = QLabel("Aujourd'hui")
        title.setObjectName("deskCardTitle")
        self.day_label = QLabel()
        self.day_label.setObjectName("hint")
        self.opening_label = QLabel()
        self.opening_label.setObjectName("openingLabel")
        self.opening_label.setWordWrap(True)
        sessions_title = QLabel("Séances")
        sessions_title.setObjectName("deskFieldTitle")
        self.sessions_grid = QGridLayout()
        self.sessions_grid.setHorizontalSpacing(12)
        self.sessions_grid.setVerticalSpacing(4)
        self.sessions_grid.setColumnStretch(1, 1)
        self.no_sessions = QLabel("Aucune séance aujourd'hui.")
        self.no_sessions.setObjectName("hint")
        present_title = QLabel("Présents")
        present_title.setObjectName("deskFieldTitle")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("hint")
        self.present_label = QLabel()
        self.present_label.setWordWrap(True)
        self.present_label.setObjectName("presentNames")

        column = QVBoxLayout(self)
        column.setContentsMargins(20, 14, 20, 14)
        column.setSpacing(6)
        head = QVBoxLayout()
        head.setSpacing(0)
        head.addWidget(title)
        head.addWidget(self.day_label)
        column.addLayout(head)
        column.addWidget(self.opening_label)
        column.addSpacing(4)
        column.addWidget(sessions_title)
        column.addLayout(self.sessions_grid)
        column.addWidget(self.no_sessions)
        column.addSpacing(4)
        presents = QGridLayout()
        presents.addWidget(present_title, 0, 0)
        presents.addWidget(self.counts_label, 0, 1, Qt.AlignmentFlag.AlignRight)
        column.addLayout(presents)
        column.addWidget(self.present_label)
        self.session_rows: list[tuple[QLabel, QLabel, QLabel]] = []

    def show_panel(self, panel: TodayPanel) -> None:
        self.panel = panel
        self.day_label.setText(date_long(panel.day).capitalize())
        self.opening_label.setText(panel.opening_label)
        self.opening_label.setToolTip(panel.opening_note)
        self.opening_label.setProperty("open", panel.is_open)
        self.opening_label.style().unpolish(self.opening_label)
        self.opening_label.style().polish(self.opening_label)
        self._show_sessions(panel.sessions)
        self.counts_label.setText(counts_text(panel))
        self.present_label.setText(present_text(panel))

    def _show_sessions(self, sessions: tuple[TodaySession, ...]) -> None:
        for labels in self.session_rows:
            for label in labels:
                self.sessions_grid.removeWidget(label)
                label.deleteLater()
        self.session_rows = []
        for row, item in enumerate(sessions):
            when = QLabel(item.time_label)
            when.setObjectName("sessionTime")
            what = QLabel(f"{item.title} · {item.room}" if item.room else item.title)
            what.setWordWrap(True)
            fill = QLabel(item.fill_label)
            fill.setObjectName("sessionFill")
            full = item.cancelled or item.registered >= item.capacity
            fill.setProperty("full", full)
            fill.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.sessions_grid.addWidget(when, row, 0)
            self.sessions_grid.addWidget(what, row, 1)
            self.sessions_grid.addWidget(fill, row, 2)
            self.session_rows.append((when, what, fill))
        self.no_sessions.setVisible(not sessions)

    def session_texts(self) -> list[tuple[str, str, str]]:
        """What each session line says (time, title, fill)."""
        return [(a.text(), b.text(), c.text()) for a, b, c in self.session_rows]
