"""The cash desk's documents: receipt and closing PDFs shown before printing, CSV export.

ReportLab (the PDFs) and QtPdf (the preview) are imported on the first document shown.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop.services.backend import Backend
from desktop.services.cash.closings import ClosingInfo
from desktop.services.cash.export import ExportSummary
from desktop.services.cash.export import export_receipts as export_service
from desktop.services.cash.queries import get_receipt
from desktop.services.errors import DomainError
from desktop.services.formatting import money
from desktop.views import messages
from desktop.views.cash.common import plural

if TYPE_CHECKING:
    from desktop.views.pdf_preview import PdfPreviewDialog


def export_receipts(backend: Backend, start: dt.date, end: dt.date, path: Path) -> str:
    """Write the accountant's CSV (runs in a worker thread: no widget here)."""
    summary: ExportSummary = backend.call(export_service, start, end, path)
    return (
        f"{plural(summary.receipt_count, 'reçu')} ({plural(summary.line_count, 'ligne')}, "
        f"total {money(summary.total_cents)}) dans « {summary.path} »."
    )


def show_receipt(
    parent: QWidget | None, backend: Backend, receipt_id: uuid.UUID, *, duplicate: bool = False
) -> PdfPreviewDialog | None:
    """Show the receipt PDF (marked DUPLICATA for a reprint) in the print preview."""
    from desktop.views.pdf_preview import PdfPreviewDialog

    try:
        number, pdf = _receipt_pdf(backend, receipt_id, duplicate)
    except DomainError as error:
        messages.warn(parent, error.message, title="Reçu")
        return None
    title = f"Reçu {number}" + (" — duplicata" if duplicate else "")
    suffix = "_duplicata" if duplicate else ""
    file_name = f"recu_{number}{suffix}.pdf"
    dialog = PdfPreviewDialog(pdf, title=title, file_name=file_name, parent=parent)
    dialog.exec()
    return dialog


def show_closing(
    parent: QWidget | None, backend: Backend, closing: ClosingInfo
) -> PdfPreviewDialog | None:
    """Show the closing report PDF in the print preview."""
    from desktop.services.printing.closing import closing_pdf
    from desktop.views.pdf_preview import PdfPreviewDialog

    try:
        pdf = backend.call(closing_pdf, closing.id)
    except DomainError as error:
        messages.warn(parent, error.message, title="Clôture")
        return None
    file_name = f"cloture_{closing.kind.value}_{closing.period_start.isoformat()}.pdf"
    dialog = PdfPreviewDialog(pdf, title=closing.title, file_name=file_name, parent=parent)
    dialog.exec()
    return dialog


def _receipt_pdf(backend: Backend, receipt_id: uuid.UUID, duplicate: bool) -> tuple[str, bytes]:
    from desktop.services.printing.receipt import receipt_pdf

    number = backend.call(get_receipt, receipt_id).number
    return number, backend.call(receipt_pdf, receipt_id, duplicate=duplicate)
