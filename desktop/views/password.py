"""Changing one's own password: a form reused by a dialog and by the "Mon compte" page."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.services.auth import MIN_PASSWORD_LENGTH
from desktop.services.backend import Backend
from desktop.services.users import change_own_password
from desktop.views.forms import FormDialog, ValidatedForm, password_edit


class PasswordChangeForm(ValidatedForm):
    """Current password, new password, confirmation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current = password_edit()
        self.new = password_edit()
        self.confirm = password_edit()
        self.add_field("current_password", "Mot de passe actuel", self.current)
        self.add_field(
            "password",
            "Nouveau mot de passe",
            self.new,
            hint=f"Au moins {MIN_PASSWORD_LENGTH} caractères ; une phrase facile à retenir "
            "convient très bien.",
        )
        self.add_field("password_confirm", "Confirmation", self.confirm)
        self.add_general_error()

    def submit(self, backend: Backend) -> None:
        """Change the password of the logged-in user; raises ValidationError(s)."""
        backend.call(
            change_own_password,
            self.current.text(),
            self.new.text(),
            confirmation=self.confirm.text(),
        )

    def clear_inputs(self) -> None:
        for edit in (self.current, self.new, self.confirm):
            edit.clear()


class ChangePasswordDialog(FormDialog):
    """``required``: after logging in with a temporary password (cancel = log out)."""

    def __init__(
        self, backend: Backend, *, required: bool = False, parent: QWidget | None = None
    ) -> None:
        intro = (
            "Votre mot de passe est provisoire. Choisissez-en un nouveau, connu de vous seule "
            "ou seul, avant de continuer."
            if required
            else ""
        )
        form = PasswordChangeForm()
        super().__init__(
            "Changer de mot de passe",
            ok_text="Changer le mot de passe",
            cancel_text="Se déconnecter" if required else "Annuler",
            intro=intro,
            form=form,
            parent=parent,
        )
        self.password_form = form
        self.backend = backend

    def submit(self) -> None:
        self.password_form.submit(self.backend)
