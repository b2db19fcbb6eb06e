"""A member card and a sheet of cards open in the PDF preview at their paper sizes."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from desktop.services.printing.card import MemberCard, render_card, render_sheets
from desktop.views.pdf_preview import PdfPreviewDialog

CARD = MemberCard(uuid.uuid4(), "Hélène", "Lefèvre-Œuvray", "A-000123", "AD-A-2026-0042",
                  dt.date(2027, 3, 12), True)  # fmt: skip


@pytest.mark.parametrize(
    ("pdf", "pages", "size_mm"),
    [
        (render_card(CARD, "La Ressourcerie"), 1, (85.60, 53.98)),
        (render_sheets([CARD] * 11, "La Ressourcerie"), 2, (210.0, 297.0)),
    ],
    ids=["card", "sheet"],
)
def test_cards_open_in_the_preview(qtbot, pdf: bytes, pages: int, size_mm) -> None:
    dialog = PdfPreviewDialog(pdf, title="Carte d'adhérent·e", file_name="carte.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count == pages
    size = dialog.document.pagePointSize(0)
    assert (size.width() / 72 * 25.4, size.height() / 72 * 25.4) == pytest.approx(size_mm, abs=0.05)
    dialog.fit_width()
    assert not dialog.grab().isNull()
