"""The anonymous visit form: first visit oui / non / ne sait pas, optional gender and age.

Opened with one key (F8) from Accueil; Enter records it with the defaults (« ne sait pas »,
nothing else), so counting someone who gives no name costs two keystrokes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QRadioButton, QWidget

from desktop.services.backend import Backend
from desktop.services.visits import VisitRow, log_anonymous_visit
from desktop.views.desk.reasons import ReasonToggles
from desktop.views.forms import FormDialog
from desktop.vocabulary import (
    AGE_BRACKET_LABELS,
    FIRST_VISIT_LABELS,
    GENDER_LABELS,
    AgeBracket,
    FirstVisitAnswer,
    Gender,
    VisitReason,
)

NOT_SAID = "—"
COMBO_WIDTH = 260


def optional_combo(labels: Mapping[Any, str], skip: object, name: str) -> QComboBox:
    """A combo « — » (nothing said, the default) then the vocabulary's labels but ``skip``."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setMaximumWidth(COMBO_WIDTH)
    combo.addItem(NOT_SAID, None)
    for value, label in labels.items():
        if value != skip:
            combo.addItem(label, value)
    return combo


class AnonymousVisitDialog(FormDialog):
    """Records one anonymous visit; ``on_logged(row)`` receives the recorded visit."""

    def __init__(
        self,
        backend: Backend,
        on_logged: Callable[[VisitRow], None],
        *,
        default_reason: VisitReason = VisitReason.ACTIVITY,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Passage anonyme",
            ok_text="Compter le passage",
            intro="Pour une personne qui ne donne pas son nom. Entrée compte le passage.",
            parent=parent,
        )
        self.backend = backend
        self.on_logged = on_logged
        self.first_visit_group = QButtonGroup(self)
        answers = QWidget()
        row = QHBoxLayout(answers)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        self.answer_buttons: dict[FirstVisitAnswer, QRadioButton] = {}
        for answer in FirstVisitAnswer:
            button = QRadioButton(FIRST_VISIT_LABELS[answer])
            button.setAccessibleName(f"Première visite : {FIRST_VISIT_LABELS[answer]}")
            self.first_visit_group.addButton(button)
            self.answer_buttons[answer] = button
            row.addWidget(button)
        row.addStretch(1)
        self.answer_buttons[FirstVisitAnswer.UNKNOWN].setChecked(True)
        self.form.add_field("first_visit", "Première visite ?", answers)
        self.gender_combo = self.form.add_field(
            "gender", "Genre", optional_combo(GENDER_LABELS, Gender.UNKNOWN, "Genre (facultatif)")
        )
        self.age_combo = self.form.add_field(
            "age_bracket",
            "Âge",
            optional_combo(AGE_BRACKET_LABELS, AgeBracket.UNKNOWN, "Tranche d'âge (facultatif)"),
        )
        self.reasons = self.form.add_field("reasons", "Motif", ReasonToggles(default_reason))
        self.form.add_general_error()
        self.ok_button.setAccessibleName("Compter le passage anonyme")
        self.cancel_button.setAccessibleName("Annuler le passage anonyme")
        self.answer_buttons[FirstVisitAnswer.UNKNOWN].setFocus()

    def first_visit(self) -> FirstVisitAnswer:
        for answer, button in self.answer_buttons.items():
            if button.isChecked():
                return answer
        return FirstVisitAnswer.UNKNOWN

    def submit(self) -> None:
        row = self.backend.call(
            log_anonymous_visit,
            self.first_visit(),
            self.gender_combo.currentData(),
            self.age_combo.currentData(),
            self.reasons.reasons(),
        )
        self.on_logged(row)
