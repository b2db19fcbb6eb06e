"""The lock screen: covers the whole window, shows no personal data."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.views.forms import ErrorLabel, password_edit


class LockPage(QWidget):
    """Site name, who is logged in, a password field and "Changer d'utilisateur"."""

    sig_unlock_requested = Signal(str)
    """``(password)`` — the person asked to unlock with this password."""
    sig_switch_user_requested = Signal()
    """``()`` — another person wants to log in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        card = QWidget()
        card.setObjectName("lockCard")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card.setFixedWidth(520)
        column = QVBoxLayout(card)
        column.setContentsMargins(36, 32, 36, 28)
        column.setSpacing(12)

        self.site_label = QLabel()
        self.site_label.setObjectName("lockSite")
        self.site_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.site_label.setWordWrap(True)
        column.addWidget(self.site_label)
        title = QLabel("Poste verrouillé")
        title.setObjectName("lockTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(title)
        self.user_label = QLabel()
        self.user_label.setObjectName("lockUser")
        self.user_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.user_label.setWordWrap(True)
        column.addWidget(self.user_label)

        self.password = password_edit("Mot de passe")
        self.password.returnPressed.connect(self._unlock)
        column.addWidget(self.password)
        self.error = ErrorLabel()
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.error)

        buttons = QHBoxLayout()
        self.switch_button = QPushButton("Changer d'utilisateur")
        self.switch_button.clicked.connect(self.sig_switch_user_requested)
        self.unlock_button = QPushButton("Déverrouiller")
        self.unlock_button.setObjectName("primary")
        self.unlock_button.clicked.connect(self._unlock)
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        column.addLayout(buttons)

        outer.addWidget(card, alignment=Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(3)

    def set_context(self, site_name: str, user_name: str | None) -> None:
        """Who is shown; ``user_name`` None when nobody is logged in any more."""
        self.site_label.setText(site_name)
        logged_in = user_name is not None
        self.user_label.setText(
            f"Session de {user_name}.\nSaisissez votre mot de passe pour reprendre."
            if logged_in
            else "Personne n'est connecté sur ce poste."
        )
        self.password.setVisible(logged_in)
        self.unlock_button.setVisible(logged_in)
        self.switch_button.setText("Changer d'utilisateur" if logged_in else "Se connecter")
        self.switch_button.setObjectName("" if logged_in else "primary")
        self.switch_button.style().unpolish(self.switch_button)
        self.switch_button.style().polish(self.switch_button)

    def prepare(self) -> None:
        """Empty the password and the error, ready for typing."""
        self.password.clear()
        self.error.clear_message()
        if self.password.isVisibleTo(self):
            self.password.setFocus()
        else:
            self.switch_button.setFocus()

    def show_error(self, message: str) -> None:
        self.error.show_message(message)
        self.password.clear()
        self.password.setFocus()

    def _unlock(self) -> None:
        self.sig_unlock_requested.emit(self.password.text())
