"""Show a PDF before printing it: every printed document of the application goes through here.

``PdfPreviewDialog(pdf, title=..., file_name=...)`` takes the PDF as bytes or a path, shows its
pages (QtPdf), and offers "Imprimer…" (each page rendered at the printer's resolution),
"Enregistrer sous…", zoom and the page count. Once closed it lets go of the document (pages
rendered, bytes) and deletes itself when control returns to the event loop.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.views import file_dialogs

log = logging.getLogger(__name__)
PDF_FILTER = "Documents PDF (*.pdf)"

ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)


def page_count_text(count: int, current: int = 0) -> str:
    """« 1 page », « Page 2 sur 3 » (``current`` counts from 0)."""
    if count <= 1:
        return f"{count} page"
    return f"Page {current + 1} sur {count}"


class PdfPreviewDialog(QDialog):
    """A PDF preview with print, save and zoom; French texts; nothing is printed unasked."""

    def __init__(
        self,
        pdf: bytes | str | Path,
        *,
        title: str = "Aperçu avant impression",
        file_name: str = "document.pdf",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.file_name = file_name
        self.data = bytes(pdf) if isinstance(pdf, bytes | bytearray) else Path(pdf).read_bytes()
        self.printed = False

        # The buffer must outlive the document: QPdfDocument reads from it lazily.
        self._bytes = QByteArray(self.data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        self.print_button = QPushButton("&Imprimer…")
        self.print_button.setToolTip("Imprimer le document (Ctrl+P)")
        self.save_button = QPushButton("&Enregistrer sous…")
        self.save_button.setToolTip("Enregistrer le PDF dans un fichier (Ctrl+S)")
        self.zoom_out_button = QPushButton("−")
        self.zoom_out_button.setToolTip("Réduire (Ctrl+-)")
        self.zoom_out_button.setAccessibleName("Réduire")
        self.zoom_in_button = QPushButton("+")
        self.zoom_in_button.setToolTip("Agrandir (Ctrl++)")
        self.zoom_in_button.setAccessibleName("Agrandir")
        self.fit_button = QPushButton("&Pleine largeur")
        self.fit_button.setToolTip("Ajuster à la largeur de la fenêtre")
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(64)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages_label = QLabel()
        self.close_button = QPushButton("&Fermer")
        for button in (self.zoom_out_button, self.zoom_in_button):
            button.setMinimumWidth(44)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

        bar = QHBoxLayout()
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addSpacing(16)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_in_button)
        bar.addWidget(self.fit_button)
        bar.addStretch(1)
        bar.addWidget(self.pages_label)
        bar.addSpacing(16)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(+1))
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(-1))
        self.fit_button.clicked.connect(self.fit_width)
        self.close_button.clicked.connect(self.accept)
        self.view.zoomFactorChanged.connect(self._show_zoom)
        self.view.zoomModeChanged.connect(self._show_zoom)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)
        for keys, slot in (
            (QKeySequence.StandardKey.Print, self.print_document),
            (QKeySequence.StandardKey.Save, self.save_as),
            (QKeySequence.StandardKey.ZoomIn, lambda: self.zoom_by(+1)),
            ("Ctrl+=", lambda: self.zoom_by(+1)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.zoom_by(-1)),
            ("Ctrl+0", self.fit_width),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

        self._show_page(0)
        self._show_zoom()
        self.print_button.setEnabled(self.page_count > 0)
        if self.document.status() is not QPdfDocument.Status.Ready:
            self.pages_label.setText("Document illisible")
        self.resize(820, 900)
        self.print_button.setFocus()

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def done(self, result: int) -> None:
        """Close, then release the document and delete the dialog (a closed preview is never
        shown again: each document opens a new one)."""
        super().done(result)
        self.release()
        if self.parent() is not None:  # else Python frees it with its last reference
            self.deleteLater()

    def release(self) -> None:
        """Drop what the preview held: the view's rendered pages, the document, the bytes."""
        self.view.setDocument(None)  # type: ignore[arg-type]
        self.document.close()
        self._buffer.close()
        self._bytes.clear()
        self.data = b""
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)

    # Zoom -----------------------------------------------------------------------------
    def zoom_by(self, step: int) -> None:
        """Next zoom step up (+1) or down (-1) from the current factor."""
        current = self.view.zoomFactor()
        if step > 0:
            factor = next((z for z in ZOOM_STEPS if z > current + 0.01), ZOOM_STEPS[-1])
        else:
            factor = next((z for z in reversed(ZOOM_STEPS) if z < current - 0.01), ZOOM_STEPS[0])
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self._show_zoom()

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._show_zoom()

    def _show_zoom(self, *_args: object) -> None:
        if self.view.zoomMode() is QPdfView.ZoomMode.FitToWidth:
            self.zoom_label.setText("Ajusté")
        else:
            self.zoom_label.setText(f"{round(self.view.zoomFactor() * 100)} %")

    def _show_page(self, current: int) -> None:
        self.pages_label.setText(page_count_text(self.page_count, current))

    # Printing and saving ----------------------------------------------------------------
    def print_document(self) -> bool:
        """Ask for the printer (QPrintDialog), then print; True when something was printed."""
        if self.page_count == 0:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        printer.setFromTo(1, self.page_count)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Imprimer")
        dialog.setMinMax(1, self.page_count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        first, last = printer.fromPage(), printer.toPage()
        if first == 0:  # no range chosen: every page
            first, last = 1, self.page_count
        try:
            self.print_to(printer, range(first - 1, min(last, self.page_count)))
        except RuntimeError as error:
            log.warning("printing failed: %s", error)
            QMessageBox.warning(self, "Impression", f"L'impression a échoué : {error}")
            return False
        self.printed = True
        return True

    def print_to(self, printer: QPrinter, pages: range | None = None) -> None:
        """Paint each page, rendered by QtPdf at the printer's resolution, onto ``printer``."""
        pages = pages if pages is not None else range(self.page_count)
        painter = QPainter()
        if not painter.begin(printer):
            raise RuntimeError("l'imprimante n'a pas pu démarrer")
        try:
            dpi = printer.resolution()
            for number, index in enumerate(pages):
                if number and not printer.newPage():
                    raise RuntimeError("impossible de passer à la page suivante")
                points = self.document.pagePointSize(index)
                target = painter.viewport()
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                # Never wider/taller than the printable area, keeping the page's proportions.
                size = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                image = self.document.render(index, size)
                painter.drawImage(QRect(target.topLeft(), size), image)
        finally:
            painter.end()

    def save_as(self) -> Path | None:
        """Ask where to save the PDF and write it; the path, or None when cancelled."""
        path = file_dialogs.save_file(
            self, "Enregistrer le PDF", Path.home() / self.file_name, [PDF_FILTER], ".pdf"
        )
        if path is None:
            return None
        try:
            path.write_bytes(self.data)
        except OSError as error:
            QMessageBox.warning(
                self, "Enregistrer", f"Impossible d'enregistrer « {path} » : {error.strerror}"
            )
            return None
        return path
