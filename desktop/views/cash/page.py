"""The "Caisse" page: today's receipts and totals, search, receipt actions, closing, export."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
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
from desktop.services.cash import closings
from desktop.services.cash.queries import (
    DaySummary,
    ReceiptInfo,
    ReceiptQuery,
    day_summary,
    get_receipt,
    search_receipts,
)
from desktop.services.errors import DomainError
from desktop.services.formatting import date_long, date_short, money
from desktop.services.people import PersonSummary
from desktop.views import file_dialogs, messages, tasks
from desktop.views.cash import documents
from desktop.views.cash.checkout import CheckoutDialog
from desktop.views.cash.common import (
    big_label,
    date_edit,
    from_qdate,
    paris_today,
    plural,
    to_qdate,
)
from desktop.views.cash.export_dialog import ExportDialog
from desktop.views.cash.receipt_dialogs import CancelReceiptDialog, ReceiptDetailsDialog
from desktop.views.cash.receipt_model import ReceiptTableModel
from desktop.views.forms import ErrorLabel, hint_label
from desktop.views.operations import open_dialog, run_op, run_task
from desktop.views.pages.base import Page, page_heading
from desktop.vocabulary import PAYMENT_METHOD_LABELS, EntityKind, PaymentMethod

_NUMBER = re.compile(r"^([A-Za-z]-)?\d{4}-\d+$|^\d+$|^[A-Za-z]-\d{4}(-\d*)?$")


def summary_text(summary: DaySummary) -> str:
    """The totals a person confirms before closing the day."""
    lines = [plural(summary.receipt_count, "reçu")]
    lines += [
        f"{PAYMENT_METHOD_LABELS[method]} : {money(cents)}"
        for method, cents in summary.totals_by_method
    ]
    lines.append(f"Total : {money(summary.total_cents)}")
    return "\n".join(lines)


class CashPage(Page):
    """Caisse: receipts of the day (or of a search), day totals per method and the actions.

    A main-window :class:`Page` (``focus_search`` for Ctrl+F, ``page_shown`` refreshes). It
    follows receipt and closing changes, whoever made them (desktop/views/changes.py).
    """

    title = "Caisse"
    watches = frozenset({EntityKind.RECEIPT, EntityKind.CLOSING})

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(backend, parent)
        self.exporting = False
        self.export_task: tasks.Task | None = None
        self.active_dialog: QDialog | None = None
        self._select_next: uuid.UUID | None = None

        heading = page_heading(self.title)
        self.day_label = hint_label("")
        self.day_label.setWordWrap(False)
        self.checkout_button = QPushButton("&Encaisser…")
        self.checkout_button.setToolTip("Nouvelle vente : adhésion, séance ou autre")
        self.checkout_button.setObjectName("primary")
        self.close_day_button = QPushButton("&Clôturer la journée…")
        self.export_button = QPushButton("E&xporter…")
        self.export_button.setToolTip("Fichier CSV des reçus d'une période pour la comptabilité")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.day_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.addWidget(self.close_day_button)
        top.addWidget(self.checkout_button)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("N° de reçu ou nom du payeur")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Rechercher un reçu")
        self.from_edit = date_edit(paris_today())
        self.to_edit = date_edit(paris_today())
        self.search_button = QPushButton("&Rechercher")
        self.today_button = QPushButton("Au&jourd'hui")
        search = QHBoxLayout()
        search.addWidget(self.search_edit, 1)
        search.addWidget(QLabel("Du"))
        search.addWidget(self.from_edit)
        search.addWidget(QLabel("au"))
        search.addWidget(self.to_edit)
        search.addWidget(self.search_button)
        search.addWidget(self.today_button)

        self.model = ReceiptTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Reçus")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.count_label = hint_label("")
        self.open_button = QPushButton("&Ouvrir…")
        self.reprint_button = QPushButton("Réimprimer (&duplicata)…")
        self.cancel_button = QPushButton("A&nnuler le reçu…")
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.reprint_button)
        actions.addWidget(self.cancel_button)
        self.message = hint_label("")
        self.error = ErrorLabel()
        table_column = QVBoxLayout()
        table_column.addWidget(self.table, 1)
        table_column.addLayout(actions)
        table_column.addWidget(self.message)
        table_column.addWidget(self.error)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addLayout(top)
        layout.addLayout(search)
        layout.addLayout(table_column, 1)
        layout.addWidget(self._build_summary())

        self.search_edit.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.today_button.clicked.connect(self.show_today)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.open_button.clicked.connect(self.open_selected)
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.checkout_button.clicked.connect(lambda: self.checkout())
        self.close_day_button.clicked.connect(self.close_day)
        self.export_button.clicked.connect(self.export)
        self.refresh()

    def _build_summary(self) -> QGroupBox:
        """Today's totals in one strip under the table: per method, count, day total."""
        box = QGroupBox("Aujourd'hui")
        row = QHBoxLayout(box)
        self.method_labels: dict[PaymentMethod, QLabel] = {}
        for method in PaymentMethod:
            self.method_labels[method] = self._figure(row, PAYMENT_METHOD_LABELS[method])
        self.receipt_count_label = self._figure(row, "Reçus")
        row.addStretch(1)
        self.closed_label = hint_label("")
        self.closed_label.setWordWrap(False)
        row.addWidget(self.closed_label, 0, Qt.AlignmentFlag.AlignBottom)
        row.addSpacing(16)
        self.day_total_label = big_label("", 18)
        self.day_total_label.setAccessibleName("Total du jour")
        total = QVBoxLayout()
        total.setSpacing(0)
        total.addWidget(hint_label("Total du jour"), 0, Qt.AlignmentFlag.AlignRight)
        total.addWidget(self.day_total_label, 0, Qt.AlignmentFlag.AlignRight)
        row.addLayout(total)
        return box

    @staticmethod
    def _figure(row: QHBoxLayout, caption: str) -> QLabel:
        """A small caption over a value, added to ``row``; returns the value label."""
        value = QLabel()
        value.setAccessibleName(caption)
        column = QVBoxLayout()
        column.setSpacing(0)
        column.addWidget(hint_label(caption))
        column.addWidget(value)
        row.addLayout(column)
        row.addSpacing(20)
        return value

    # Page protocol (main window) -----------------------------------------------------------
    def focus_search(self) -> bool:
        """Put the cursor in the receipt search (Ctrl+F of the main window)."""
        self.search_edit.setFocus()
        self.search_edit.selectAll()
        return True

    def page_shown(self) -> None:
        self.refresh()

    # Reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-run the current search and re-read today's totals."""
        self.search()
        self.refresh_summary()

    def refresh_summary(self) -> None:
        today = paris_today()
        self.day_label.setText(date_long(today))
        # Not error_target=self.error: that would first clear what the search just said.
        summary = run_op(
            self, lambda: self.backend.call(day_summary, today), error_target=self._say
        )
        if summary is None:
            return
        for method, cents in summary.totals_by_method:
            self.method_labels[method].setText(money(cents))
        self.receipt_count_label.setText(str(summary.receipt_count))
        self.day_total_label.setText(money(summary.total_cents))
        self.closed_label.setText(
            "Journée clôturée." if summary.closed else "Journée ouverte (non clôturée)."
        )
        self.close_day_button.setEnabled(not summary.closed or self._has_pending())

    def _has_pending(self) -> bool:
        pending = run_op(
            self, lambda: self.backend.call(closings.pending_days), error_target=self._say
        )
        return bool(pending)

    def _say(self, error: DomainError) -> None:
        self.error.show_message(error.message)

    def query(self) -> ReceiptQuery:
        """The search typed by the person: a receipt number or a part of the payer's name."""
        text = self.search_edit.text().strip()
        is_number = bool(_NUMBER.match(text))
        return ReceiptQuery(
            date_from=from_qdate(self.from_edit.date()),
            date_to=from_qdate(self.to_edit.date()),
            number=text if is_number else "",
            text="" if is_number else text,
        )

    def search(self) -> None:
        selected = self._select_next or self.selected_id()
        query = self.query()
        rows = run_op(
            self, lambda: self.backend.call(search_receipts, query), error_target=self.error
        )
        if rows is None:
            return
        self.model.set_rows(rows, single_day=query.date_from == query.date_to)
        self.count_label.setText(plural(len(rows), "reçu"))
        if selected is not None:
            self.select(selected)
        self._update_actions()

    def show_today(self) -> None:
        self.search_edit.clear()
        self.from_edit.setDate(to_qdate(paris_today()))
        self.to_edit.setDate(to_qdate(paris_today()))
        self.refresh()

    def selected_id(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.summary(rows[0].row()).id if rows else None

    def select(self, receipt_id: uuid.UUID) -> None:
        """Select the receipt (now, or once the list shows it after the change signal)."""
        self._select_next = receipt_id
        for row, summary in enumerate(self.model.rows):
            if summary.id == receipt_id:
                self.table.selectRow(row)
                self._select_next = None
                return

    def _update_actions(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        summary = self.model.summary(rows[0].row()) if rows else None
        self.open_button.setEnabled(summary is not None)
        self.reprint_button.setEnabled(summary is not None)
        self.cancel_button.setEnabled(
            summary is not None and not summary.cancels_number and not summary.cancelled_by_number
        )

    # Actions ------------------------------------------------------------------------------
    def _open(self, dialog: QDialog, **callbacks: Callable[..., None]) -> None:
        self.active_dialog = dialog
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog))
        open_dialog(dialog, **callbacks)

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None

    def _selected_receipt(self) -> ReceiptInfo | None:
        receipt_id = self.selected_id()
        if receipt_id is None:
            return None
        return run_op(
            self, lambda: self.backend.call(get_receipt, receipt_id), error_target=self.error
        )

    def open_selected(self) -> None:
        receipt = self._selected_receipt()
        if receipt is None:
            return
        dialog = ReceiptDetailsDialog(self.backend, receipt, self)
        dialog.sig_cancelled.connect(self._cancelled)
        self._open(dialog)

    def reprint_selected(self) -> None:
        receipt_id = self.selected_id()
        if receipt_id is not None:
            documents.show_receipt(self, self.backend, receipt_id, duplicate=True)

    def cancel_selected(self) -> None:
        receipt = self._selected_receipt()
        if receipt is None:
            return
        dialog = CancelReceiptDialog(self.backend, receipt, self)
        self._open(dialog, on_accepted=lambda: self._cancelled(dialog.cancelling))

    def _cancelled(self, cancelling: ReceiptInfo | None) -> None:
        if cancelling is None:
            return
        self.message.setText(
            f"Reçu {cancelling.cancels_number} annulé par le reçu {cancelling.number} "
            f"({money(cancelling.total_cents)})."
        )
        self.select(cancelling.id)

    def checkout(self, person: PersonSummary | None = None) -> CheckoutDialog:
        """Open "Encaisser"; once a receipt is issued, today's list shows it selected."""
        dialog = CheckoutDialog(self.backend, person, self)
        self._open(dialog, on_finished=lambda _code: self._sold(dialog.receipt))
        return dialog

    def _sold(self, receipt: ReceiptInfo | None) -> None:
        if receipt is None:
            return
        self.message.setText(f"Reçu {receipt.number} enregistré ({money(receipt.total_cents)}).")
        self.select(receipt.id)
        if self.search_edit.text() or from_qdate(self.from_edit.date()) != paris_today():
            self.show_today()

    def close_day(self) -> None:
        """Close the oldest day still open (usually today) after confirming its totals."""
        found = run_op(self, self._day_to_close, error_target=self.error)
        if found is None:
            return
        day, summary = found
        if summary.closed:
            messages.inform(
                self, f"La journée du {date_short(day)} est déjà clôturée.", title="Clôture"
            )
            return
        text = f"Clôturer la journée du {date_long(day)} ?\n\n{summary_text(summary)}\n\n"
        text += "Après la clôture, plus aucun reçu ne pourra être daté de ce jour."
        if not messages.confirm(self, text, title="Clôturer la journée", yes="Clôturer la journée"):
            return
        run_op(
            self,
            lambda: self.backend.call(closings.close_day, day),
            backend=self.backend,
            error_target=self.error,
            on_success=self._closed,
        )

    def _day_to_close(self) -> tuple[dt.date, DaySummary]:
        pending = self.backend.call(closings.pending_days)
        day = pending[0] if pending else paris_today()
        return day, self.backend.call(day_summary, day)

    def _closed(self, closing: closings.ClosingInfo) -> None:
        self.message.setText(f"{closing.title} enregistrée ({money(closing.total_cents)}).")
        documents.show_closing(self, self.backend, closing)

    def export(self) -> None:
        """Ask the period and the file, then write the accountant's CSV in the background."""
        if self.exporting:
            return
        dialog = ExportDialog(self)
        self._open(dialog, on_accepted=lambda: self._export_to_file(dialog.period()))

    def _export_to_file(self, period: tuple[dt.date, dt.date]) -> None:
        start, end = period
        suggested = Path.home() / f"recus_{start.isoformat()}_{end.isoformat()}.csv"
        path = file_dialogs.save_file(
            self, "Exporter les reçus", suggested, ["Fichiers CSV (*.csv)"], ".csv"
        )
        if path is None:
            return
        self.start_export(start, end, path)

    def start_export(self, start: dt.date, end: dt.date, path: Path) -> tasks.Task:
        """Write the CSV in the task runner, with a progress dialog that can cancel it."""
        self.exporting = True
        self.export_button.setEnabled(False)
        self.message.setText(f"Export des reçus du {date_short(start)} au {date_short(end)}…")
        task = run_task(
            self,
            lambda progress: documents.export_receipts(self.backend, start, end, path, progress),
            error_target=self.error,
            progress_label="Export des reçus pour la comptabilité…",
            cancellable=True,
            on_success=lambda text: self.message.setText(f"Export terminé : {text}"),
            on_failure=lambda _error: self.message.clear(),
            on_finished=self._export_finished,
        )
        task.signals.sig_cancelled.connect(lambda: self.message.setText("Export annulé."))
        self.export_task = task
        return task

    def _export_finished(self) -> None:
        self.exporting = False
        self.export_task = None
        self.export_button.setEnabled(True)
