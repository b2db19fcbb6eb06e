"""What a closed window held is let go: previews and dialogs opened over a page do not pile
up for the life of the page (RSS figures: ``ressourcerie bench --part interface``)."""

from __future__ import annotations

import gc
import io
import weakref

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QWidget
from reportlab.pdfgen import canvas

from desktop.services.printing.fonts import register_fonts
from desktop.views.cash.common import CashDialog
from desktop.views.forms import FormDialog
from desktop.views.pdf_preview import PdfPreviewDialog


def _pdf() -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    drawing.drawString(40, 500, "Reçu")
    drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def _deferred_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def test_a_closed_preview_releases_its_document_and_is_deleted(qtbot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    dialog = PdfPreviewDialog(_pdf(), parent=page)
    dialog.show()
    assert dialog.page_count == 1
    document = dialog.document
    alive = weakref.ref(dialog)
    dialog.accept()
    assert dialog.data == b"" and dialog._bytes.isEmpty()
    assert document.status() is QPdfDocument.Status.Null
    assert dialog.view.document() is None
    del dialog, document
    _deferred_deletes()
    assert alive() is None or not shiboken6.isValid(alive())
    assert not page.findChildren(PdfPreviewDialog)


def test_dialogs_opened_over_a_page_are_deleted_once_closed(qtbot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    for dialog in (CashDialog(page), FormDialog("Essai", parent=page)):
        dialog.show()
        dialog.reject()
    assert len(page.findChildren(CashDialog)) == 1 and page.findChildren(FormDialog)
    _deferred_deletes()
    assert not page.findChildren(CashDialog) and not page.findChildren(FormDialog)


def test_a_dialog_without_parent_stays_usable_after_closing(qtbot) -> None:
    dialog = CashDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    _deferred_deletes()
    assert shiboken6.isValid(dialog)
