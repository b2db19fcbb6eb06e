"""The chosen person on Accueil: who they are for the desk, the reasons, and « log the visit »."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.people import MembershipState, SearchResult
from desktop.views.desk.reasons import ReasonToggles
from desktop.views.forms import ErrorLabel

EMPTY_TEXT = (
    "Tapez un nom ou scannez une carte. Flèche bas pour descendre dans les résultats, "
    "Entrée pour choisir la personne, Entrée encore pour enregistrer son passage."
)


def badge(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.hide()
    return label


class PersonPanel(QFrame):
    """Shows one :class:`SearchResult`; « Enregistrer le passage » (Enter when focused)."""

    sig_log_requested = Signal()
    """``()`` — log the shown person's visit with the reasons switched on."""
    sig_card_requested = Signal()
    """``()`` — open the shown person's card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskCard")
        self.result: SearchResult | None = None

        self.name_label = QLabel()
        self.name_label.setObjectName("deskPersonName")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number_label = QLabel()
        self.number_label.setObjectName("hint")
        self.membership_badge = badge("membershipBadge")
        self.first_visit_badge = badge("firstVisitBadge")
        self.first_visit_badge.setText("Première visite")
        self.flag_badge = badge("flagBadge")
        self.today_label = QLabel()
        self.today_label.setObjectName("deskToday")
        self.today_label.setWordWrap(True)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setObjectName("hint")
        self.empty_label.setWordWrap(True)

        self.reasons = ReasonToggles()
        reasons_title = QLabel("Motif du passage")
        reasons_title.setObjectName("deskFieldTitle")
        reasons_title.setToolTip("Alt+1 à Alt+5 changent les motifs")

        self.log_button = QPushButton("Enregistrer le passage   ⏎ Entrée")
        self.log_button.setObjectName("primary")
        self.log_button.setAccessibleName("Enregistrer le passage")
        self.log_button.setAutoDefault(True)  # Enter on the focused button presses it
        self.log_button.clicked.connect(self.sig_log_requested.emit)
        self.card_button = QPushButton("Ouvrir la &fiche")
        self.card_button.setAccessibleName("Ouvrir la fiche de la personne")
        self.card_button.setAutoDefault(True)
        self.card_button.clicked.connect(self.sig_card_requested.emit)
        self.status_label = QLabel()
        self.status_label.setObjectName("notice")
        self.status_label.setWordWrap(True)
        self.error_label = ErrorLabel()

        head = QHBoxLayout()
        head.setSpacing(10)
        head.addWidget(self.name_label)
        head.addWidget(self.number_label, 0, Qt.AlignmentFlag.AlignBaseline)
        head.addStretch(1)
        marks = QHBoxLayout()
        marks.setSpacing(8)
        for widget in (self.membership_badge, self.first_visit_badge, self.flag_badge):
            marks.addWidget(widget)
        marks.addStretch(1)
        actions = QHBoxLayout()
        actions.setSpacing(10)
        actions.addWidget(self.log_button)
        actions.addWidget(self.card_button)
        actions.addStretch(1)

        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(8)
        column.addWidget(self.empty_label)
        column.addLayout(head)
        column.addLayout(marks)
        column.addWidget(self.today_label)
        column.addSpacing(4)
        column.addWidget(reasons_title)
        column.addWidget(self.reasons)
        column.addSpacing(4)
        column.addLayout(actions)
        column.addWidget(self.status_label)
        column.addWidget(self.error_label)
        self.show_person(None)

    def show_person(self, result: SearchResult | None) -> None:
        """Show ``result`` (None: the empty state); the reasons go back to the default when
        the person changes."""
        changed = result is None or self.result is None or result.id != self.result.id
        self.result = result
        has = result is not None
        self.empty_label.setVisible(not has)
        for widget in (self.name_label, self.number_label):
            widget.setVisible(has)
        self.log_button.setEnabled(has)
        self.card_button.setEnabled(has)
        if changed:
            self.reasons.reset()
            self.status_label.clear()
            self.error_label.clear_message()
        if result is None:
            for widget in (self.membership_badge, self.first_visit_badge, self.flag_badge):
                widget.hide()
            self.today_label.hide()
            return
        self.name_label.setText(result.full_name)
        self.number_label.setText(result.number)
        membership = result.membership
        self.membership_badge.setText(
            "Non adhérent·e"
            if membership.state is MembershipState.NONE
            else f"Adhésion {membership.label}"
        )
        self.membership_badge.setProperty(
            "state", "valid" if result.membership.state is MembershipState.VALID else "other"
        )
        self.membership_badge.style().unpolish(self.membership_badge)
        self.membership_badge.style().polish(self.membership_badge)
        self.membership_badge.show()
        self.first_visit_badge.setVisible(result.first_visit)
        self.flag_badge.setText(result.flag_label)
        self.flag_badge.setVisible(bool(result.flag_label))
        today = " · ".join(r.label for r in result.today_registrations)
        self.today_label.setText(f"Inscrit·e aujourd'hui : {today}" if today else "")
        self.today_label.setVisible(bool(today))

    def show_status(self, text: str) -> None:
        self.error_label.clear_message()
        self.status_label.setText(text)
