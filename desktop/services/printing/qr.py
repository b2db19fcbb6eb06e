"""QR codes drawn as vectors on a ReportLab canvas (crisp at any printer resolution)."""

from __future__ import annotations

import segno
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of light margin around the symbol (ISO/IEC 18004)


def qr_modules(text: str) -> list[list[bool]]:
    """The dark/light modules of the QR code of ``text`` (no quiet zone).

    Error correction H (30 %): a card code is short, so the highest level still fits the
    smallest symbols and a scuffed or bent card still reads. Segno picks the most compact
    mode: a person number (« A-000123 ») is encoded alphanumerically, as plain text.
    """
    code = segno.make_qr(text, error="h", boost_error=False)
    return [[bool(module) for module in row] for row in code.matrix]


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """Draw the QR code of ``text`` in the square of side ``size`` whose lower left corner
    is (``x``, ``y``), quiet zone included (painted white, so any background is safe)."""
    modules = qr_modules(text)
    count = len(modules) + 2 * QUIET_ZONE
    unit = size / count
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    # One path for every dark run of every row, filled once: separate rectangles would
    # show hairline seams between neighbours in anti-aliased viewers.
    path = canvas.beginPath()
    for row_index, row in enumerate(modules):
        top = y + size - (QUIET_ZONE + row_index) * unit
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            path.rect(x + (QUIET_ZONE + start) * unit, top - unit, (column - start) * unit, unit)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
