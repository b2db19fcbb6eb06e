"""Logging in, then a forced password change when the password is temporary.

Non-blocking (dialogs are opened with ``open()``): the caller connects ``sig_logged_in`` and
``sig_cancelled``. The same flow serves the start of the application and "Changer d'utilisateur".
At start (:meth:`LoginFlow.start_opening`) the login window is drawn first and the database
opened behind it, so nothing heavier than Qt is imported before the window shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from desktop.views.login import LoginDialog
from desktop.views.operations import open_dialog

if TYPE_CHECKING:
    from desktop.services.backend import Backend


class LoginFlow(QObject):
    """Asks who logs in, then (when required) for a new password."""

    sig_logged_in = Signal()
    """``()`` — ``backend.actor`` is set and may work."""
    sig_cancelled = Signal()
    """``()`` — login abandoned (``backend.actor`` is then the previous user, or None after
    a refused password change)."""

    def __init__(
        self,
        backend: Backend | None,
        *,
        switching: bool = False,
        parent_widget: QWidget | None = None,
    ) -> None:
        super().__init__(parent_widget)
        self.backend = backend
        self.switching = switching
        self.parent_widget = parent_widget
        self.dialog: QDialog | None = None

    def start(self) -> None:
        self._show_login()

    def start_opening(self, open_backend: Callable[[QWidget], Backend | None]) -> None:
        """Show the login window now, and once it is drawn call ``open_backend(window)`` (it
        opens the database, possibly with dialogs of its own); None abandons (``cancelled``)."""
        dialog = self._show_login()

        def opened() -> None:
            try:
                backend = open_backend(dialog)
            except BaseException:
                dialog.reject()  # reported by the error handler; the start is abandoned
                raise
            if backend is None:
                dialog.reject()
                return
            self.backend = backend
            dialog.set_backend(backend)

        dialog.sig_drawn.connect(opened)

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        open_dialog(dialog)

    def _show_login(self) -> LoginDialog:
        dialog = LoginDialog(self.backend, switching=self.switching, parent=self.parent_widget)
        dialog.accepted.connect(self._after_login)
        dialog.rejected.connect(self.sig_cancelled)
        self._show(dialog)
        return dialog

    def _after_login(self) -> None:
        from desktop.services.users import my_account
        from desktop.views.password import ChangePasswordDialog

        assert self.backend is not None
        if not self.backend.call(my_account).must_change_password:
            self.dialog = None
            self.sig_logged_in.emit()
            return
        dialog = ChangePasswordDialog(self.backend, required=True, parent=self.parent_widget)
        dialog.accepted.connect(self._password_changed)
        dialog.rejected.connect(self._password_refused)
        self._show(dialog)

    def _password_changed(self) -> None:
        self.dialog = None
        self.sig_logged_in.emit()

    def _password_refused(self) -> None:
        assert self.backend is not None
        self.backend.logout()
        self._show_login()
