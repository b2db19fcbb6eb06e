"""Login dialog: at start and on "Changer d'utilisateur"; lists demo accounts on a demo site.

At start the dialog is drawn before the database is open (``backend`` None): the person can
already type, and :meth:`LoginDialog.set_backend` completes it once the file is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
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
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.services.errors import DomainError
from desktop.views.demo_support import demo_accounts
from desktop.views.forms import ErrorLabel, password_edit
from desktop.views.labels import roles_text
from desktop.views.operations import run_op
from desktop.views.tables import Column, RowTableModel

if TYPE_CHECKING:  # the backend pulls in SQLAlchemy: not needed to draw the window
    from desktop.services.backend import Backend

OPENING = "Ouverture du fichier de données…"


DEMO_COLUMNS: tuple[Column, ...] = (
    Column("Nom", lambda account: account.display_name),
    Column("Rôles", lambda account: roles_text(account.roles)),
    Column("Identifiant", lambda account: account.username),
    Column("Mot de passe", lambda account: account.password),
)


class DemoAccountsTable(QTableView):
    """The demo site's accounts; clicking one fills the login fields (``clicked`` row)."""

    def __init__(self, accounts: tuple, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.setModel(RowTableModel(DEMO_COLUMNS, accounts))
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ensurePolished()  # the stylesheet's fonts and paddings count in the sizes below
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.resizeColumnsToContents()
        self.resizeRowsToContents()
        columns = len(DEMO_COLUMNS)
        frame = 2 * self.frameWidth()
        self.setMinimumWidth(
            frame
            + 4
            + sum(max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(columns))
        )
        height = frame + header.sizeHint().height()
        height += sum(self.rowHeight(r) for r in range(min(len(accounts), 6)))
        self.setFixedHeight(height)


class LoginDialog(QDialog):
    """Asks for an identifier and a password; on success ``backend.actor`` is the new user.

    ``sig_drawn()``: emitted once, just after the dialog was first painted.
    """

    sig_drawn = Signal()

    def __init__(
        self, backend: Backend | None, *, switching: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.backend: Backend | None = None
        self._drawn = False
        self.setWindowTitle(f"Connexion — {APP_NAME}")
        self.setModal(True)
        column = QVBoxLayout(self)
        column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        column.setSpacing(14)
        column.setContentsMargins(28, 24, 28, 20)
        self.column = column

        title = QLabel(APP_NAME)
        title.setObjectName("dialogTitle")
        column.addWidget(title)
        self.site_line = QHBoxLayout()
        column.addLayout(self.site_line)

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
        self.status = QLabel(OPENING)
        self.status.setObjectName("hint")
        column.addWidget(self.status)

        self.demo_table: DemoAccountsTable | None = None
        self.demo_index = column.count()

        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(
            "Se connecter", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(
            "Annuler" if switching else "Quitter", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.login_button.setDefault(True)
        self.login_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.username.setFocus()
        if backend is not None:
            self.set_backend(backend)

    @property
    def is_ready(self) -> bool:
        """The database is open: logging in can be tried."""
        return self.backend is not None

    def set_backend(self, backend: Backend) -> None:
        """The database is open: show the site (and its demo accounts) and allow logging in."""
        self.backend = backend
        site = backend.site
        if site is not None:
            site_label = QLabel(site.name)
            site_label.setObjectName("siteName")
            self.site_line.addWidget(site_label)
            if site.is_demo:
                badge = QLabel("DÉMO")
                badge.setObjectName("demoBadge")
                self.site_line.addWidget(badge)
            self.site_line.addStretch(1)
        if site is not None and site.is_demo:
            accounts = demo_accounts()
            if accounts:
                hint = QLabel("Site de démonstration : cliquez sur un compte pour l'essayer.")
                hint.setObjectName("hint")
                hint.setWordWrap(True)
                self.column.insertWidget(self.demo_index, hint)
                self.demo_table = DemoAccountsTable(accounts)
                self.demo_table.clicked.connect(lambda index: self._fill_from_demo(index.row()))
                self.column.insertWidget(self.demo_index + 1, self.demo_table)
        self.status.hide()
        self.login_button.setEnabled(True)
        if self.isVisible():  # once the new rows are shown (Qt shows them on the next pass)
            QTimer.singleShot(0, self._recentre)

    def _recentre(self) -> None:
        """Grown by the site's lines: centre the window again on the screen's free area."""
        self.column.activate()  # the rows just added count in the size
        self.adjustSize()
        screen = self.screen()
        if screen is None:
            return
        area = screen.availableGeometry()
        frame = self.frameGeometry()  # the title bar counts, the size is the new one
        width = self.width() + frame.width() - self.geometry().width()
        height = self.height() + frame.height() - self.geometry().height()
        left = area.left() + max(0, (area.width() - width) // 2)
        top = area.top() + max(0, (area.height() - height) // 2)
        self.move(left, top)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._drawn:
            self._drawn = True
            QTimer.singleShot(0, self.sig_drawn.emit)

    def _fill_from_demo(self, row: int) -> None:
        assert self.demo_table is not None
        account = self.demo_table.accounts[row]
        self.username.setText(account.username)
        self.password.setText(account.password)
        self.error.clear_message()
        self.login_button.setFocus()

    def accept(self) -> None:
        backend = self.backend
        if backend is None:
            return  # still opening the file: Enter does nothing yet
        run_op(
            self,
            lambda: backend.login(self.username.text(), self.password.text()),
            error_target=self._refused,
            on_success=lambda _actor: QDialog.accept(self),
        )

    def _refused(self, error: DomainError) -> None:
        self.error.show_message(error.message)
        self.password.clear()
        target = self.password if self.username.text().strip() else self.username
        target.setFocus()
