"""« Fusionner… »: find the other record of the same person, choose the values, merge.

The record the dialog is opened for is kept (« Garder plutôt l'autre » swaps them). For each
field the two records differ on, two radio buttons say which value survives; below, what
goes to the kept record and, in place of the button's use, why the merge is refused.
"""

from __future__ import annotations

import uuid
from html import escape

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import people
from desktop.services.backend import Backend
from desktop.services.merge import (
    MergeField,
    MergePreview,
    MergeResult,
    Side,
    merge_persons,
    merge_preview,
)
from desktop.views import messages
from desktop.views.cash.common import CashDialog
from desktop.views.forms import ErrorLabel, hint_label
from desktop.views.operations import run_op
from desktop.views.search_results import SearchResultsModel
from desktop.views.tables import read_only_rows

SEARCH_DELAY_MS = 200
MAX_RESULTS = 8
VALUE_MAX_CHARS = 48  # longer values are shortened on the button (whole in the tooltip)
EMPTY = "(vide)"


def _shown(value: str) -> str:
    if not value:
        return EMPTY
    if len(value) > VALUE_MAX_CHARS:
        return value[: VALUE_MAX_CHARS - 1] + "…"
    return value


class MergeDialog(CashDialog):
    """Merge another record into the one of ``keep_id``; ``outcome`` holds the result.

    Enter chooses the record found, or presses the focused button: never a default one
    (a merge is confirmed on purpose)."""

    sig_merged = Signal(object)
    """``(result: MergeResult)`` — the two records are one now (before the dialog closes)."""

    def __init__(self, backend: Backend, keep_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.keep_id = keep_id
        self.other_id: uuid.UUID | None = None
        self.preview: MergePreview | None = None
        self.outcome: MergeResult | None = None
        self.groups: dict[str, QButtonGroup] = {}
        self.choice_buttons: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        self.setWindowTitle("Fusionner deux fiches")
        self.setModal(True)

        keep = run_op(parent, lambda: backend.call(people.get_person, keep_id))
        name = f"{keep.full_name} ({keep.number})" if keep is not None else "cette personne"
        heading = QLabel("Fusionner deux fiches de la même personne")
        heading.setObjectName("dialogTitle")
        self.intro = QLabel(
            f"Cherchez l'autre fiche de {escape(name)} : ses passages, inscriptions, "
            "adhésions et reçus seront rattachés à la fiche gardée, et vous choisirez "
            "les valeurs à conserver."
        )
        self.intro.setWordWrap(True)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Nom, n° de personne, téléphone ou e-mail…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Rechercher l'autre fiche")
        self.search_edit.setMaxLength(200)
        self.model = SearchResultsModel()
        self.results = QTableView()
        self.results.setModel(self.model)
        self.results.setAccessibleName("Fiches trouvées")
        read_only_rows(self.results)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.results.setMinimumHeight(160)
        self.search_hint = hint_label("")
        self.search_hint.hide()
        self.search_box = QWidget()
        search_column = QVBoxLayout(self.search_box)
        search_column.setContentsMargins(0, 0, 0, 0)
        search_column.addWidget(self.search_edit)
        search_column.addWidget(self.results)
        search_column.addWidget(self.search_hint)

        self.compare = QWidget()
        self.compare.setAccessibleName("Valeurs à conserver")
        self.compare_grid = QGridLayout(self.compare)
        self.compare_grid.setContentsMargins(0, 0, 0, 0)
        self.compare_grid.setHorizontalSpacing(16)
        self.compare_grid.setColumnStretch(1, 1)
        self.compare_grid.setColumnStretch(2, 1)
        self.same_label = hint_label("")
        self.moves_label = QLabel()
        self.moves_label.setWordWrap(True)
        self.refusal = ErrorLabel()
        self.refusal.setAccessibleName("Fusion impossible")
        self.swap_button = QPushButton("Garder plutôt l'&autre fiche")
        self.change_button = QPushButton("Choisir une autre &fiche")
        for button in (self.swap_button, self.change_button):
            button.setAutoDefault(False)
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.swap_button)
        actions.addWidget(self.change_button)
        actions.addStretch(1)
        self.preview_box = QWidget()
        preview_column = QVBoxLayout(self.preview_box)
        preview_column.setContentsMargins(0, 0, 0, 0)
        preview_column.addWidget(self.compare)
        preview_column.addWidget(self.same_label)
        preview_column.addWidget(self.moves_label)
        preview_column.addWidget(self.refusal)
        preview_column.addLayout(actions)
        self.preview_box.hide()

        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox()
        self.merge_button = self.buttons.addButton(
            "Fusionner", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            "Annuler", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.merge_button.setEnabled(False)
        for button in (self.merge_button, self.cancel_button):
            button.setAutoDefault(False)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)

        column = QVBoxLayout(self)
        column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        column.setContentsMargins(24, 20, 24, 18)
        column.setSpacing(12)
        column.addWidget(heading)
        column.addWidget(self.intro)
        column.addWidget(self.search_box)
        column.addWidget(self.preview_box)
        column.addWidget(self.error)
        column.addWidget(self.buttons)
        for part in (self.search_box, self.preview_box):  # (the layout sets the minimum)
            part.setMinimumWidth(620)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.search_edit.textEdited.connect(lambda _text: self._timer.start())
        self.search_edit.returnPressed.connect(self._choose_current)
        self.search_edit.installEventFilter(self)
        self.results.activated.connect(self._choose_row)
        self.swap_button.clicked.connect(self.swap)
        self.change_button.clicked.connect(self.back_to_search)
        self.search_edit.setFocus()

    # Finding the other record ---------------------------------------------------------
    def search_now(self) -> None:
        """Search what is typed (the debounce timer, or Enter); the kept record is left out."""
        self._timer.stop()
        text = self.search_edit.text().strip()
        self.error.clear_message()
        if not text:
            self.model.set_rows([])
            self.search_hint.hide()
            return
        found = run_op(
            self,
            lambda: self.backend.call(people.find_persons, text, limit=MAX_RESULTS + 1),
            error_target=self.error,
        )
        if found is None:
            return
        rows = [r for r in found if r.id != self.keep_id][:MAX_RESULTS]
        self.model.set_rows(rows)
        if rows:
            self.results.selectRow(0)
            self.search_hint.hide()
        else:
            self.search_hint.setText("Aucune autre fiche ne correspond.")
            self.search_hint.show()

    def _choose_current(self) -> None:
        if self._timer.isActive() or not self.model.rowCount():
            self.search_now()
        rows = self.results.selectionModel().selectedRows()
        if rows:  # once the key event is over: Enter must not press what gets the focus
            chosen = self.model.rows[rows[0].row()].id
            QTimer.singleShot(0, self, lambda: self.choose(chosen))

    def _choose_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.choose(self.model.rows[index.row()].id)

    def choose(self, other_id: uuid.UUID) -> None:
        """Compare the kept record with ``other_id``."""
        self.other_id = other_id
        self._load()

    def swap(self) -> None:
        """Keep the other record instead (it keeps its number)."""
        if self.other_id is None:
            return
        self.keep_id, self.other_id = self.other_id, self.keep_id
        self._load()

    def back_to_search(self) -> None:
        self.other_id = None
        self.preview = None
        self.preview_box.hide()
        self.search_box.show()
        self.merge_button.setEnabled(False)
        self.search_edit.setFocus()
        self.search_edit.selectAll()
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the search field move through the results without leaving it."""
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            count = self.model.rowCount()
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and count:
                rows = self.results.selectionModel().selectedRows()
                current = rows[0].row() if rows else -1
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                self.results.selectRow(min(max(current + step, 0), count - 1))
                return True
        return super().eventFilter(watched, event)

    # Comparing ------------------------------------------------------------------------
    def _load(self) -> None:
        other_id = self.other_id
        assert other_id is not None
        keep_id = self.keep_id
        preview = run_op(
            self,
            lambda: self.backend.call(merge_preview, keep_id, other_id),
            error_target=self.error,
        )
        if preview is not None:
            self.show_preview(preview)

    def show_preview(self, preview: MergePreview) -> None:
        """Both records side by side, what moves, the refusal if any."""
        self.preview = preview
        self._clear_grid()
        keep_title = QLabel(f"<b>Fiche gardée</b><br>{escape(preview.keep.title)}")
        merged_title = QLabel(f"<b>Fiche fusionnée</b><br>{escape(preview.merged.title)}")
        self.compare_grid.addWidget(keep_title, 0, 1)
        self.compare_grid.addWidget(merged_title, 0, 2)
        for row, field in enumerate(preview.differing, start=1):
            self._add_choice(row, field)
        same = len(preview.fields) - len(preview.differing)
        self.same_label.setText(
            "Les deux fiches ont les mêmes valeurs partout : rien à choisir."
            if not preview.differing
            else f"Champs identiques sur les deux fiches : {same}."
        )
        self.moves_label.setText(
            f"Rattachés à la fiche gardée : {preview.moves.text}. La fiche "
            f"{preview.merged.number} restera comme renvoi vers {preview.keep.number}."
        )
        self.refusal.show_message(preview.refusal)
        self.merge_button.setEnabled(preview.allowed)
        self.search_box.hide()
        self.preview_box.show()
        self.error.clear_message()
        first = next(iter(self.choice_buttons.values()), None)
        (first[0] if first else self.merge_button).setFocus()
        self._fit()

    def _fit(self) -> None:
        """Take the height the shown part needs (the search table or the comparison)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.adjustSize()

    def _clear_grid(self) -> None:
        while (item := self.compare_grid.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        for group in self.groups.values():
            group.deleteLater()
        self.groups, self.choice_buttons = {}, {}

    def _add_choice(self, row: int, field: MergeField) -> None:
        caption = QLabel(field.label)
        keep = QRadioButton(_shown(field.keep))
        merged = QRadioButton(_shown(field.merged))
        group = QButtonGroup(self)
        sides = ((keep, field.keep, "gardée"), (merged, field.merged, "fusionnée"))
        for button, value, side in sides:
            button.setToolTip(value or EMPTY)
            button.setAccessibleName(f"{field.label} : {value or EMPTY} (fiche {side})")
            group.addButton(button)
        (keep if field.default == "keep" else merged).setChecked(True)
        self.compare_grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignRight)
        self.compare_grid.addWidget(keep, row, 1)
        self.compare_grid.addWidget(merged, row, 2)
        self.groups[field.name] = group
        self.choice_buttons[field.name] = (keep, merged)

    def choices(self) -> dict[str, Side]:
        """The side chosen for each differing field (``keep`` or ``merged``)."""
        return {
            name: "keep" if keep.isChecked() else "merged"
            for name, (keep, _merged) in self.choice_buttons.items()
        }

    def choose_value(self, field: str, side: Side) -> None:
        """Tick the value of ``side`` (``keep`` / ``merged``) for ``field``."""
        keep, merged = self.choice_buttons[field]
        (keep if side == "keep" else merged).setChecked(True)

    # Merging --------------------------------------------------------------------------
    def confirm(self) -> None:
        """Ask once (a merge is not undone), then merge."""
        preview = self.preview
        if preview is None or not preview.allowed:
            return
        if not messages.confirm(
            self,
            f"Fusionner la fiche {preview.merged.title} dans la fiche {preview.keep.title} ? "
            "La fusion ne s'annule pas.",
            title="Fusionner deux fiches",
            yes="Fusionner",
        ):
            return
        keep_id, merged_id, choices = preview.keep.id, preview.merged.id, self.choices()
        run_op(
            self,
            lambda: self.backend.call(merge_persons, keep_id, merged_id, choices),
            backend=self.backend,
            error_target=self.error,
            on_success=self._merged,
        )

    def _merged(self, result: MergeResult) -> None:
        self.outcome = result
        self.sig_merged.emit(result)
        self.accept()
