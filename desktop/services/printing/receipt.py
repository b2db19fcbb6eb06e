"""Receipt PDF in A5 or on an 80 mm roll (setting ``receipt_format``); reprints say DUPLICATA."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from desktop.services.cash.common import local_site
from desktop.services.cash.queries import ReceiptInfo, get_receipt
from desktop.services.errors import ValidationError
from desktop.services.formatting import date_short, local, money, time_short
from desktop.services.permissions import Actor
from desktop.services.printing.fonts import BOLD, REGULAR
from desktop.services.printing.styles import GREY, LIGHT, Styles, make_styles, text
from desktop.services.reads import reads
from desktop.services.settings import get_setting

FORMATS = ("a5", "80mm")
ROLL_WIDTH = 80 * mm
FRAME_PADDING = 6  # SimpleDocTemplate's frames keep 6 pt inside the margins


@dataclass(frozen=True)
class SiteHeader:
    name: str
    address: str
    legal_identifiers: str
    legal_mention: str


def site_header(session: Session) -> SiteHeader:
    site = local_site(session)
    return SiteHeader(site.name, site.address, site.legal_identifiers, site.legal_mention)


@reads
def receipt_pdf(
    session: Session,
    actor: Actor,
    receipt_id: uuid.UUID,
    *,
    duplicate: bool = False,
    paper: str | None = None,
) -> bytes:
    """The PDF of a receipt, in the configured format unless ``paper`` is given."""
    info = get_receipt(session, actor, receipt_id)
    chosen = paper or str(get_setting(session, "receipt_format"))
    return render_receipt(info, site_header(session), paper=chosen, duplicate=duplicate)


def render_receipt(
    info: ReceiptInfo, site: SiteHeader, *, paper: str = "a5", duplicate: bool = False
) -> bytes:
    """Lay out one receipt (pure: no database)."""
    if paper not in FORMATS:
        raise ValidationError("Format des reçus : « a5 » ou « 80mm ».")
    roll = paper == "80mm"
    styles = make_styles(7.5 if roll else 9.5)
    margin = 4 * mm if roll else 12 * mm
    width = ROLL_WIDTH if roll else A5[0]
    frame = width - 2 * margin - 2 * FRAME_PADDING
    story = _story(info, site, styles, frame, roll, duplicate)
    height = A5[1] if not roll else _height(story, frame) + 2 * margin + 8 * mm
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=(width, height),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=f"Reçu {info.number}",
        author=site.name,
        initialFontName=REGULAR,
        subject="Duplicata" if duplicate else "Reçu",
    )
    painter = _watermark if duplicate and not roll else _nothing
    doc.build(story, onFirstPage=painter, onLaterPages=painter)
    return buffer.getvalue()


def _nothing(canvas: Canvas, doc: object) -> None:
    return None


def _watermark(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(BOLD, 54)
    canvas.setFillColor(colors.Color(0, 0, 0, alpha=0.08))
    canvas.translate(doc.pagesize[0] / 2, doc.pagesize[1] / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, "DUPLICATA")
    canvas.restoreState()


def _height(story: list[Flowable], frame: float) -> float:
    total = 0.0
    for flowable in story:
        _, height = flowable.wrap(frame, 100_000)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _story(
    info: ReceiptInfo, site: SiteHeader, s: Styles, frame: float, roll: bool, duplicate: bool
) -> list[Flowable]:
    story: list[Flowable] = []
    if duplicate:
        story.append(Paragraph("DUPLICATA", s.mark))
    story.append(Paragraph(text(site.name), s.title))
    if site.address:
        story.append(Paragraph(text(site.address), s.body))
    if site.legal_identifiers:
        story.append(Paragraph(text(site.legal_identifiers), s.small))
    story.append(Spacer(1, 3 * mm))
    kind = "Reçu d'annulation" if info.is_cancellation else "Reçu"
    story.append(Paragraph(f"{kind} n° {text(info.number)}", s.heading))
    moment = local(info.issued_at)
    story.append(
        Paragraph(f"Le {date_short(moment.date())} à {time_short(info.issued_at)}", s.body)
    )
    if info.person_name or info.payer_label:
        payer = text(info.payer)
        if info.person_number:
            payer += f" (n° {text(info.person_number)})"
        story.append(Paragraph(f"Reçu de : {payer}", s.body))
    if info.issued_by_name:
        by = "Établi par" if info.is_cancellation else "Encaissé par"
        story.append(Paragraph(f"{by} : {text(info.issued_by_name)}", s.body))
    if info.is_cancellation:
        story.append(
            Paragraph(
                f"Annule le reçu n° {text(info.cancels_number)} — motif : "
                f"{text(info.cancel_reason)}",
                s.body,
            )
        )
    if info.is_cancelled:
        story.append(
            Paragraph(f"Ce reçu a été annulé par le reçu n° {text(info.cancelled_by_number)}.",
                      s.note)
        )  # fmt: skip
    story.append(Spacer(1, 2 * mm))
    story.append(_lines_table(info, s, frame, roll))
    story.append(Spacer(1, 2 * mm))
    story.extend(_payment(info, s))
    if site.legal_mention:
        story.append(Spacer(1, 3 * mm))
        story.append(Paragraph(text(site.legal_mention), s.small))
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(f"Empreinte : {info.hash[:16]}…{info.hash[-8:]}", s.small))
    if duplicate and roll:
        story.append(Spacer(1, 2 * mm))
        story.append(Paragraph("DUPLICATA", s.center_bold))
    return story


def _lines_table(info: ReceiptInfo, s: Styles, frame: float, roll: bool) -> Table:
    rows: list[list[object]] = []
    for line in info.lines:
        detail = f"{line.quantity} × {money(line.unit_cents)}"
        if line.tariff_label:
            detail += f" — {line.tariff_label}"
        label = Paragraph(f"{text(line.label)}<br/><font size='{s.small.fontSize}' "
                          f"color='#555555'>{text(detail)}</font>", s.body)  # fmt: skip
        rows.append([label, Paragraph(money(line.total_cents), s.right)])
    rows.append(
        [Paragraph("Total", s.right_bold), Paragraph(money(info.total_cents), s.right_bold)]
    )
    amount_width = 22 * mm if roll else 30 * mm
    table = Table(
        [[Paragraph("Désignation", s.body), Paragraph("Montant", s.right)], *rows],
        colWidths=[frame - amount_width, amount_width],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -3), 0.3, LIGHT),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TEXTCOLOR", (0, 0), (-1, 0), GREY),
            ]
        )
    )
    return table


def _payment(info: ReceiptInfo, s: Styles) -> list[Flowable]:
    verb = "Remboursé par" if info.total_cents < 0 else "Payé par"
    parts = [Paragraph(f"{verb} : {text(info.payment_label)}", s.body)]
    if info.cheque_number:
        parts.append(Paragraph(f"Chèque n° {text(info.cheque_number)}", s.body))
    if info.tendered_cents is not None and info.change_cents is not None:
        parts.append(Paragraph(f"Montant remis : {money(info.tendered_cents)}", s.body))
        parts.append(Paragraph(f"Monnaie rendue : {money(info.change_cents)}", s.body))
    return parts
