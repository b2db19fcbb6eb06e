"""The welcome checklist of a first visit: three steps ticked on the visit itself."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QVBoxLayout, QWidget

from desktop.services.visits import VisitRow
from desktop.views.desk.flow import FlowLayout
from desktop.views.forms import ErrorLabel
from desktop.vocabulary import WELCOME_STEP_LABELS, WelcomeStep


class WelcomeChecklist(QFrame):
    """Shown for a first visit: « Présenter le lieu », « Proposer le planning », « Proposer
    la lettre d'information ». Ticking one emits ``sig_ticked``; the page records it."""

    sig_ticked = Signal(object, object, bool)
    """``(visit_id: UUID, step: WelcomeStep, done: bool)``"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeCard")
        self.visit: VisitRow | None = None
        self.title = QLabel()
        self.title.setObjectName("deskFieldTitle")
        self.title.setWordWrap(True)
        self.boxes: dict[WelcomeStep, QCheckBox] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 8)
        column.setSpacing(4)
        column.addWidget(self.title)
        steps = FlowLayout(spacing=14, line_spacing=2)
        column.addLayout(steps)
        for step in WelcomeStep:
            box = QCheckBox(WELCOME_STEP_LABELS[step])
            box.setAccessibleName(f"Accueil : {WELCOME_STEP_LABELS[step]}")
            box.clicked.connect(lambda done, s=step: self._clicked(s, done))
            self.boxes[step] = box
            steps.addWidget(box)
        self.error_label = ErrorLabel()
        column.addWidget(self.error_label)
        self.show_visit(None)

    def show_visit(self, visit: VisitRow | None) -> None:
        """The checklist of ``visit`` when it is a named first visit; hidden otherwise."""
        self.visit = visit if visit is not None and visit.first_visit and visit.person_id else None
        if self.visit is None:
            self.hide()
            return
        self.title.setText(f"Première visite de {self.visit.person_name} : pour bien l'accueillir")
        for step, box in self.boxes.items():
            box.setChecked(step in self.visit.welcome)
        self.error_label.clear_message()
        self.show()

    def visit_id(self) -> uuid.UUID | None:
        return self.visit.id if self.visit is not None else None

    def _clicked(self, step: WelcomeStep, done: bool) -> None:
        if self.visit is not None:
            self.sig_ticked.emit(self.visit.id, step, done)
