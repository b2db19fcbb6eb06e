"""Personnes: the directory of the people who come to the place.

One search field (the desk's search, :func:`desktop.services.people.find_persons`, shown
through :class:`~desktop.views.search_results.SearchResultsModel`), the list, Enter or a
double click opens the person card, « Nouvelle personne » opens the newcomer form with what
was typed. The list follows the change signal.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.backend import Backend
from desktop.services.people import SearchResult, find_persons
from desktop.services.permissions import Capability
from desktop.views.forms import ErrorLabel, hint_label
from desktop.views.operations import open_dialog, run_op
from desktop.views.pages.base import Page, page_heading
from desktop.views.people import NewcomerDialog, PersonCardDialog
from desktop.views.people.import_dialog import open_import
from desktop.views.search_results import SearchResultsModel
from desktop.views.tables import read_only_rows
from desktop.vocabulary import EntityKind

EMPTY_HINT = "Tapez un nom, un n° de personne ou d'adhérent·e, un téléphone ou un e-mail."
ANONYMOUS_NOTICE = (
    "Sans accord pour conserver ses données, aucune fiche n'est créée : comptez son passage "
    "avec le compteur des passages anonymes de la page Accueil."
)


class PeoplePage(Page):
    title = "Personnes"
    watches = frozenset(
        {EntityKind.PERSON, EntityKind.VISIT, EntityKind.MEMBERSHIP, EntityKind.FLAG,
         EntityKind.REGISTRATION}
    )  # fmt: skip

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(backend, parent)
        self.card_dialog: PersonCardDialog | None = None
        self.newcomer_dialog: NewcomerDialog | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 28, 32, 24)
        column.setSpacing(12)
        column.addWidget(page_heading(self.title))

        top = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Rechercher : nom, n°, téléphone, e-mail…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Rechercher une personne")
        top.addWidget(self.search_edit, 1)
        self.new_button = QPushButton("Nouvelle personne…")
        self.new_button.setObjectName("primary")
        self.new_button.setAccessibleName("Nouvelle personne")
        top.addWidget(self.new_button)
        # Importing a member file is the administration's (the service checks it too).
        self.import_button = QPushButton("Importer un fichier…")
        self.import_button.setAccessibleName("Importer des personnes depuis un fichier CSV")
        self.import_button.setToolTip("HelloAsso, Paheko ou export de Ressourcerie Accueil")
        actor = backend.actor
        self.import_button.setVisible(
            actor is not None and actor.can(Capability.ADMINISTRATION)
        )
        top.addWidget(self.import_button)
        column.addLayout(top)

        self.hint = hint_label(EMPTY_HINT)
        column.addWidget(self.hint)
        self.model = SearchResultsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Personnes trouvées")
        read_only_rows(self.table)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        column.addWidget(self.table, 1)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        column.addWidget(self.notice)
        self.error = ErrorLabel()
        column.addWidget(self.error)
        self.setTabOrder(self.search_edit, self.table)
        self.setTabOrder(self.table, self.new_button)
        self.setTabOrder(self.new_button, self.import_button)

        self.search_edit.textChanged.connect(lambda _text: self.search_now())
        self.search_edit.returnPressed.connect(self.open_current)
        self.search_edit.installEventFilter(self)
        self.table.activated.connect(lambda index: self.open_card(self.model.row(index.row()).id))
        self.new_button.clicked.connect(lambda: self.new_person(self.search_edit.text()))
        self.import_button.clicked.connect(lambda: open_import(self, self.backend))
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_button.click)

    # --- Page -----------------------------------------------------------------------------

    def focus_search(self) -> bool:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()
        return True

    def page_shown(self) -> None:
        self.focus_search()

    def refresh(self) -> None:
        self.search_now()

    # --- search ---------------------------------------------------------------------------

    def search_now(self) -> None:
        text = self.search_edit.text().strip()
        self.error.clear_message()
        self.hint.setVisible(not text)
        if not text:
            self.model.set_rows([])
            return
        results = run_op(self, lambda: self.backend.call(find_persons, text),
                         error_target=self.error)  # fmt: skip
        rows: list[SearchResult] = results or []
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        else:
            self.hint.setText("Personne ne correspond : « Nouvelle personne » pour la créer.")
            self.hint.show()
            return
        self.hint.setText(EMPTY_HINT)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the search field move through the list."""
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.model.rowCount():
                rows = self.table.selectionModel().selectedRows()
                current = rows[0].row() if rows else -1
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                self.table.selectRow(max(0, min(self.model.rowCount() - 1, current + step)))
                return True
        return super().eventFilter(watched, event)

    def current(self) -> SearchResult | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def open_current(self) -> None:
        result = self.current()
        if result is not None:
            self.open_card(result.id)

    # --- dialogs --------------------------------------------------------------------------

    def open_card(self, person_id: uuid.UUID) -> PersonCardDialog:
        dialog = PersonCardDialog(self.backend, person_id, parent=self)
        self.card_dialog = dialog
        open_dialog(dialog, on_finished=lambda _code: self._card_closed(dialog))
        return dialog

    def _card_closed(self, dialog: PersonCardDialog) -> None:
        if self.card_dialog is dialog:
            self.card_dialog = None

    def new_person(self, typed: str = "") -> NewcomerDialog:
        self.notice.clear()
        dialog = NewcomerDialog(self.backend, typed, parent=self)
        self.newcomer_dialog = dialog

        def finished(_code: int) -> None:
            if self.newcomer_dialog is dialog:
                self.newcomer_dialog = None

        dialog.sig_anonymous_visit.connect(lambda: self.notice.setText(ANONYMOUS_NOTICE))
        dialog.sig_person_chosen.connect(self._chosen)
        open_dialog(dialog, on_finished=finished)
        return dialog

    def _chosen(self, person_id: uuid.UUID) -> None:
        # Opened once the form has closed (a window-modal dialog over another is confusing).
        QTimer.singleShot(0, lambda: self.open_card(person_id))
