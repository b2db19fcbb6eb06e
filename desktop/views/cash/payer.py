"""Who pays: a person found by an incremental search, or a free label for an anonymous sale."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import people
from desktop.services.backend import Backend
from desktop.services.formatting import date_short
from desktop.services.people import PersonSummary
from desktop.views.forms import ErrorLabel, hint_label
from desktop.views.operations import run_op

SEARCH_DELAY_MS = 200
MAX_RESULTS = 8


def member_status(person: PersonSummary) -> str:
    """What the receptionist reads about the person's membership today."""
    if person.membership_valid_until is not None:
        return f"Adhésion valable jusqu'au {date_short(person.membership_valid_until)}"
    return "Sans adhésion en cours"


def person_line(person: PersonSummary) -> str:
    return f"{person.full_name} · {person.number} · {member_status(person)}"


class PayerPicker(QGroupBox):
    """Pick the paying person (search by name, number, phone, e-mail) or type a payer label.

    """

    sig_person_changed = Signal(object)
    """``(person: PersonSummary | None)`` — the payer shown changed."""
    sig_person_chosen = Signal()
    """``()`` — the user chose a person (to move the focus on)."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__("Payeur", parent)
        self.backend = backend
        self.person: PersonSummary | None = None

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Nom, n° de personne, téléphone ou e-mail…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Rechercher la personne qui paie")
        self.results = QListWidget()
        self.results.setMaximumHeight(130)
        self.results.hide()
        self.search_hint = hint_label("")
        self.search_hint.hide()
        self.error = ErrorLabel()

        self.chosen_label = QLabel()
        self.chosen_label.setWordWrap(True)
        self.chosen_label.setTextFormat(Qt.TextFormat.RichText)
        self.change_button = QPushButton("Changer de &payeur")
        self.change_button.setAutoDefault(False)
        chosen_row = QHBoxLayout()
        chosen_row.setContentsMargins(0, 0, 0, 0)
        chosen_row.addWidget(self.chosen_label, 1)
        chosen_row.addWidget(self.change_button)
        self.chosen_box = QWidget()
        self.chosen_box.setLayout(chosen_row)
        self.chosen_box.hide()

        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText("Payeur non inscrit : nom libre (facultatif)")
        self.label_edit.setAccessibleName("Nom du payeur non inscrit")
        self.label_edit.setMaxLength(160)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.results)
        layout.addWidget(self.search_hint)
        layout.addWidget(self.chosen_box)
        layout.addWidget(self.label_edit)
        layout.addWidget(self.error)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.search_edit.textEdited.connect(lambda _text: self._timer.start())
        self.search_edit.returnPressed.connect(self._choose_current)
        self.search_edit.installEventFilter(self)
        self.results.itemActivated.connect(lambda _item: self._choose_current())
        self.change_button.clicked.connect(self.clear_person)

    @property
    def payer_label(self) -> str:
        return "" if self.person is not None else self.label_edit.text().strip()

    def search_now(self) -> None:
        """Run the search for what is typed (called by the debounce timer or Enter)."""
        self._timer.stop()
        text = self.search_edit.text().strip()
        self.results.clear()
        self.error.clear_message()
        if not text:
            self.results.hide()
            self.search_hint.hide()
            return
        found = run_op(
            self,
            lambda: self.backend.call(people.search_persons, text, limit=MAX_RESULTS),
            error_target=self.error,
        )
        if found is None:
            return
        for person in found:
            item = QListWidgetItem(person_line(person))
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.results.addItem(item)
        self.results.setVisible(bool(found))
        if found:
            self.results.setCurrentRow(0)
            self.search_hint.hide()
        else:
            self.search_hint.setText(
                "Aucune personne trouvée. Pour une vente sans fiche, "
                "indiquez un nom libre ci-dessous."
            )
            self.search_hint.show()

    def set_person(self, person: PersonSummary | None) -> None:
        """Show ``person`` as the payer (None: back to the search)."""
        self.person = person
        self.results.clear()
        self.results.hide()
        self.search_hint.hide()
        self.error.clear_message()
        if person is None:
            self.chosen_box.hide()
            self.search_edit.show()
            self.label_edit.show()
        else:
            self.chosen_label.setText(
                f"<b>{escape(person.full_name)}</b> · {person.number}<br>"
                f"{escape(member_status(person))}"
            )
            self.search_edit.hide()
            self.label_edit.hide()
            self.chosen_box.show()
        self.sig_person_changed.emit(person)

    def refresh(self) -> None:
        """Re-read the chosen person (a membership may have been sold meanwhile)."""
        if self.person is None:
            return
        person_id = self.person.id
        person = run_op(
            self, lambda: self.backend.call(people.get_person, person_id), error_target=self.error
        )
        if person is not None:
            self.set_person(person)

    def clear_person(self) -> None:
        self.search_edit.clear()
        self.set_person(None)
        self.search_edit.setFocus()

    def focus_search(self) -> None:
        if self.person is None:
            self.search_edit.setFocus()
        else:
            self.change_button.setFocus()

    def _choose_current(self) -> None:
        if self._timer.isActive() or (self.search_edit.text().strip() and not self.results.count()):
            self.search_now()
        item = self.results.currentItem()
        if item is None:
            return
        self.set_person(item.data(Qt.ItemDataRole.UserRole))
        self.sig_person_chosen.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the search field move through the results without leaving it."""
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = min(max(self.results.currentRow() + step, 0), self.results.count() - 1)
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)
