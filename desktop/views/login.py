"""Login dialog: at start and on "Changer d'utilisateur"; lists demo accounts on a demo site."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.services.backend import Backend
from desktop.services.errors import DomainError
from desktop.views.demo_support import demo_accounts
from desktop.views.forms import ErrorLabel, password_edit
from desktop.views.labels import roles_text
from desktop.views.operations import run_op


class DemoAccountsTable(QTableWidget):
    """The demo site's accounts; clicking one fills the login fields."""

    HEADERS = ("Nom", "Rôles", "Identifiant", "Mot de passe")

    def __init__(self, accounts: tuple, parent: QWidget | None = None) -> None:
        super().__init__(len(accounts), len(self.HEADERS), parent)
        self.accounts = accounts
        self.setHorizontalHeaderLabels(self.HEADERS)
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for row, account in enumerate(accounts):
            values = (
                account.display_name,
                roles_text(account.roles),
                account.username,
                account.password,
            )
            for column, value in enumerate(values):
                self.setItem(row, column, QTableWidgetItem(value))
        self.ensurePolished()  # the stylesheet's fonts and paddings count in the sizes below
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.resizeColumnsToContents()
        frame = 2 * self.frameWidth()
        self.setMinimumWidth(
            frame
            + 4
            + sum(
                max(self.sizeHintForColumn(c), header.sectionSizeHint(c))
                for c in range(self.columnCount())
            )
        )
        height = frame + header.sizeHint().height()
        height += sum(self.rowHeight(r) for r in range(min(len(accounts), 6)))
        self.setFixedHeight(height)


class LoginDialog(QDialog):
    """Asks for an identifier and a password; on success ``backend.actor`` is the new user."""

    def __init__(
        self, backend: Backend, *, switching: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        site = backend.site
        self.setWindowTitle(f"Connexion — {APP_NAME}")
        self.setModal(True)
        column = QVBoxLayout(self)
        column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        column.setSpacing(14)
        column.setContentsMargins(28, 24, 28, 20)

        title = QLabel(APP_NAME)
        title.setObjectName("dialogTitle")
        column.addWidget(title)
        if site is not None:
            line = QHBoxLayout()
            site_label = QLabel(site.name)
            site_label.setObjectName("siteName")
            line.addWidget(site_label)
            if site.is_demo:
                badge = QLabel("DÉMO")
                badge.setObjectName("demoBadge")
                line.addWidget(badge)
            line.addStretch(1)
            column.addLayout(line)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.username = QLineEdit()
        self.username.setPlaceholderText("par exemple : camille")
        self.password = password_edit()
        self.username.setMinimumWidth(300)
        form.addRow("Identifiant", self.username)
        form.addRow("Mot de passe", self.password)
        column.addLayout(form)
        self.error = ErrorLabel()
        column.addWidget(self.error)

        self.demo_table: DemoAccountsTable | None = None
        if site is not None and site.is_demo:
            accounts = demo_accounts()
            if accounts:
                hint = QLabel("Site de démonstration : cliquez sur un compte pour l'essayer.")
                hint.setObjectName("hint")
                hint.setWordWrap(True)
                column.addWidget(hint)
                self.demo_table = DemoAccountsTable(accounts)
                self.demo_table.cellClicked.connect(self._fill_from_demo)
                column.addWidget(self.demo_table)

        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(
            "Se connecter", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(
            "Annuler" if switching else "Quitter", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.login_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.username.setFocus()

    def _fill_from_demo(self, row: int, _column: int = 0) -> None:
        assert self.demo_table is not None
        account = self.demo_table.accounts[row]
        self.username.setText(account.username)
        self.password.setText(account.password)
        self.error.clear_message()
        self.login_button.setFocus()

    def accept(self) -> None:
        run_op(
            self,
            lambda: self.backend.login(self.username.text(), self.password.text()),
            error_target=self._refused,
            on_success=lambda _actor: QDialog.accept(self),
        )

    def _refused(self, error: DomainError) -> None:
        self.error.show_message(error.message)
        self.password.clear()
        target = self.password if self.username.text().strip() else self.username
        target.setFocus()
