"""The person card (« fiche ») as a dialog: identity, consents, visits, registrations,
memberships, receipts; « Modifier », « Signaler à l'équipe sociale », « Fusionner… ».

The Adhésions tab is the :class:`MembershipPanel` (join and renew through Encaisser, member
card); « Fusionner… » opens the :class:`MergeDialog` (and emits
:attr:`PersonCardDialog.sig_merge_requested`).
The card follows the change signal: what the desk does elsewhere shows at once.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.backend import Backend
from desktop.services.errors import DomainError, NotFound
from desktop.services.formatting import date_short, datetime_short, local
from desktop.services.person_card import PersonCard, person_card
from desktop.services.person_records import set_consent
from desktop.views import messages
from desktop.views.changes import follow_changes
from desktop.views.forms import ErrorLabel, ReleasedDialog, hint_label, wrappable
from desktop.views.operations import open_dialog, run_op
from desktop.views.people.card_dialogs import FlagDialog, PersonEditDialog
from desktop.views.people.card_tables import (
    CONSENT_COLUMNS,
    RECEIPT_COLUMNS,
    REGISTRATION_COLUMNS,
    VISIT_COLUMNS,
)
from desktop.views.people.membership_panel import MembershipPanel
from desktop.views.people.merge_dialog import MergeDialog
from desktop.views.tables import RowTableModel, read_only_rows
from desktop.vocabulary import CONSENT_LABELS, ConsentKind, EntityKind

WATCHES = frozenset(
    {
        EntityKind.PERSON, EntityKind.VISIT, EntityKind.MEMBERSHIP, EntityKind.FLAG,
        EntityKind.RECEIPT, EntityKind.REGISTRATION,
    }
)  # fmt: skip
TABS = ("Identité", "Consentements", "Passages", "Inscriptions", "Adhésions", "Reçus")


def _table(model: RowTableModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    read_only_rows(table)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PersonCardDialog(ReleasedDialog):
    """One person's card; ``card`` holds what is shown (None until loaded)."""

    sig_merge_requested = Signal(object)
    """``(person_id: uuid.UUID)`` — « Fusionner… »: merge this person with another."""

    def __init__(self, backend: Backend, person_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.person_id = person_id
        self.card: PersonCard | None = None
        self.setWindowTitle("Fiche de la personne")
        self.setModal(True)
        self.resize(820, 600)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 18)
        column.setSpacing(10)

        self.title = QLabel()
        self.title.setObjectName("dialogTitle")
        self.title.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.flags_label = QLabel()
        self.flags_label.setObjectName("notice")
        self.flags_label.setWordWrap(True)
        column.addWidget(self.title)
        column.addWidget(self.summary)
        column.addWidget(self.flags_label)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Rubriques de la fiche")
        column.addWidget(self.tabs, 1)
        self._build_identity()
        self._build_consents()
        self.visits_model: RowTableModel = RowTableModel(VISIT_COLUMNS)
        self.visits_count = QLabel()
        self._add_list_tab("Passages", self.visits_model, self.visits_count)
        self.registrations_model: RowTableModel = RowTableModel(REGISTRATION_COLUMNS)
        self._add_list_tab("Inscriptions", self.registrations_model, None)
        self._build_memberships()
        self.receipts_model: RowTableModel = RowTableModel(RECEIPT_COLUMNS)
        self.receipts_tab = self._add_list_tab("Reçus", self.receipts_model, None)

        self.error = ErrorLabel()
        column.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.edit_button = buttons.addButton("Modifier…", QDialogButtonBox.ButtonRole.ActionRole)
        self.flag_button = buttons.addButton(
            "Signaler à l'équipe sociale…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.merge_button = buttons.addButton("Fusionner…", QDialogButtonBox.ButtonRole.ActionRole)
        self.merge_button.setToolTip("Réunir cette fiche et une autre fiche de la même personne")
        self.close_button = buttons.addButton("Fermer", QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.edit_button, self.flag_button, self.merge_button):
            button.setAutoDefault(False)
        column.addWidget(buttons)
        self.edit_button.clicked.connect(self.edit)
        self.flag_button.clicked.connect(self.flag)
        self.merge_button.clicked.connect(lambda: self.sig_merge_requested.emit(self.person_id))
        self.sig_merge_requested.connect(self.merge)
        buttons.rejected.connect(self.reject)
        follow_changes(self, backend, WATCHES, self.refresh)
        self.refresh()

    # --- tabs -----------------------------------------------------------------------------

    def _build_identity(self) -> None:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        self.identity: dict[str, QLabel] = {}
        rows = (
            ("number", "N° de personne"), ("first_name", "Prénom"), ("last_name", "Nom"),
            ("usage_name", "Nom d'usage"), ("phone", "Téléphone"), ("email", "E-mail"),
            ("heard_from", "Connu·e par"), ("caregiver", "Statut d'aidant·e"),
            ("created", "Fiche créée le"),
        )  # fmt: skip
        for row, (key, caption) in enumerate(rows):
            label = QLabel(caption)
            value = _value_label()
            label.setBuddy(value)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.identity[key] = value
        grid.setRowStretch(len(rows), 1)
        self.tabs.addTab(page, "Identité")

    def _build_consents(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(
            hint_label("Cocher ou décocher enregistre la décision, datée, à votre nom.")
        )
        self.consent_boxes: dict[ConsentKind, QCheckBox] = {}
        self.consent_since: dict[ConsentKind, QLabel] = {}
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, kind in enumerate(ConsentKind):
            box = QCheckBox(CONSENT_LABELS[kind])
            box.setAccessibleName(CONSENT_LABELS[kind])
            box.clicked.connect(lambda checked, k=kind: self._set_consent(k, checked))
            since = QLabel()
            since.setObjectName("hint")
            since.setWordWrap(True)
            grid.addWidget(box, row, 0)
            grid.addWidget(since, row, 1)
            self.consent_boxes[kind] = box
            self.consent_since[kind] = since
        column.addLayout(grid)
        column.addWidget(QLabel("Historique"))
        self.consents_model: RowTableModel = RowTableModel(CONSENT_COLUMNS)
        column.addWidget(_table(self.consents_model), 1)
        self.tabs.addTab(page, "Consentements")

    def _add_list_tab(self, title: str, model: RowTableModel, top: QLabel | None) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        if top is not None:
            column.addWidget(top)
        column.addWidget(_table(model), 1)
        self.tabs.addTab(page, title)
        return page

    def _build_memberships(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        # The panel reads and follows the memberships itself (status, list, join, card).
        self.membership_panel = MembershipPanel(self.backend, self.person_id)
        self.membership_panel.setTitle("")  # the tab already says « Adhésions »
        column.addWidget(self.membership_panel, 1)
        self.tabs.addTab(page, "Adhésions")

    # --- data -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the card again and show it (a card merged away or deleted closes)."""
        run_op(self, lambda: self.backend.call(person_card, self.person_id),
               on_success=self._show, error_target=self._failed)  # fmt: skip

    def _failed(self, error: DomainError) -> None:
        if isinstance(error, NotFound) and self.card is not None:
            messages.warn(self, error.message)
            self.reject()
        else:
            self.error.show_message(error.message)

    def _show(self, card: PersonCard) -> None:
        self.card = card
        self.setWindowTitle(f"Fiche de {card.first_name} {card.last_name}")
        self.title.setText(wrappable(f"{card.full_name} · {card.number}"))
        visits = len(card.visits)
        last = f", la dernière le {date_short(local(card.visits[0].at).date())}" if visits else ""
        self.summary.setText(
            wrappable(f"Adhésion : {card.membership.label} · {visits} passage(s){last}")
        )
        self.flags_label.setText(" · ".join(card.flag_labels))
        self.flags_label.setVisible(bool(card.flags))
        values = {
            "number": card.number, "first_name": card.first_name, "last_name": card.last_name,
            "usage_name": card.usage_name or "—", "phone": card.phone_shown or "—",
            "email": card.email or "—", "heard_from": card.heard_from_label,
            "caregiver": card.caregiver_label, "created": datetime_short(card.created_at),
        }  # fmt: skip
        for key, value in values.items():
            self.identity[key].setText(wrappable(value))
        for state in card.consents:
            self.consent_boxes[state.kind].setChecked(state.given)
            last_event = state.last
            self.consent_since[state.kind].setText(
                "jamais demandé" if last_event is None else
                f"{'donné' if last_event.given else 'retiré'} le {datetime_short(last_event.at)}"
                + (f" par {last_event.recorded_by}" if last_event.recorded_by else "")
            )  # fmt: skip
        self.consents_model.set_rows(card.consent_history)
        self.visits_count.setText(f"{visits} passage(s), le plus récent en premier.")
        self.visits_model.set_rows(card.visits)
        self.registrations_model.set_rows(card.registrations)
        index = self.tabs.indexOf(self.receipts_tab)
        self.tabs.setTabVisible(index, card.receipts is not None)
        self.receipts_model.set_rows(card.receipts or ())

    # --- actions --------------------------------------------------------------------------

    def merge(self) -> None:
        """« Fusionner… »: choose the other record and the surviving values."""
        self.merge_dialog = MergeDialog(self.backend, self.person_id, self)
        open_dialog(self.merge_dialog)

    def _set_consent(self, kind: ConsentKind, given: bool) -> None:
        run_op(self, lambda: self.backend.call(set_consent, self.person_id, kind, given),
               error_target=self.error, on_failure=lambda _e: self.refresh())  # fmt: skip

    def edit(self) -> None:
        if self.card is not None:
            open_dialog(PersonEditDialog(self.backend, self.card, parent=self))

    def flag(self) -> None:
        if self.card is None:
            return
        open_dialog(FlagDialog(self.backend, self.card, parent=self))

    def select_tab(self, title: str) -> None:
        """Show the tab named ``title`` (one of TABS)."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == title:
                self.tabs.setCurrentIndex(index)
