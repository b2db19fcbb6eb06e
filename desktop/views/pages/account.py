"""Mon compte: who I am, and changing my own password."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.services.backend import Backend
from desktop.services.users import my_account
from desktop.views.labels import roles_text
from desktop.views.operations import run_op
from desktop.views.pages.base import Page, page_heading
from desktop.views.password import PasswordChangeForm
from desktop.vocabulary import EntityKind


class AccountPanel(QWidget):
    """The content of "Mon compte", also shown as a tab of Paramètres for administrators."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        column = QVBoxLayout(self)
        column.setSpacing(14)
        identity = QFormLayout()
        identity.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.name_label = QLabel()
        self.username_label = QLabel()
        self.roles_label = QLabel()
        self.roles_label.setWordWrap(True)
        identity.addRow("Nom", self.name_label)
        identity.addRow("Identifiant", self.username_label)
        identity.addRow("Rôles", self.roles_label)
        column.addLayout(identity)

        section = QLabel("Changer mon mot de passe")
        section.setObjectName("sectionTitle")
        column.addWidget(section)
        self.password_form = PasswordChangeForm()
        self.password_form.setMaximumWidth(640)
        column.addWidget(self.password_form)
        self.save_button = QPushButton("Enregistrer le nouveau mot de passe")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.change_password)
        column.addWidget(self.save_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        column.addWidget(self.notice)
        column.addStretch(1)

    def refresh(self) -> None:
        info = self.backend.call(my_account)
        self.name_label.setText(info.display_name)
        self.username_label.setText(info.username)
        self.roles_label.setText(roles_text(info.roles))

    def change_password(self) -> None:
        self.notice.clear()
        run_op(
            self,
            lambda: self.password_form.submit(self.backend),
            backend=self.backend,
            error_target=self.password_form,
            on_success=self._changed,
        )

    def _changed(self, _result: object) -> None:
        self.password_form.clear_inputs()
        self.notice.setText("Votre mot de passe a été changé.")


class AccountPage(Page):
    title = "Mon compte"
    watches = frozenset({EntityKind.USER})

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(backend, parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(48, 40, 48, 40)
        column.addWidget(page_heading(self.title))
        self.panel = AccountPanel(backend)
        column.addWidget(self.panel, 1)

    def page_shown(self) -> None:
        self.panel.refresh()

    def refresh(self) -> None:
        self.panel.refresh()
