"""One receipt: its details and lines, reprint as DUPLICATA, and cancellation with a reason."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
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
from desktop.services.cash.queries import ReceiptInfo, get_receipt
from desktop.services.cash.receipts import cancel_receipt
from desktop.services.errors import DomainError, ValidationError
from desktop.services.formatting import datetime_short, money
from desktop.views.cash import documents
from desktop.views.cash.common import CashDialog, FieldErrors, WrappingDelegate, big_label
from desktop.views.cash.receipt_model import LineTableModel
from desktop.views.changes import follow_changes
from desktop.views.forms import ErrorLabel, hint_label
from desktop.views.operations import open_dialog, run_op
from desktop.vocabulary import EntityKind


def payment_text(receipt: ReceiptInfo) -> str:
    """« Espèces — remis 20,00 €, rendu 8,00 € », « Chèque n° 1234567 »…"""
    text = receipt.payment_label
    if receipt.cheque_number:
        text += f" n° {receipt.cheque_number}"
    if receipt.tendered_cents is not None and receipt.change_cents:
        text += f" — remis {money(receipt.tendered_cents)}, rendu {money(receipt.change_cents)}"
    return text


class ReceiptDetailsDialog(CashDialog):
    """Read a receipt; reprint it (DUPLICATA) or cancel it. Follows receipt changes."""

    sig_cancelled = Signal(object)
    """``(cancelling: ReceiptInfo)`` — the receipt was cancelled from this dialog."""

    def __init__(self, backend: Backend, receipt: ReceiptInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.receipt = receipt
        self.setWindowTitle(f"Reçu {receipt.number}")

        title = QLabel(f"Reçu {receipt.number}")
        title.setObjectName("dialogTitle")
        form = QFormLayout()
        form.addRow("Date", QLabel(datetime_short(receipt.issued_at)))
        payer = receipt.payer + (f" ({receipt.person_number})" if receipt.person_number else "")
        form.addRow("Payeur", QLabel(payer))
        form.addRow("Paiement", QLabel(payment_text(receipt)))
        form.addRow("Émis par", QLabel(receipt.issued_by_name))
        total = big_label(money(receipt.total_cents), 13)
        form.addRow("Total", total)
        self.state_label = hint_label(self._state())
        self.state_label.setVisible(bool(self.state_label.text()))

        self.table = QTableView()
        self.table.setModel(LineTableModel(receipt.lines))
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.setItemDelegate(WrappingDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Long designations wrap: row heights follow the width of the first column.
        header.sectionResized.connect(lambda *_args: self.table.resizeRowsToContents())

        self.reprint_button = QPushButton("&Réimprimer (duplicata)…")
        self.cancel_button = QPushButton("&Annuler ce reçu…")
        self.cancel_button.setEnabled(not receipt.is_cancellation and not receipt.is_cancelled)
        if not self.cancel_button.isEnabled():
            self.cancel_button.setToolTip("Ce reçu ne peut plus être annulé.")
        self.close_button = QPushButton("&Fermer")
        buttons = QHBoxLayout()
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        for button in (self.reprint_button, self.cancel_button, self.close_button):
            button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.state_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reprint_button.clicked.connect(self.reprint)
        self.cancel_button.clicked.connect(self.cancel_receipt)
        self.close_button.clicked.connect(self.accept)
        self.resize(820, 480)
        self.close_button.setFocus()
        follow_changes(self, backend, {EntityKind.RECEIPT}, self.reload)

    def reload(self) -> None:
        """Re-read the receipt (it may have been cancelled meanwhile, here or elsewhere)."""
        receipt = run_op(self, lambda: self.backend.call(get_receipt, self.receipt.id))
        if receipt is None:
            return
        self.receipt = receipt
        self.state_label.setText(self._state())
        self.state_label.setVisible(bool(self.state_label.text()))
        self.cancel_button.setEnabled(not receipt.is_cancellation and not receipt.is_cancelled)

    def _state(self) -> str:
        if self.receipt.is_cancellation:
            return (
                f"Ce reçu annule le reçu {self.receipt.cancels_number}. "
                f"Motif : {self.receipt.cancel_reason}"
            )
        if self.receipt.is_cancelled:
            return f"Ce reçu a été annulé par le reçu {self.receipt.cancelled_by_number}."
        return ""

    def reprint(self) -> None:
        documents.show_receipt(self, self.backend, self.receipt.id, duplicate=True)

    def cancel_receipt(self) -> None:
        dialog = CancelReceiptDialog(self.backend, self.receipt, self)
        self.cancel_dialog = dialog
        open_dialog(dialog, on_accepted=lambda: self._cancelled(dialog.cancelling))

    def _cancelled(self, cancelling: ReceiptInfo | None) -> None:
        if cancelling is not None:
            self.sig_cancelled.emit(cancelling)
            self.accept()


class CancelReceiptDialog(CashDialog):
    """Ask the reason, say plainly what will happen, then issue the cancelling receipt.

    Once it is accepted, ``cancelling`` holds the new (negative) receipt.
    """

    def __init__(self, backend: Backend, receipt: ReceiptInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = backend
        self.receipt = receipt
        self.cancelling: ReceiptInfo | None = None
        self.setWindowTitle(f"Annuler le reçu {receipt.number}")

        explanation = QLabel(
            f"Reçu {receipt.number} du {datetime_short(receipt.issued_at)} — {receipt.payer}, "
            f"{money(receipt.total_cents)} ({receipt.payment_label.lower()}).\n\n"
            f"Un reçu d'annulation de {money(-receipt.total_cents)} sera émis ; le reçu "
            "d'origine reste au registre. Cette opération est définitive."
        )
        explanation.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("Ex. : erreur de saisie, séance annulée…")
        self.reason_edit.setMaxLength(500)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.errors.add_row("reason", "&Motif de l'annulation", self.reason_edit)
        self.error = ErrorLabel()
        self.confirm_button = QPushButton("Annuler &définitivement le reçu")
        self.back_button = QPushButton("&Ne pas annuler")
        self.confirm_button.setAutoDefault(False)
        self.back_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.confirm_button)

        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.confirm_button.clicked.connect(self.confirm)
        self.back_button.clicked.connect(self.reject)
        self.enter_moves[self.reason_edit] = self.confirm_button
        self.resize(580, 10)
        self.fit_height()
        self.reason_edit.setFocus()

    def confirm(self) -> None:
        """Issue the cancelling receipt; a refusal is shown here and nothing changes."""
        reason = self.reason_edit.text()
        run_op(
            self,
            lambda: self.backend.call(cancel_receipt, self.receipt.id, reason),
            backend=self.backend,
            error_target=self,
            on_success=self._done,
        )

    def _done(self, cancelling: ReceiptInfo) -> None:
        self.cancelling = cancelling
        self.accept()

    def clear_errors(self) -> None:
        self.errors.clear()
        self.error.clear_message()

    def show_error(self, error: DomainError) -> None:
        """Under the reason when it is about it, else above the buttons."""
        if not (isinstance(error, ValidationError) and self.errors.show(error)):
            self.error.show_message(error.message)
        self.fit_height()

