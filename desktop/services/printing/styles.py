"""Paragraph styles and colours shared by the PDFs (DejaVu Sans, embedded)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from desktop.services.printing.fonts import BOLD, ITALIC, REGULAR, register_fonts

GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#DDDDDD")
# The application's palette (resources/style.qss), for documents that carry the place's look.
INK = colors.HexColor("#24323D")
SLATE = colors.HexColor("#1F3A4A")
TEAL = colors.HexColor("#3A7D7C")
PALE_TEAL = colors.HexColor("#E4EFEE")
MUTED = colors.HexColor("#66727C")


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    small_right: ParagraphStyle
    note: ParagraphStyle
    right: ParagraphStyle
    right_bold: ParagraphStyle
    center_bold: ParagraphStyle
    mark: ParagraphStyle


def make_styles(size: float) -> Styles:
    """Styles for a base font ``size`` (points)."""
    register_fonts()

    def style(name: str, **kw: object) -> ParagraphStyle:
        base = {"fontName": REGULAR, "fontSize": size, "leading": size * 1.25}
        base.update(kw)
        return ParagraphStyle(name, **base)

    return Styles(
        title=style("title", fontName=BOLD, fontSize=size * 1.45, leading=size * 1.8),
        heading=style("heading", fontName=BOLD, fontSize=size * 1.15, leading=size * 1.45,
                      spaceBefore=size * 0.6),
        body=style("body"),
        small=style("small", fontSize=size * 0.85, leading=size * 1.05, textColor=GREY),
        small_right=style("small_right", fontSize=size * 0.85, leading=size * 1.05,
                          textColor=GREY, alignment=TA_RIGHT),
        note=style("note", fontName=ITALIC, fontSize=size * 0.85, leading=size * 1.05,
                   textColor=GREY),
        right=style("right", alignment=TA_RIGHT),
        right_bold=style("right_bold", fontName=BOLD, alignment=TA_RIGHT),
        center_bold=style("center_bold", fontName=BOLD, alignment=TA_CENTER),
        mark=style("mark", fontName=BOLD, fontSize=size * 1.6, leading=size * 2.1,
                   alignment=TA_CENTER, borderColor=colors.black, borderWidth=1.2,
                   borderPadding=(2, 2, 4, 2), spaceAfter=size * 0.8),
    )  # fmt: skip


def text(value: str) -> str:
    """Escape text for a Paragraph, keeping line breaks."""
    return escape(value).replace("\n", "<br/>")
