"""Paramètres › Utilisateurs: staff accounts, through the services of desktop.services.users."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.backend import Backend
from desktop.services.users import UserInfo, list_users, set_active
from desktop.views import messages
from desktop.views.operations import open_dialog, run_op
from desktop.views.pages.admin.user_dialogs import NewUserDialog, ResetPasswordDialog, RolesDialog
from desktop.views.pages.admin.users_model import UsersTableModel


class UsersTab(QWidget):
    """The administrator's list of staff accounts."""

    sig_own_account_changed = Signal()
    """``()`` — the logged-in administrator changed their own roles."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.active_dialog: QDialog | None = None
        self.model = UsersTableModel()
        column = QVBoxLayout(self)
        column.setSpacing(10)

        buttons = QHBoxLayout()
        self.new_button = QPushButton("Nouveau…")
        self.new_button.setObjectName("primary")
        self.roles_button = QPushButton("Modifier les rôles…")
        self.reset_button = QPushButton("Réinitialiser le mot de passe…")
        self.active_button = QPushButton("Désactiver")
        for button in (self.new_button, self.roles_button, self.reset_button, self.active_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.doubleClicked.connect(lambda _index: self.edit_roles())
        column.addWidget(self.table, 1)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        column.addWidget(self.notice)

        self.new_button.clicked.connect(self.new_user)
        self.roles_button.clicked.connect(self.edit_roles)
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- data -----------------------------------------------------------------------------

    def refresh(self, select: uuid.UUID | None = None) -> None:
        selected = self.selected_user()
        keep = select or (selected.id if selected is not None else None)
        self.model.set_users(self.backend.call(list_users))
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()

    def selected_user(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.user(rows[0].row()) if rows else None

    def select_username(self, username: str) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.user(row).username == username:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        user = self.selected_user()
        for button in (self.roles_button, self.reset_button, self.active_button):
            button.setEnabled(user is not None)
        self.active_button.setText(
            "Réactiver" if user is not None and not user.active else "Désactiver"
        )

    # --- actions --------------------------------------------------------------------------

    def _open(self, dialog: QDialog, on_accepted: Callable[[], None]) -> None:
        self.active_dialog = dialog
        open_dialog(dialog, on_accepted=on_accepted, on_finished=self._dialog_finished)

    def _dialog_finished(self, _code: int) -> None:
        self.active_dialog = None

    def new_user(self) -> None:
        dialog = NewUserDialog(self.backend, parent=self)

        def created() -> None:
            assert dialog.created is not None
            self.notice.setText(
                f"Compte de {dialog.created.display_name} créé. Communiquez-lui son identifiant "
                f"« {dialog.created.username} » et son mot de passe provisoire."
            )
            self.refresh(select=dialog.created.id)

        self._open(dialog, created)

    def edit_roles(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        dialog = RolesDialog(self.backend, user, parent=self)

        def saved() -> None:
            self.notice.setText(f"Rôles de {user.display_name} enregistrés.")
            self.refresh(select=user.id)
            actor = self.backend.actor
            if actor is not None and user.id == actor.user_id:
                self.sig_own_account_changed.emit()

        self._open(dialog, saved)

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        dialog = ResetPasswordDialog(self.backend, user, parent=self)

        def saved() -> None:
            self.notice.setText(
                f"Mot de passe provisoire de {user.display_name} enregistré : il devra être "
                "changé à la prochaine connexion."
            )
            self.refresh(select=user.id)

        self._open(dialog, saved)

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if user.active and not messages.confirm(
            self,
            f"Désactiver le compte de {user.display_name} ? Cette personne ne pourra plus se "
            "connecter. Son historique est conservé et le compte peut être réactivé.",
            yes="Désactiver",
        ):
            return
        self.notice.setText("")
        if run_op(self, lambda: self.backend.call(set_active, user.id, not user.active)) is None:
            return
        state = "réactivé" if not user.active else "désactivé"
        self.notice.setText(f"Compte de {user.display_name} {state}.")
        self.refresh(select=user.id)
