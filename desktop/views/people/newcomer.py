"""« Nouvelle personne »: a newcomer's form, the possible duplicates shown before creating.

The Accueil page opens it with what was typed in its search (:func:`prefilled`): the first
word becomes the first name, the rest the last name (a phone or an e-mail goes to its field).
Without the consent to keep their data nobody is created: « Passage anonyme » is offered.
"""

from __future__ import annotations

import re
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.backend import Backend
from desktop.services.contact import phone_e164
from desktop.services.errors import DomainError
from desktop.services.formatting import date_short
from desktop.services.person_records import (
    DuplicateCandidate,
    NewPerson,
    PersonRef,
    PossibleDuplicates,
    create_person,
)
from desktop.views.forms import FormDialog, hint_label, wrappable
from desktop.views.operations import run_op
from desktop.vocabulary import HEARD_FROM_LABELS, HeardFrom

_WORD_START = re.compile(r"(^|[\s\-'’])(\w)")


def prefilled(typed: str) -> NewPerson:
    """What the search field held, as a start of the form: « marie dupont » → first name
    « Marie », last name « Dupont »; a phone or an e-mail goes to its own field."""
    text = " ".join(typed.split())
    if not text:
        return NewPerson()
    if "@" in text and " " not in text:
        return NewPerson(email=text)
    if phone_e164(text) is not None:
        return NewPerson(phone=text)
    first, _space, last = text.partition(" ")
    if text == text.lower():  # typed in a hurry: give the names their capitals
        first, last = _capitals(first), _capitals(last)
    return NewPerson(first_name=first, last_name=last)


def _capitals(name: str) -> str:
    """« lefèvre-œuvray » → « Lefèvre-Œuvray », « l'hôte » → « L'Hôte »."""
    return _WORD_START.sub(lambda m: m[1] + m[2].upper(), name)


def heard_from_box(current: HeardFrom | None = None) -> QComboBox:
    """« Comment a-t-elle connu le lieu ? », « Non précisé » first."""
    box = QComboBox()
    box.addItem("Non précisé", None)
    for value in HeardFrom:
        box.addItem(HEARD_FROM_LABELS[value], value)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


class DuplicatesPanel(QGroupBox):
    """The known persons who may be the newcomer, each with « C'est cette personne »."""

    sig_chosen = Signal(object)
    """``(person_id: uuid.UUID)`` — the newcomer is this known person."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Cette personne est peut-être déjà connue", parent)
        self.column = QVBoxLayout(self)
        self.column.setSpacing(6)
        self.rows: list[tuple[DuplicateCandidate, QPushButton]] = []
        self.create_anyway = QPushButton("Créer quand même")
        self.create_anyway.setAutoDefault(False)
        self.create_anyway.setAccessibleName("Créer quand même une nouvelle fiche")
        self.hide()

    def show_candidates(self, candidates: list[DuplicateCandidate]) -> None:
        while self.column.count():
            item = self.column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.create_anyway:
                widget.deleteLater()
        self.rows = []
        self.column.addWidget(
            hint_label("Vérifiez avec la personne avant de créer une nouvelle fiche.")
        )
        for candidate in candidates:
            row = QWidget()
            line = QVBoxLayout(row)
            line.setContentsMargins(0, 6, 0, 0)
            line.setSpacing(4)
            text = QLabel(wrappable(self._describe(candidate)))
            text.setWordWrap(True)
            line.addWidget(text)
            button = QPushButton("C'est cette personne")
            button.setAutoDefault(False)
            button.setAccessibleName(f"C'est {candidate.full_name}")
            button.clicked.connect(lambda _c=False, pid=candidate.id: self.sig_chosen.emit(pid))
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.column.addWidget(row)
            self.rows.append((candidate, button))
        self.column.addStretch(1)
        self.column.addWidget(self.create_anyway, 0, Qt.AlignmentFlag.AlignRight)
        self.show()

    @staticmethod
    def _describe(candidate: DuplicateCandidate) -> str:
        contacts = " · ".join(c for c in (candidate.phone, candidate.email) if c)
        seen = ""
        if candidate.last_visit_on is not None:
            seen = f" · dernière visite le {date_short(candidate.last_visit_on)}"
        details = f"\n{contacts}{seen}" if contacts or seen else ""
        return f"{candidate.label}{details}"


class NewcomerDialog(FormDialog):
    """« Nouvelle personne ». After it closes accepted, ``person_id`` is the person
    created or recognised (``created`` is None when a known person was chosen)."""

    sig_person_chosen = Signal(object)
    """``(person_id: uuid.UUID)`` — the person created, or the known one recognised."""
    sig_anonymous_visit = Signal()
    """``()`` — no consent to keep their data: log an anonymous visit instead."""

    def __init__(self, backend: Backend, typed: str = "", parent: QWidget | None = None):
        super().__init__(
            "Nouvelle personne",
            ok_text="Créer la fiche",
            intro="Le prénom et le nom ne sont enregistrés qu'avec l'accord de la personne "
            "pour conserver ses données.",
            parent=parent,
        )
        self.backend = backend
        self.created: PersonRef | None = None
        self.person_id: uuid.UUID | None = None
        self._despite = False
        start = prefilled(typed)
        form = self.form
        self.first_name = form.add_field("first_name", "Prénom", QLineEdit(start.first_name))
        self.last_name = form.add_field("last_name", "Nom", QLineEdit(start.last_name))
        self.usage_name = form.add_field("usage_name", "Nom d'usage", QLineEdit())
        self.usage_name.setPlaceholderText("ou nom de naissance (facultatif)")
        self.phone = form.add_field("phone", "Téléphone", QLineEdit(start.phone))
        self.phone.setPlaceholderText("06 12 34 56 78 (facultatif)")
        self.email = form.add_field("email", "E-mail", QLineEdit(start.email))
        self.email.setPlaceholderText("prenom.nom@exemple.fr (facultatif)")
        self.heard_from = form.add_field("heard_from", "Connu·e par", heard_from_box())
        consents = QWidget()
        boxes = QVBoxLayout(consents)
        boxes.setContentsMargins(0, 0, 0, 0)
        boxes.setSpacing(4)
        self.consent_data = QCheckBox("Accepte que ses données soient conservées")
        self.newsletter = QCheckBox("Souhaite recevoir la lettre d'information")
        self.photos = QCheckBox("Accepte d'être pris·e en photo")
        for box in (self.consent_data, self.newsletter, self.photos):
            boxes.addWidget(box)
        form.add_field("consent_data", "Consentements", consents)
        form.add_general_error()
        for edit, name in (
            (self.first_name, "Prénom"), (self.last_name, "Nom"), (self.usage_name, "Nom d'usage"),
            (self.phone, "Téléphone"), (self.email, "E-mail"),
        ):  # fmt: skip
            edit.setAccessibleName(name)
        self.heard_from.setAccessibleName("Comment la personne a connu le lieu")

        # The possible duplicates appear beside the form (below, it would not fit a laptop).
        self.duplicates = DuplicatesPanel()
        self.duplicates.setFixedWidth(340)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        place = layout.indexOf(self.form)
        layout.removeWidget(self.form)
        side_by_side = QHBoxLayout()
        side_by_side.setSpacing(18)
        side_by_side.addWidget(self.form, 1)
        side_by_side.addWidget(self.duplicates)
        layout.insertLayout(place, side_by_side)
        self.anonymous_button = self.buttons.addButton(
            "Passage anonyme", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.anonymous_button.setAutoDefault(False)
        self.anonymous_button.setToolTip(
            "Sans accord pour conserver ses données : compter la visite sans nom."
        )
        self.anonymous_button.clicked.connect(self._anonymous)
        self.consent_data.toggled.connect(self._consent_changed)
        self.duplicates.sig_chosen.connect(self._recognised)
        self.duplicates.create_anyway.clicked.connect(self._create_anyway)
        for edit in (self.first_name, self.last_name, self.usage_name, self.phone, self.email):
            edit.textEdited.connect(self._input_changed)
        self._consent_changed(False)
        (self.last_name if start.first_name and not start.last_name else self.first_name).setFocus()

    def new_person(self) -> NewPerson:
        return NewPerson(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            usage_name=self.usage_name.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            heard_from=self.heard_from.currentData(),
            consent_data=self.consent_data.isChecked(),
            newsletter=self.newsletter.isChecked(),
            photos=self.photos.isChecked(),
        )

    def _consent_changed(self, given: bool) -> None:
        self.anonymous_button.setVisible(not given)

    def _input_changed(self) -> None:
        """What was checked for duplicates changed: check again before creating."""
        self._despite = False
        self.duplicates.hide()

    def submit(self) -> None:
        self.created = self.backend.call(
            create_person, self.new_person(), despite_duplicates=self._despite
        )
        self.person_id = self.created.id

    def accept(self) -> None:
        self.form.clear_errors()
        run_op(
            self,
            self.submit,
            backend=self.backend,
            error_target=self._refused,
            on_success=lambda _none: self._done(),
        )

    def _refused(self, error: DomainError) -> None:
        if isinstance(error, PossibleDuplicates):
            self.duplicates.show_candidates(error.candidates)
            if self.duplicates.rows:
                self.duplicates.rows[0][1].setFocus()
        else:
            self.duplicates.hide()
            self.form.show_error(error)
        self._fit_contents()

    def _create_anyway(self) -> None:
        self._despite = True
        self.accept()

    def _recognised(self, person_id: uuid.UUID) -> None:
        self.person_id = person_id
        self._done()

    def _done(self) -> None:
        if self.person_id is not None:
            self.sig_person_chosen.emit(self.person_id)
        QDialog.accept(self)

    def _anonymous(self) -> None:
        self.sig_anonymous_visit.emit()
        self.reject()
