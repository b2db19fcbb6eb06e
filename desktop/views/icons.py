"""Small round glyph icons for the navigation, drawn at run time (no image files needed)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

GLYPH_FONT = "DejaVu Sans"


def glyph_icon(glyph: str, background: str, size: int = 64) -> QIcon:
    """A coloured disc with a white glyph (a letter or a symbol) centred in it."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
        font = QFont(GLYPH_FONT)
        font.setPixelSize(int(size * 0.5))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph)
    finally:
        painter.end()
    return QIcon(pixmap)
