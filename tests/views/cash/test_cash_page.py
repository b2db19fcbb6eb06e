"""The "Caisse" page: cancel a receipt, reprint, search, close the day, export."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.queries import day_summary, get_receipt
from desktop.services.cash.receipts import issue_receipt
from desktop.services.formatting import money
from desktop.views import messages
from desktop.views.cash.common import paris_today
from desktop.views.cash.export_dialog import ExportDialog
from desktop.views.cash.page import CashPage
from desktop.views.cash.receipt_dialogs import CancelReceiptDialog, ReceiptDetailsDialog
from desktop.views.pdf_preview import PdfPreviewDialog
from desktop.vocabulary import PaymentMethod
from tests.world import FULL

from .conftest import add_person, add_session, press, show_active, type_text


def _sell(backend, person_id, *lines, payment=Payment(PaymentMethod.CARD)):  # noqa: B008
    return backend.call(issue_receipt, ReceiptDraft(tuple(lines), payment, person_id))


def _page(qtbot, backend) -> CashPage:
    page = CashPage(backend)
    show_active(qtbot, page)
    return page


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_cancel_a_receipt_from_the_cash_page(qtbot, db, admin_backend, monkeypatch):
    backend = admin_backend
    person_id = add_person(db, "Hélène", "Dupré", "A-000001")
    place = _sell(backend, person_id, DraftLine.session_place(add_session(db, "Sophrologie")))
    other = _sell(
        backend, None, DraftLine.other("Repas partagé", 450, 2), payment=Payment(PaymentMethod.CASH)
    )
    page = _page(qtbot, backend)
    assert page.model.rowCount() == 2 and page.count_label.text() == "2 reçus"
    assert page.day_total_label.text() == money(FULL + 2 * 450)
    assert page.method_labels[PaymentMethod.CARD].text() == money(FULL)

    page.select(place.id)
    reasons: list[str] = []
    page.cancel_button.click()  # opens the dialog (open(): window-modal, no nested loop)
    dialog = page.active_dialog
    assert isinstance(dialog, CancelReceiptDialog) and dialog.isVisible()
    type_text("Séance choisie par erreur", dialog.reason_edit)
    press(Qt.Key.Key_Return, widget=dialog.reason_edit)  # only moves to the button
    assert dialog.cancelling is None
    reasons.append(dialog.reason_edit.text())
    press(Qt.Key.Key_Return, widget=dialog.confirm_button)
    assert not dialog.isVisible()

    original = backend.call(get_receipt, place.id)
    assert original.is_cancelled
    cancelling = backend.call(get_receipt, page.model.summary(0).id)
    assert cancelling.number == original.cancelled_by_number
    assert cancelling.cancels_number == place.number
    assert cancelling.cancel_reason == reasons[0] == "Séance choisie par erreur"
    assert cancelling.total_cents == -FULL
    assert [line.total_cents for line in cancelling.lines] == [-FULL]
    assert page.model.rowCount() == 3
    assert page.day_total_label.text() == money(900)
    assert page.method_labels[PaymentMethod.CARD].text() == money(0)
    assert f"annulé par le reçu {cancelling.number}" in page.message.text()
    assert not page.cancel_button.isEnabled()  # the cancelling receipt is selected

    # Search by number, by name; reprint as DUPLICATA through the preview.
    page.focus_search()
    type_text(other.number)
    press(Qt.Key.Key_Return)
    assert [r.number for r in page.model.rows] == [other.number]
    page.search_edit.clear()
    type_text("hélène")
    press(Qt.Key.Key_Return)
    assert {r.number for r in page.model.rows} == {place.number, cancelling.number}

    opened: list[ReceiptDetailsDialog] = []
    monkeypatch.setattr(ReceiptDetailsDialog, "open", lambda self: opened.append(self))
    page.select(place.id)
    press(Qt.Key.Key_Return, widget=page.table)
    assert opened[0].receipt.number == place.number
    assert opened[0].table.model().rowCount() == 1
    assert f"annulé par le reçu {cancelling.number}" in opened[0].state_label.text()
    assert not opened[0].cancel_button.isEnabled()

    shown: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "open", lambda self: shown.append(self))
    page.reprint_button.click()
    text = _pdf_text(shown[0].data)
    assert "DUPLICATA" in text and place.number in text
    assert shown[0].windowTitle() == f"Reçu {place.number} — duplicata"


def test_close_the_day_then_export_the_period(qtbot, db, admin_backend, monkeypatch, tmp_path):
    backend = admin_backend
    receipt = _sell(
        backend,
        None,
        DraftLine.other("Café", 150),
        payment=Payment(PaymentMethod.CHEQUE, cheque_number="0042"),
    )
    page = _page(qtbot, backend)
    questions: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, text, **_k: questions.append(text) or 1)
    shown: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "open", lambda self: shown.append(self))

    page.close_day_button.click()
    assert f"Chèque : {money(150)}" in questions[0] and "1 reçu" in questions[0]
    assert backend.call(day_summary, paris_today()).closed
    assert page.closed_label.text() == "Journée clôturée."
    assert not page.close_day_button.isEnabled()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)  # the PDF is built in the background
    assert shown[0].windowTitle().startswith("Clôture journalière du ")
    assert receipt.number in _pdf_text(shown[0].data)

    target = tmp_path / "recus"
    monkeypatch.setattr(ExportDialog, "open", lambda self: self.accept())
    monkeypatch.setattr(QFileDialog, "exec", lambda d: d.selectFile(str(target)) or 1)
    page.export_button.click()
    assert page.exporting and not page.export_button.isEnabled()
    qtbot.waitUntil(lambda: not page.exporting, timeout=10_000)
    content = (tmp_path / "recus.csv").read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    assert receipt.number in content.decode("utf-8-sig")
    assert page.message.text().startswith("Export terminé : 1 reçu (1 ligne, total")
