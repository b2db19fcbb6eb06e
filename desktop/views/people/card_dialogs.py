"""The person card's dialogs: « Modifier » and « Signaler à l'équipe sociale »."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from desktop.services.backend import Backend
from desktop.services.person_card import PersonCard
from desktop.services.person_records import (
    FLAG_COMMENT_MAX,
    FlagNotice,
    PersonEdit,
    PersonRef,
    flag_to_social_team,
    update_person,
)
from desktop.views.forms import FormDialog
from desktop.views.people.newcomer import heard_from_box
from desktop.vocabulary import CAREGIVER_LABELS, FLAG_REASON_LABELS, CaregiverStatus, FlagReason


class PersonEditDialog(FormDialog):
    """« Modifier »: names, contacts, how they heard of the place, caregiver status."""

    def __init__(self, backend: Backend, card: PersonCard, parent: QWidget | None = None):
        super().__init__(
            "Modifier la fiche", intro=f"{card.full_name} · {card.number}", parent=parent
        )
        self.backend = backend
        self.card = card
        self.updated: PersonRef | None = None
        form = self.form
        self.first_name = form.add_field("first_name", "Prénom", QLineEdit(card.first_name))
        self.last_name = form.add_field("last_name", "Nom", QLineEdit(card.last_name))
        self.usage_name = form.add_field(
            "usage_name", "Nom d'usage", QLineEdit(card.usage_name),
            hint="Ou nom de naissance (facultatif).",
        )  # fmt: skip
        self.phone = form.add_field("phone", "Téléphone", QLineEdit(card.phone_shown))
        self.email = form.add_field("email", "E-mail", QLineEdit(card.email))
        self.heard_from = form.add_field(
            "heard_from", "Connu·e par", heard_from_box(card.heard_from)
        )
        self.caregiver = form.add_field("caregiver_status", "Statut d'aidant·e", QComboBox())
        for status in CaregiverStatus:
            self.caregiver.addItem(CAREGIVER_LABELS[status], status)
        self.caregiver.setCurrentIndex(max(0, self.caregiver.findData(card.caregiver_status)))
        form.add_general_error()
        for edit, name in (
            (self.first_name, "Prénom"), (self.last_name, "Nom"), (self.usage_name, "Nom d'usage"),
            (self.phone, "Téléphone"), (self.email, "E-mail"),
        ):  # fmt: skip
            edit.setAccessibleName(name)
        self.caregiver.setAccessibleName("Statut d'aidant ou d'aidante")
        self.first_name.setFocus()

    def edit(self) -> PersonEdit:
        return PersonEdit(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            usage_name=self.usage_name.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            heard_from=self.heard_from.currentData(),
            caregiver_status=self.caregiver.currentData(),
        )

    def submit(self) -> None:
        self.updated = self.backend.call(update_person, self.card.id, self.edit())


class FlagDialog(FormDialog):
    """« Signaler à l'équipe sociale »: a reason and a few words, for the social team."""

    def __init__(self, backend: Backend, card: PersonCard, parent: QWidget | None = None):
        super().__init__(
            "Signaler à l'équipe sociale",
            ok_text="Signaler",
            intro=f"{card.first_name} {card.last_name} sera proposé·e à l'équipe sociale, qui "
            "prendra contact. Vous verrez seulement que le signalement a été fait.",
            parent=parent,
        )
        self.backend = backend
        self.card = card
        self.notice: FlagNotice | None = None
        self.reason = self.form.add_field("reason", "Motif", QComboBox())
        for reason in FlagReason:
            self.reason.addItem(FLAG_REASON_LABELS[reason], reason)
        self.reason.setAccessibleName("Motif du signalement")
        self.comment = self.form.add_field(
            "comment", "Message", QPlainTextEdit(),
            hint=f"Quelques mots, {FLAG_COMMENT_MAX} caractères au plus (facultatif).",
        )  # fmt: skip
        self.comment.setAccessibleName("Message pour l'équipe sociale")
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.comment.fontMetrics().lineSpacing() * 4 + 12)
        self.form.add_general_error()
        self.reason.setFocus()

    def submit(self) -> None:
        self.notice = self.backend.call(
            flag_to_social_team, self.card.id, self.reason.currentData(),
            self.comment.toPlainText(),
        )  # fmt: skip
