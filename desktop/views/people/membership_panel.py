"""The person card's membership panel: status, memberships, join / renew, member card.

« Adhérer » / « Renouveler » opens the cash desk's « Encaisser » dialog (the one payment
path) with the person as payer and the membership form in front; the met-team date and the
charter are confirmed there. The panel follows the change signal: once the receipt is
issued, the status shown changes by itself.
"""

from __future__ import annotations

import uuid
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.backend import Backend
from desktop.services.formatting import date_short, money
from desktop.services.membership_overview import (
    MembershipOverview,
    MembershipRecord,
    membership_overview,
)
from desktop.services.people import MembershipState
from desktop.services.permissions import Capability
from desktop.views.cash.checkout import CheckoutDialog
from desktop.views.changes import follow_changes
from desktop.views.forms import ErrorLabel, hint_label
from desktop.views.operations import open_dialog, run_op
from desktop.views.tables import GREY, RIGHT, Column, RowTableModel, read_only_rows
from desktop.vocabulary import EntityKind

# What the panel shows depends on: memberships (created by receipts), receipts (a
# cancellation ends one), the person (name, merge).
WATCHED = frozenset({EntityKind.MEMBERSHIP, EntityKind.RECEIPT, EntityKind.PERSON})
STATUS_COLOURS = {
    MembershipState.VALID: "#1b6e3a",
    MembershipState.EXPIRED: "#b3261e",
    MembershipState.NONE: "#5f6b73",
}


def _columns(overview: MembershipOverview | None) -> list[Column[MembershipRecord]]:
    def stage(record: MembershipRecord) -> str:
        return overview.stage(record) if overview is not None else ""

    return [
        Column("N° d'adhésion", lambda m: m.number),
        Column(
            "Validité",
            lambda m: f"{date_short(m.valid_from)} → {date_short(m.valid_until)}",
            sort_key=lambda m: m.valid_from,
            tooltip=lambda m: f"Adhésion {m.period}",
        ),
        Column(
            "État",
            stage,
            foreground=lambda m: GREY if stage(m) in ("annulée", "terminée") else None,
        ),
        Column(
            "Rencontre équipe",
            lambda m: date_short(m.met_team_on),
            sort_key=lambda m: m.met_team_on,
            tooltip=lambda m: f"Rencontre avec l'équipe le {date_short(m.met_team_on)}",
        ),
        Column(
            "Charte acceptée",
            lambda m: date_short(m.charter_accepted_on),
            sort_key=lambda m: m.charter_accepted_on,
            tooltip=lambda m: f"Enregistrée par {m.recorded_by}" if m.recorded_by else None,
        ),
        Column("Reçu", lambda m: m.receipt_number),
        Column(
            "Montant",
            lambda m: money(m.amount_cents) if m.amount_cents is not None else "",
            align=RIGHT,
            sort_key=lambda m: m.amount_cents or 0,
        ),
    ]


class MembershipPanel(QGroupBox):
    """One person's membership: today's status, every membership, join / renew, card.

    ``overview`` is what is shown (None until read, or when the person is not found);
    ``checkout`` the « Encaisser » dialog last opened from here.
    """

    def __init__(self, backend: Backend, person_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__("Adhésion", parent)
        self.backend = backend
        self.person_id = person_id
        self.overview: MembershipOverview | None = None
        self.checkout: CheckoutDialog | None = None
        self.card_preview: QDialog | None = None

        self.status_label = QLabel()
        self.status_label.setAccessibleName("Statut d'adhésion")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label = hint_label("")
        self.detail_label.setAccessibleName("Dernière adhésion")

        self.model: RowTableModel[MembershipRecord] = RowTableModel(_columns(None))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Adhésions de la personne")
        read_only_rows(self.table)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(110)
        self.empty_label = hint_label("Aucune adhésion enregistrée.")

        self.join_button = QPushButton("&Adhérer…")
        self.join_button.setAccessibleName("Adhérer")
        self.card_button = QPushButton("&Carte de membre…")
        self.card_button.setAccessibleName("Carte de membre")
        self.card_button.setToolTip("Afficher la carte de membre avant de l'imprimer")
        for button in (self.join_button, self.card_button):
            button.setAutoDefault(False)
        self.error = ErrorLabel()

        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.join_button)
        status_row.addWidget(self.card_button)
        layout = QVBoxLayout(self)
        layout.addLayout(status_row)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        self.setTabOrder(self.join_button, self.card_button)
        self.setTabOrder(self.card_button, self.table)

        self.join_button.clicked.connect(self.join)
        self.card_button.clicked.connect(self.show_card)
        follow_changes(self, backend, WATCHED, self.refresh)
        self.refresh()

    # Reading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the person's memberships again and show them."""
        overview = run_op(
            self,
            lambda: self.backend.call(membership_overview, self.person_id),
            error_target=self.error,
        )
        self._show(overview)

    def _show(self, overview: MembershipOverview | None) -> None:
        self.overview = overview
        actor = self.backend.actor
        may_sell = actor is not None and actor.can(Capability.CASH)
        may_print = actor is not None and actor.can(Capability.CASH_READ)
        if overview is None:
            self.status_label.setText("")
            self.detail_label.setText("")
            self.model.set_rows([], _columns(None))
            self.join_button.setEnabled(False)
            self.card_button.setEnabled(False)
            return
        status = overview.status
        colour = STATUS_COLOURS[status.state]
        self.status_label.setText(
            f'<span style="font-size: 14pt; font-weight: 600; color: {colour}">'
            f"{escape(status.label[:1].upper() + status.label[1:], quote=False)}</span>"
        )
        self.detail_label.setText(self._detail(overview))
        self.model.set_rows(overview.memberships, _columns(overview))
        self.table.setVisible(bool(overview.memberships))
        self.empty_label.setVisible(not overview.memberships)

        renew = overview.ever_member
        self.join_button.setText("&Renouveler…" if renew else "&Adhérer…")
        self.join_button.setAccessibleName("Renouveler" if renew else "Adhérer")
        self.join_button.setEnabled(may_sell)
        self.join_button.setToolTip(
            (
                "Encaisser le renouvellement de l'adhésion"
                if renew
                else "Encaisser l'adhésion (rencontre avec l'équipe et charte à confirmer)"
            )
            if may_sell
            else "Votre profil ne permet pas d'encaisser une adhésion."
        )
        self.card_button.setEnabled(may_print and overview.has_card)
        if not may_print:
            self.card_button.setToolTip("Votre profil ne permet pas d'imprimer les cartes.")
        elif not overview.has_card:
            self.card_button.setToolTip("Pas de carte sans adhésion, en cours ou passée.")
        else:
            self.card_button.setToolTip("Afficher la carte de membre avant de l'imprimer")

    @staticmethod
    def _detail(overview: MembershipOverview) -> str:
        standing = [m for m in overview.memberships if not m.cancelled]
        if not standing:
            return "L'adhésion demande une rencontre avec l'équipe et l'acceptation de la charte."
        latest = max(standing, key=lambda m: m.valid_until)
        text = f"Adhésion {latest.number} {latest.period}"
        if overview.status.state is MembershipState.VALID and latest.valid_from > overview.on:
            text += " (renouvellement déjà payé)"
        return escape(text + ".", quote=False)

    # Actions ----------------------------------------------------------------------------
    def join(self) -> None:
        """« Adhérer » / « Renouveler »: the « Encaisser » dialog, membership form in front."""
        if self.overview is None:
            return
        dialog = CheckoutDialog(self.backend, self.overview.person, self, membership=True)
        self.checkout = dialog
        open_dialog(dialog)

    def show_card(self) -> None:
        """The member card in the PDF preview (print from there)."""
        from desktop.services.printing.card import member_card_pdf
        from desktop.views.pdf_preview import PdfPreviewDialog

        if self.overview is None:
            return
        pdf = run_op(
            self,
            lambda: self.backend.call(member_card_pdf, self.person_id),
            error_target=self.error,
        )
        if pdf is None:
            return
        person = self.overview.person
        dialog = PdfPreviewDialog(
            pdf,
            title=f"Carte de membre — {person.full_name}",
            file_name=f"carte_{person.number}.pdf",
            parent=self,
        )
        self.card_preview = dialog
        open_dialog(dialog)
