"""Closing report PDF (A4): totals per payment method, grand total, chain head, details."""

from __future__ import annotations

import io
import uuid

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Closing
from desktop.services.cash.closings import ClosingInfo, closing_info
from desktop.services.cash.queries import ReceiptQuery, ReceiptSummary, search_receipts
from desktop.services.errors import NotFound
from desktop.services.formatting import date_short, datetime_short, money, time_short
from desktop.services.permissions import Actor, Capability, require
from desktop.services.printing.fonts import REGULAR
from desktop.services.printing.receipt import FRAME_PADDING, SiteHeader, site_header
from desktop.services.printing.styles import GREY, LIGHT, Styles, make_styles, text
from desktop.services.reads import reads
from desktop.vocabulary import PAYMENT_METHOD_LABELS, ClosingKind

MARGIN = 18 * mm


@reads
def closing_pdf(session: Session, actor: Actor, closing_id: uuid.UUID) -> bytes:
    """The report of one closing, with the receipts (day) or the daily closings it sums."""
    require(actor, Capability.CASH_READ)
    row = session.get(Closing, closing_id)
    if row is None:
        raise NotFound("Cette clôture est introuvable.")
    info = closing_info(session, row)
    if info.kind is ClosingKind.DAY:
        receipts = [
            r
            for r in search_receipts(
                session,
                actor,
                ReceiptQuery(date_from=info.period_start, date_to=info.period_end, limit=5000),
            )
            if r.number.startswith(f"{info.series}-")
        ]
        days: list[ClosingInfo] = []
    else:
        receipts = []
        days = [
            closing_info(session, day)
            for day in session.scalars(
                select(Closing)
                .where(
                    Closing.series == info.series,
                    Closing.kind == ClosingKind.DAY,
                    Closing.period_start >= info.period_start,
                    Closing.period_start <= info.period_end,
                )
                .order_by(Closing.period_start)
            )
        ]
    return render_closing(info, site_header(session), sorted(receipts, key=_order), days)


def _order(receipt: ReceiptSummary) -> tuple[object, str]:
    return receipt.issued_at, receipt.number


def render_closing(
    info: ClosingInfo,
    site: SiteHeader,
    receipts: list[ReceiptSummary],
    days: list[ClosingInfo],
) -> bytes:
    """Lay out a closing report (pure: no database)."""
    s = make_styles(10)
    frame = A4[0] - 2 * MARGIN - 2 * FRAME_PADDING
    story: list[Flowable] = [
        Paragraph(text(site.name), s.title),
        Paragraph(text(site.address), s.small),
        Spacer(1, 5 * mm),
        Paragraph(f"{text(info.title)} — série {info.series}", s.heading),
        Paragraph(
            f"Clôturée le {datetime_short(info.closed_at)} par {text(info.closed_by_name)}",
            s.body,
        ),
        Spacer(1, 4 * mm),
        _totals(info, s, frame),
        Spacer(1, 4 * mm),
        _facts(info, s, frame),
    ]
    if receipts:
        story += [Paragraph("Reçus de la journée", s.heading), _receipts(receipts, s, frame)]
    elif info.kind is ClosingKind.DAY:
        story.append(Paragraph("Aucun reçu ce jour-là.", s.note))
    if days:
        story += [Paragraph("Clôtures journalières", s.heading), _days(days, s, frame)]
    if info.kind is not ClosingKind.DAY and not days:
        story.append(Paragraph("Aucune journée clôturée sur la période.", s.note))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=info.title,
        author=site.name,
        initialFontName=REGULAR,
    )
    doc.build(story)
    return buffer.getvalue()


def _grid(rows: list[list[object]], widths: list[float], *, total_row: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, LIGHT),
        ("TEXTCOLOR", (0, 0), (-1, 0), GREY),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    if total_row:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black))
    table.setStyle(TableStyle(commands))
    return table


def _totals(info: ClosingInfo, s: Styles, frame: float) -> Table:
    rows: list[list[object]] = [
        [Paragraph("Moyen de paiement", s.body), Paragraph("Montant", s.right)]
    ]
    for method, cents in info.totals_by_method:
        rows.append([Paragraph(PAYMENT_METHOD_LABELS[method], s.body),
                     Paragraph(money(cents), s.right)])  # fmt: skip
    rows.append([Paragraph("Total de la période", s.right_bold),
                 Paragraph(money(info.total_cents), s.right_bold)])  # fmt: skip
    return _grid(rows, [frame - 45 * mm, 45 * mm], total_row=True)


def _facts(info: ClosingInfo, s: Styles, frame: float) -> Table:
    facts = [
        ("Nombre de reçus", str(info.receipt_count)),
        ("Grand total cumulé", money(info.grand_total_cents)),
        ("Dernier reçu", info.last_receipt_number or "aucun"),
        ("Tête de chaîne (SHA-256)", f"{info.chain_head[:32]}<br/>{info.chain_head[32:]}"),
        ("Empreinte de la clôture", f"{info.hash[:32]}<br/>{info.hash[32:]}"),
    ]
    rows: list[list[object]] = [[Paragraph("Contrôle", s.body), Paragraph("", s.body)]]
    rows += [[Paragraph(name, s.body), Paragraph(value, s.body)] for name, value in facts]
    return _grid(rows, [55 * mm, frame - 55 * mm])


def _receipts(receipts: list[ReceiptSummary], s: Styles, frame: float) -> Table:
    rows: list[list[object]] = [
        [Paragraph(h, s.small) for h in ("Numéro", "Heure", "Payeur", "Paiement")]
        + [Paragraph("Montant", s.small_right)]
    ]
    for r in receipts:
        note = f" (annule {r.cancels_number})" if r.cancels_number else ""
        rows.append(
            [
                Paragraph(r.number, s.body),
                Paragraph(time_short(r.issued_at), s.body),
                Paragraph(text(r.payer) + text(note), s.body),
                Paragraph(PAYMENT_METHOD_LABELS[r.payment_method], s.body),
                Paragraph(money(r.total_cents), s.right),
            ]
        )
    widths = [36 * mm, 16 * mm, 0.0, 30 * mm, 28 * mm]
    widths[2] = frame - sum(widths)
    return _grid(rows, widths)


def _days(days: list[ClosingInfo], s: Styles, frame: float) -> Table:
    rows: list[list[object]] = [
        [Paragraph(h, s.small) for h in ("Journée", "Reçus", "Dernier reçu")]
        + [Paragraph("Total", s.small_right)]
    ]
    for day in days:
        rows.append(
            [
                Paragraph(date_short(day.period_start), s.body),
                Paragraph(str(day.receipt_count), s.body),
                Paragraph(day.last_receipt_number or "—", s.body),
                Paragraph(money(day.total_cents), s.right),
            ]
        )
    widths = [35 * mm, 25 * mm, 0.0, 35 * mm]
    widths[2] = frame - sum(widths)
    return _grid(rows, widths)
