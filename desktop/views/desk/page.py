"""Accueil: find anyone in a keystroke or a scan, log the visit, welcome newcomers.

The receptionist's path, without the mouse: letters (results as you type), Down into the
results, Enter on the person, Enter to log the visit (the button has the focus). A USB
scanner types a card code and Enter: the person is shown and the visit logged at once.
F8 counts an anonymous visit, Ctrl+Z undoes the last visit for two minutes.

The page exposes, for the person dialogs built elsewhere: ``new_person_requested(typed)``
and ``person_card_requested(person_id)``.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.backend import Backend
from desktop.services.errors import DomainError, NotFound
from desktop.services.formatting import date_long
from desktop.services.people import SearchResult, find_by_code, find_persons
from desktop.services.settings import get_setting
from desktop.services.today import today_panel
from desktop.services.visits import (
    DEFAULT_REASON_SETTING,
    UNDO_WINDOW,
    VisitRow,
    day_visits,
    last_undoable,
    log_scanned,
    log_visit,
    tick_welcome,
    undo_visit,
)
from desktop.views.desk.anonymous import AnonymousVisitDialog
from desktop.views.desk.codes import card_code
from desktop.views.desk.person_panel import PersonPanel
from desktop.views.desk.results import ResultsView
from desktop.views.desk.search_field import DeskSearchField
from desktop.views.desk.today_panel import TodayPanelView
from desktop.views.desk.visit_list import VisitListView
from desktop.views.desk.welcome import WelcomeChecklist
from desktop.views.forms import ErrorLabel
from desktop.views.operations import open_dialog, run_op
from desktop.views.pages.base import Page, page_heading
from desktop.vocabulary import EntityKind, VisitReason, WelcomeStep

ANONYMOUS_KEY = "F8"
RIGHT_MIN_WIDTH = 330  # the today panel and the day's visits; the search gets the rest
RIGHT_MAX_WIDTH = 520


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("deskCardTitle")
    return label


class DeskPage(Page):
    """The accueil role's default page (see the module docstring)."""

    title = "Accueil"
    watches = frozenset({
        EntityKind.PERSON, EntityKind.VISIT, EntityKind.MEMBERSHIP, EntityKind.FLAG,
        EntityKind.REGISTRATION, EntityKind.OCCURRENCE, EntityKind.ACTIVITY,
        EntityKind.OPENING_HOURS, EntityKind.SETTING,
    })  # fmt: skip

    new_person_requested = Signal(str)
    """``(typed_text)`` — « Nouvelle personne »: what was typed in the search field."""
    person_card_requested = Signal(object)
    """``(person_id: uuid.UUID)`` — « Ouvrir la fiche » of the chosen person."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(backend, parent)
        self.undoable: VisitRow | None = None
        self._warmed = False
        self.default_reason = VisitReason.ACTIVITY
        self.undo_timer = QTimer(self)
        self.undo_timer.setSingleShot(True)
        self.undo_timer.timeout.connect(lambda: self._set_undoable(None))
        # Deferred work on timers the page owns: they go with it, never firing afterwards.
        self._warm_timer = self._deferred(self._warm_search)
        self._focus_timer = self._deferred(self._focus_if_shown)
        self._build()
        self._build_shortcuts()
        self._set_tab_order()

    def _deferred(self, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(slot)
        return timer

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.day_label = QLabel()
        self.day_label.setObjectName("hint")
        self.new_person_button = QPushButton("&Nouvelle personne")
        self.new_person_button.setAccessibleName("Nouvelle personne")
        self.new_person_button.setToolTip("Inscrire une personne qui vient pour la première fois")
        self.new_person_button.clicked.connect(self._new_person)
        self.anonymous_button = QPushButton(f"Passage anonyme   {ANONYMOUS_KEY}")
        self.anonymous_button.setAccessibleName("Compter un passage anonyme")
        self.anonymous_button.setToolTip("Pour une personne qui ne donne pas son nom")
        self.anonymous_button.clicked.connect(self.open_anonymous_visit)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(page_heading(self.title))
        top.addWidget(self.day_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.anonymous_button)
        top.addWidget(self.new_person_button)

        self.search_field = DeskSearchField()
        self.search_field.textChanged.connect(self._search)
        self.search_field.sig_down.connect(self._into_results)
        self.search_field.sig_submitted.connect(self._submitted)
        self.search_field.sig_undo_requested.connect(self.undo_last_visit)
        self.search_message = ErrorLabel()
        self.search_message.setObjectName("deskMessage")
        self.results_view = ResultsView()
        self.results_view.sig_chosen.connect(self.choose)
        self.results_view.sig_back.connect(self._back_to_field)
        self.person_panel = PersonPanel()
        self.person_panel.sig_log_requested.connect(self.log_chosen_visit)
        self.person_panel.sig_card_requested.connect(self._open_card)
        self.welcome = WelcomeChecklist()
        self.welcome.sig_ticked.connect(self._tick_welcome)

        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(self.search_field)
        left.addWidget(self.search_message)
        left.addWidget(self.results_view, 1)
        left.addWidget(self.person_panel)
        left.addWidget(self.welcome)

        self.today_view = TodayPanelView()
        self.undo_button = QPushButton("Annuler le dernier passage  Ctrl+Z")
        self.undo_button.setObjectName("undoButton")
        self.undo_button.setAccessibleName("Annuler le dernier passage")
        self.undo_button.clicked.connect(self.undo_last_visit)
        self.undo_message = ErrorLabel()
        self.visit_list = VisitListView()
        self.visit_list.selectionModel().currentRowChanged.connect(self._visit_selected)
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_button)
        undo_row.addStretch(1)
        right_widget = QWidget()
        right_widget.setMinimumWidth(RIGHT_MIN_WIDTH)
        right_widget.setMaximumWidth(RIGHT_MAX_WIDTH)
        right = QVBoxLayout(right_widget)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(8)
        right.addWidget(self.today_view)
        right.addSpacing(6)
        right.addWidget(section_title("Passages du jour"))
        right.addWidget(self.visit_list, 1)
        right.addLayout(undo_row)
        right.addWidget(self.undo_message)

        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addLayout(left, 3)
        columns.addWidget(right_widget, 2)
        page = QVBoxLayout(self)
        page.setContentsMargins(24, 18, 24, 14)
        page.setSpacing(12)
        page.addLayout(top)
        page.addLayout(columns, 1)
        self._set_undoable(None)

    def _build_shortcuts(self) -> None:
        def shortcut(key: QKeySequence | str, slot: object) -> QShortcut:
            sequence = key if isinstance(key, QKeySequence) else QKeySequence(key)
            item = QShortcut(sequence, self)
            item.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            item.activated.connect(slot)
            return item

        self.shortcuts = [
            shortcut(ANONYMOUS_KEY, self.open_anonymous_visit),
            shortcut(QKeySequence(QKeySequence.StandardKey.Undo), self.undo_last_visit),
        ]
        for index in range(len(VisitReason)):
            self.shortcuts.append(
                shortcut(f"Alt+{index + 1}", lambda i=index: self.person_panel.reasons.toggle(i))
            )

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.search_field, self.results_view]
        chain += list(self.person_panel.reasons.buttons.values())
        chain += [self.person_panel.log_button, self.person_panel.card_button]
        chain += list(self.welcome.boxes.values())
        chain += [self.anonymous_button, self.new_person_button, self.undo_button,
                  self.visit_list]  # fmt: skip
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- the page -------------------------------------------------------------------------

    def focus_search(self) -> bool:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()
        return True

    def _refocus(self) -> None:
        self.focus_search()

    def page_shown(self) -> None:
        self.refresh()
        self.focus_search()
        if not self._warmed:  # the search index is built by the first search (~0.4 s at
            self._warmed = True  # scale 10): not on the first keystroke, then
            self._warm_timer.start()

    def _warm_search(self) -> None:
        if not self.isVisible():  # closed meanwhile (its database may be closed too)
            self._warmed = False
            return
        run_op(self, lambda: self.backend.call(find_persons, "a", limit=1),
               error_target=self.search_message)  # fmt: skip

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._focus_timer.start()

    def _focus_if_shown(self) -> None:
        if self.isVisible():
            self.focus_search()

    def refresh(self) -> None:
        """Re-read everything shown: the results of what is typed, the chosen person, the
        day's visits, the today panel and the visit that may still be undone."""
        self._read_default_reason()
        self._search(self.search_field.text())
        self._refresh_person()
        self._refresh_day()

    def _read_default_reason(self) -> None:
        value = run_op(
            self, lambda: self.backend.call_anonymous(get_setting, DEFAULT_REASON_SETTING)
        )
        try:
            reason = VisitReason(str(value))
        except ValueError:
            return
        if reason is not self.default_reason:
            self.default_reason = reason
            self.person_panel.reasons.reset(reason)

    def _refresh_person(self) -> None:
        shown = self.person_panel.result
        if shown is None:
            return
        try:
            result = self.backend.call(find_by_code, shown.number)
        except NotFound:
            result = None  # merged or deleted meanwhile
        except DomainError as error:
            self.person_panel.error_label.show_message(error.message)
            return
        if result is not None and result.id != shown.id:
            result = None
        self.person_panel.show_person(result)

    def _refresh_day(self) -> None:
        rows = run_op(self, lambda: self.backend.call(day_visits), error_target=self.undo_message)
        if rows is not None:
            current = self.visit_list.current_visit()
            self.visit_list.visits.set_rows(rows)
            if current is not None:
                index = self.visit_list.visits.row_where(lambda r: r.id == current.id)
                if index is not None:
                    self.visit_list.selectRow(index)
            shown = self.welcome.visit_id()
            if shown is not None:
                self.welcome.show_visit(next((r for r in rows if r.id == shown), None))
        panel = run_op(self, lambda: self.backend.call(today_panel),
                       error_target=self.undo_message)  # fmt: skip
        if panel is not None:
            self.today_view.show_panel(panel)
            self.day_label.setText(date_long(panel.day).capitalize())
        last = run_op(self, lambda: self.backend.call(last_undoable),
                      error_target=self.undo_message)  # fmt: skip
        if last is None or self.undoable is None or last.id != self.undoable.id:
            self._set_undoable(last)

    # --- finding --------------------------------------------------------------------------

    def _search(self, text: str) -> None:
        self.search_message.clear_message()
        if not text.strip():
            self.results_view.set_results([])
            return
        results = run_op(self, lambda: self.backend.call(find_persons, text),
                         error_target=self.search_message)  # fmt: skip
        current = self.results_view.current_result()
        self.results_view.set_results(results or [])
        if results:  # the same person stays selected when a change re-ran the search
            row = self.results_view.results.row_where(
                lambda r: current is not None and r.id == current.id
            )
            self.results_view.selectRow(row or 0)

    def _into_results(self) -> None:
        self.results_view.enter_from_field()

    def _back_to_field(self, typed: str) -> None:
        self.search_field.setFocus(Qt.FocusReason.OtherFocusReason)
        if typed:
            self.search_field.insert(typed)

    def _submitted(self, text: str) -> None:
        """Enter in the field: a card code logs that person's visit; else choose the
        selected (first) result."""
        if code := card_code(text):
            self.scan(code)
            return
        result = self.results_view.current_result()
        if result is not None:
            self.choose(result)
        elif text.strip():
            self.search_message.show_message(
                f"Personne ne correspond à « {text.strip()[:40]} ». Vérifiez l'orthographe ou "
                "inscrivez la personne avec « Nouvelle personne » (Alt+N)."
            )

    def scan(self, code: str) -> None:
        """The scanner path: log the visit of the person whose card ``code`` is (one unit of
        work, the default reason), then show them."""

        def logged(row: VisitRow) -> None:
            shown = run_op(self, lambda: self.backend.call(find_by_code, row.person_number),
                           error_target=self.search_message)  # fmt: skip
            if shown is not None:
                self.choose(shown, focus=False)
            self._logged(row)

        def refused(_error: DomainError) -> None:
            self.search_field.selectAll()  # the next scan replaces it

        run_op(
            self,
            lambda: self.backend.call(log_scanned, code),
            backend=self.backend,
            error_target=self.search_message,
            on_success=logged,
            on_failure=refused,
        )

    def choose(self, result: SearchResult, *, focus: bool = True) -> None:
        """Show ``result`` as the chosen person; the log button gets the focus."""
        self.person_panel.show_person(result)
        if self.welcome.visit is not None and self.welcome.visit.person_id != result.id:
            self.welcome.show_visit(None)
        if focus:
            self.person_panel.log_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- logging --------------------------------------------------------------------------

    def log_chosen_visit(self) -> None:
        """Log the chosen person's visit with the reasons switched on."""
        result = self.person_panel.result
        if result is None:
            return
        reasons = self.person_panel.reasons.reasons()
        run_op(
            self,
            lambda: self.backend.call(log_visit, result.id, reasons),
            backend=self.backend,
            error_target=self.person_panel.error_label,
            on_success=self._logged,
        )

    def _logged(self, row: VisitRow) -> None:
        self._set_undoable(row)
        if row.already_logged:  # a second scan, or Enter pressed twice: still one visit
            text = f"Passage de {row.person_name} déjà enregistré à {row.time_label}."
        else:
            text = f"Passage de {row.person_name} enregistré à {row.time_label}."
        self.person_panel.show_status(f"{text} Ctrl+Z pour l'annuler.")
        self.welcome.show_visit(row)
        self.search_field.clear()
        self.focus_search()

    def open_anonymous_visit(self) -> None:
        dialog = AnonymousVisitDialog(
            self.backend, self._anonymous_logged, default_reason=self.default_reason, parent=self
        )
        open_dialog(dialog, on_finished=lambda _code: self._refocus())

    def _anonymous_logged(self, row: VisitRow) -> None:
        self._set_undoable(row)
        self.person_panel.show_status(f"Passage anonyme compté à {row.time_label}.")

    def _tick_welcome(self, visit_id: uuid.UUID, step: WelcomeStep, done: bool) -> None:
        shown = self.welcome.visit

        def refused(error: DomainError) -> None:
            self.welcome.show_visit(shown)  # the boxes as recorded
            self.welcome.error_label.show_message(error.message)

        run_op(
            self,
            lambda: self.backend.call(tick_welcome, visit_id, step, done),
            backend=self.backend,
            error_target=refused,
            on_success=self.welcome.show_visit,
        )

    # --- undo -----------------------------------------------------------------------------

    def _set_undoable(self, row: VisitRow | None) -> None:
        self.undoable = row
        self.undo_button.setEnabled(row is not None)
        self.undo_button.setToolTip(
            f"Annule le passage de {row.person_name} ({row.time_label}), pendant 2 minutes"
            if row is not None
            else "Un passage peut être annulé pendant les 2 minutes qui suivent"
        )
        if row is None:
            self.undo_timer.stop()
        else:
            self.undo_timer.start(int(UNDO_WINDOW.total_seconds() * 1000))

    def undo_last_visit(self) -> None:
        """Undo the last visit logged (two minutes at most; the service decides)."""
        row = self.undoable
        self.undo_message.clear_message()
        if row is None:
            self.undo_message.show_message("Aucun passage à annuler.")
            return

        def failed(error: DomainError) -> None:
            self.undo_message.show_message(error.message)
            self._set_undoable(None)

        run_op(
            self,
            lambda: self.backend.call(undo_visit, row.id),
            backend=self.backend,
            error_target=failed,
            on_success=self._undone,
        )

    def _undone(self, row: VisitRow) -> None:
        self._set_undoable(None)
        if self.welcome.visit_id() == row.id:
            self.welcome.show_visit(None)
        self.person_panel.show_status(f"Passage de {row.person_name} ({row.time_label}) annulé.")

    # --- hooks for the person dialogs -----------------------------------------------------

    def _new_person(self) -> None:
        self.new_person_requested.emit(self.search_field.text().strip())

    def _open_card(self) -> None:
        if self.person_panel.result is not None:
            self.person_card_requested.emit(self.person_panel.result.id)

    def _visit_selected(self) -> None:
        visit = self.visit_list.current_visit()
        if visit is not None and visit.first_visit and visit.person_id is not None:
            self.welcome.show_visit(visit)
