"""Accueil: the reception desk's page (its parts are in desktop/views/desk/), with the person
dialogs of desktop/views/people/ behind its « Nouvelle personne » and « Fiche » buttons.

A newcomer created (or recognised among the possible duplicates) becomes the chosen person
at once, so the next key logs the visit; the form's « Passage anonyme » opens the anonymous
counter.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from desktop.services.backend import Backend
from desktop.services.people import SearchResult, person_result
from desktop.views.desk.page import DeskPage
from desktop.views.operations import open_dialog, run_op
from desktop.views.people import NewcomerDialog, PersonCardDialog


class HomePage(DeskPage):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(backend, parent)
        self.newcomer_dialog: NewcomerDialog | None = None
        self.card_dialog: PersonCardDialog | None = None
        self.new_person_requested.connect(self.new_person)
        self.person_card_requested.connect(self.open_card)

    def new_person(self, typed: str = "") -> NewcomerDialog:
        """« Nouvelle personne » with what was typed in the search field."""
        dialog = NewcomerDialog(self.backend, typed, parent=self)
        self.newcomer_dialog = dialog

        def finished(_code: int) -> None:
            if self.newcomer_dialog is dialog:
                self.newcomer_dialog = None

        dialog.sig_person_chosen.connect(self._newcomer_chosen)
        # Opened once the form has closed: a window-modal dialog over another is confusing.
        dialog.sig_anonymous_visit.connect(lambda: QTimer.singleShot(0, self.open_anonymous_visit))
        open_dialog(dialog, on_finished=finished)
        return dialog

    def _newcomer_chosen(self, person_id: uuid.UUID) -> None:
        def chosen(result: SearchResult) -> None:
            self.choose(result)

        run_op(
            self,
            lambda: self.backend.call(person_result, person_id),
            error_target=self.person_panel.error_label,
            on_success=chosen,
        )

    def open_card(self, person_id: uuid.UUID) -> PersonCardDialog:
        """The chosen person's card (« fiche »)."""
        dialog = PersonCardDialog(self.backend, person_id, parent=self)
        self.card_dialog = dialog

        def finished(_code: int) -> None:
            if self.card_dialog is dialog:
                self.card_dialog = None
            self.focus_search()

        open_dialog(dialog, on_finished=finished)
        return dialog
