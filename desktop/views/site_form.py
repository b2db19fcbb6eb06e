"""The "Créer le lieu" form of the first-run wizard."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.services.auth import MIN_PASSWORD_LENGTH
from desktop.services.setup import SiteSetup
from desktop.views.forms import ValidatedForm, password_edit


class SiteForm(ValidatedForm):
    """Field names match those of ``SiteSetup`` validation errors (``site_name``, ``series``,
    ``username``, ``display_name``, ``password``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_section("Le lieu")
        self.site_name = self.add_field("site_name", "Nom du lieu", QLineEdit())
        self.site_name.setPlaceholderText("La Ressourcerie")
        self.address = self.add_field("address", "Adresse", QLineEdit())
        self.address.setPlaceholderText("Rue, code postal, ville")
        self.legal = self.add_field(
            "legal_identifiers",
            "Identifiants légaux",
            QLineEdit(),
            hint="Facultatif : SIRET, numéro RNA… Ils figureront sur les reçus.",
        )

        self.add_section("Ce poste")
        self.series = self.add_field(
            "series",
            "Lettre de série",
            QLineEdit("A"),
            hint="Une lettre de A à Z, différente pour chaque ordinateur : elle numérote les "
            "reçus (A pour l'accueil, B pour un portable…).",
        )
        self.series.setMaxLength(1)
        self.series.setMaximumWidth(60)
        # Typed « a », shown « A »: the letter is upper-cased for the person, not refused.
        self.series.textEdited.connect(lambda text: self.series.setText(text.upper()))
        self.device_name = self.add_field("device_name", "Nom du poste", QLineEdit("Accueil"))

        self.add_section("Compte d'administration")
        self.display_name = self.add_field("display_name", "Prénom et nom", QLineEdit())
        self.username = self.add_field(
            "username",
            "Identifiant",
            QLineEdit(),
            hint="Lettres minuscules sans accent, chiffres, point ou tiret (ex. : direction).",
        )
        self.password = self.add_field(
            "password",
            "Mot de passe",
            password_edit(),
            hint=f"Au moins {MIN_PASSWORD_LENGTH} caractères.",
        )
        self.confirm = self.add_field("password_confirm", "Confirmation", password_edit())
        self.add_general_error()

    def site_setup(self) -> SiteSetup:
        """What was typed, as a SiteSetup (the services check it, confirmation included)."""
        return SiteSetup(
            site_name=self.site_name.text(),
            address=self.address.text(),
            legal_identifiers=self.legal.text(),
            series=self.series.text(),
            device_name=self.device_name.text(),
            admin_username=self.username.text(),
            admin_display_name=self.display_name.text(),
            admin_password=self.password.text(),
            admin_password_confirmation=self.confirm.text(),
        )
