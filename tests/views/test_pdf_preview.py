from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog
from reportlab.lib.pagesizes import A5
from reportlab.pdfgen import canvas

from desktop.services.printing.fonts import register_fonts
from desktop.views.pdf_preview import PdfPreviewDialog


def _pdf(pages: int) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A5)
    for number in range(pages):
        drawing.setFont("DejaVuSans", 14)
        drawing.drawString(40, 500, f"Reçu n° {number + 1} – 12,00 €")
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def test_preview_counts_pages_zooms_prints_every_page_and_saves(qtbot, tmp_path, monkeypatch):
    dialog = PdfPreviewDialog(_pdf(2), title="Reçu", file_name="recu.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count == 2
    assert dialog.pages_label.text() == "Page 1 sur 2"
    dialog.zoom_by(+1)
    dialog.zoom_by(+1)
    assert dialog.zoom_label.text().endswith(" %")
    dialog.fit_width()
    assert dialog.zoom_label.text() == "Ajusté"

    printed = tmp_path / "printed.pdf"

    def accept_to_file(self: QPrintDialog) -> int:
        printer = self.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setResolution(100)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept_to_file)
    assert dialog.print_document() is True
    assert len(PdfReader(printed).pages) == 2

    target = tmp_path / "copie"
    monkeypatch.setattr(QFileDialog, "exec", lambda d: d.selectFile(str(target)) or 1)
    assert dialog.save_as() == tmp_path / "copie.pdf"
    assert (tmp_path / "copie.pdf").read_bytes() == dialog.data


def test_cancelled_print_dialog_prints_nothing(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "doc.pdf"
    path.write_bytes(_pdf(1))
    dialog = PdfPreviewDialog(path)
    qtbot.addWidget(dialog)
    assert dialog.pages_label.text() == "1 page"
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert dialog.print_document() is False
    assert dialog.printed is False
