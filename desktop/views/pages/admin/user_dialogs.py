"""Dialogs of the Utilisateurs tab: new account, roles, temporary password."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QVBoxLayout, QWidget

from desktop.services.auth import MIN_PASSWORD_LENGTH
from desktop.services.backend import Backend
from desktop.services.users import UserInfo, create_user, reset_password, set_roles
from desktop.views.forms import FormDialog, password_edit
from desktop.vocabulary import ROLE_LABELS, Role

ROLE_HINTS = {
    Role.ACCUEIL: "personnes, passages, caisse, ateliers",
    Role.ANIMATION: "programme, inscriptions, caisse",
    Role.SOCIAL: "dossiers d'accompagnement",
    Role.PSYCHOLOGUE: "dossiers et notes réservées",
    Role.ADMIN: "comptes, réglages, journal",
}


class RoleChecks(QWidget):
    """One check box per role."""

    def __init__(self, checked: frozenset[Role] = frozenset(), parent: QWidget | None = None):
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            box = QCheckBox(f"{ROLE_LABELS[role]} — {ROLE_HINTS[role]}")
            box.setChecked(role in checked)
            column.addWidget(box)
            self.boxes[role] = box

    def roles(self) -> list[Role]:
        return [role for role, box in self.boxes.items() if box.isChecked()]


class NewUserDialog(FormDialog):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(
            "Nouveau compte",
            ok_text="Créer le compte",
            intro="La personne choisira son propre mot de passe à sa première connexion.",
            parent=parent,
        )
        self.backend = backend
        self.created: UserInfo | None = None
        form = self.form
        self.display_name = form.add_field("display_name", "Nom affiché", QLineEdit())
        self.display_name.setPlaceholderText("Prénom Nom")
        self.username = form.add_field(
            "username",
            "Identifiant",
            QLineEdit(),
            hint="Lettres minuscules sans accent, chiffres, point ou tiret (ex. : l.dupont).",
        )
        self.roles = form.add_field("roles", "Rôles", RoleChecks())
        self.password = form.add_field(
            "password",
            "Mot de passe provisoire",
            password_edit(),
            hint=f"Au moins {MIN_PASSWORD_LENGTH} caractères, à communiquer à la personne.",
        )
        self.confirm = form.add_field("password_confirm", "Confirmation", password_edit())
        form.add_general_error()
        self.display_name.setFocus()

    def submit(self) -> None:
        self.created = self.backend.call(
            create_user,
            self.username.text(),
            self.display_name.text(),
            self.password.text(),
            self.roles.roles(),
            confirmation=self.confirm.text(),
        )


class RolesDialog(FormDialog):
    def __init__(self, backend: Backend, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(f"Rôles de {user.display_name}", parent=parent)
        self.backend = backend
        self.user = user
        self.updated: UserInfo | None = None
        self.roles = self.form.add_field("roles", "Rôles", RoleChecks(user.roles))
        self.form.add_general_error()

    def submit(self) -> None:
        self.updated = self.backend.call(set_roles, self.user.id, self.roles.roles())


class ResetPasswordDialog(FormDialog):
    def __init__(self, backend: Backend, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(
            f"Réinitialiser le mot de passe de {user.display_name}",
            ok_text="Réinitialiser",
            intro="Ce mot de passe provisoire devra être changé à la prochaine connexion.",
            parent=parent,
        )
        self.backend = backend
        self.user = user
        self.password = self.form.add_field(
            "password",
            "Mot de passe provisoire",
            password_edit(),
            hint=f"Au moins {MIN_PASSWORD_LENGTH} caractères.",
        )
        self.confirm = self.form.add_field("password_confirm", "Confirmation", password_edit())
        self.form.add_general_error()

    def submit(self) -> None:
        self.backend.call(
            reset_password, self.user.id, self.password.text(), confirmation=self.confirm.text()
        )
