"""Member cards: one ID-1 card (85.60 × 53.98 mm) per PDF page, or A4 sheets of ten.

The card code in the QR code is the person's number (« A-000123 »): it stays the same
across renewals, so a card keeps working after the membership is renewed, and it is what
the reception's scanner path looks up. It is plain text, readable by a phone's camera app
and by a USB 2D scanner typing it. The card shows the membership ending last (a renewal
made before expiry, once paid, is the one the card states).

Sheets follow the common 10-up layout of 85 × 54 mm card stock: two columns 10 mm apart,
five rows touching (one cut between two rows), centred on A4, with cutting marks outside
the cards only.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Membership, Person
from desktop.services.cash.common import local_site
from desktop.services.cash.memberships import ending_last, standing_memberships, valid_on
from desktop.services.clock import today
from desktop.services.errors import NotFound, ValidationError
from desktop.services.formatting import date_short
from desktop.services.numbering import membership_number, person_number
from desktop.services.people import fold
from desktop.services.permissions import Actor, Capability, require
from desktop.services.printing.fonts import BOLD, REGULAR, register_fonts
from desktop.services.printing.qr import draw_qr
from desktop.services.printing.styles import INK, MUTED, PALE_TEAL, SLATE, TEAL
from desktop.services.reads import reads

CARD_WIDTH = 85.60 * mm
CARD_HEIGHT = 53.98 * mm
SHEET_COLUMNS = 2
SHEET_ROWS = 5
CARDS_PER_SHEET = SHEET_COLUMNS * SHEET_ROWS
COLUMN_GAP = 10 * mm
MARK_OFFSET = 2 * mm  # cutting marks start this far from the cards...
MARK_LENGTH = 5 * mm  # ... and are this long
MARK_WIDTH = 0.3

# What may be typed for a card holder: « a-123 », « A-000123 », « ad-a-2026-42 ».
_TYPED_PERSON_RE = re.compile(r"^(?P<series>[A-Z])-(?P<seq>\d{1,9})$")
_TYPED_MEMBERSHIP_RE = re.compile(r"^AD-(?P<series>[A-Z])-(?P<year>\d{4})-(?P<seq>\d{1,9})$")


@dataclass(frozen=True)
class MemberCard:
    """What one member card states."""

    person_id: uuid.UUID
    first_name: str
    last_name: str
    card_code: str  # the person's number, in the QR code
    membership_number: str
    valid_until: dt.date
    valid_today: bool  # False: the last membership has expired

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def validity(self) -> str:
        return f"Valable jusqu'au {date_short(self.valid_until)}"


@dataclass(frozen=True)
class Segment:
    """A straight line on a page, in points from the lower left corner."""

    x1: float
    y1: float
    x2: float
    y2: float


@reads
def find_card_holder(session: Session, actor: Actor, number: str) -> uuid.UUID:
    """The person a person number (« A-000123 ») or a membership number
    (« AD-A-2026-0042 ») belongs to; any case, spaces and fewer digits accepted."""
    require(actor, Capability.CASH_READ)
    typed = "".join(number.split()).upper()
    shown = number.strip()
    if match := _TYPED_PERSON_RE.fullmatch(typed):
        wanted = person_number(match["series"], int(match["seq"]))
        person_id = session.scalar(
            select(Person.id).where(Person.number == wanted, Person.deleted.is_(False))
        )
        if person_id is None:
            raise NotFound(f"Aucune personne ne porte le numéro « {shown} ».")
        return person_id
    if match := _TYPED_MEMBERSHIP_RE.fullmatch(typed):
        wanted = membership_number(match["series"], int(match["year"]), int(match["seq"]))
        person_id = session.scalar(
            select(Person.id)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.number == wanted, Person.deleted.is_(False))
        )
        if person_id is None:
            raise NotFound(f"Aucune adhésion ne porte le numéro « {shown} ».")
        return person_id
    raise ValidationError(
        f"« {shown} » n'est ni un numéro de personne (comme A-000123) ni un numéro "
        "d'adhésion (comme AD-A-2026-0042)."
        if shown
        else "Indiquez le numéro de la personne (A-000123) ou de son adhésion (AD-A-2026-0042).",
        "member",
    )


@reads
def member_card(session: Session, actor: Actor, person_id: uuid.UUID) -> MemberCard:
    """What the person's card states; refused (French) without any membership."""
    require(actor, Capability.CASH_READ)
    person = session.get(Person, person_id)
    if person is None or person.deleted:
        raise NotFound("Cette personne est introuvable.")
    card = _card(person, standing_memberships(session, person_id), today(session))
    if card is None:
        name = f"{person.first_name} {person.last_name}".strip()
        raise ValidationError(
            f"{name} ({person.number}) n'a aucune adhésion, ni en cours ni passée : "
            "pas de carte d'adhérent·e à imprimer.",
            "member",
        )
    return card


@reads
def member_cards(
    session: Session, actor: Actor, person_ids: Sequence[uuid.UUID] | None
) -> list[MemberCard]:
    """The cards of ``person_ids`` in that order, or (None) of every person whose
    membership is valid today, sorted by name; refused (French) when there is none."""
    require(actor, Capability.CASH_READ)
    if person_ids is not None:
        cards = [member_card(session, actor, person_id) for person_id in person_ids]
    else:
        cards = _valid_today(session)
    if not cards:
        raise ValidationError(
            "Aucune carte à imprimer : personne n'a d'adhésion valable aujourd'hui."
            if person_ids is None
            else "Aucune carte à imprimer : choisissez au moins une personne.",
            "member",
        )
    return cards


@reads
def member_card_pdf(session: Session, actor: Actor, person_id: uuid.UUID) -> bytes:
    """The person's member card alone, on one page of the card's size."""
    card = member_card(session, actor, person_id)
    return render_card(card, local_site(session).name)


@reads
def member_cards_pdf(
    session: Session, actor: Actor, person_ids: Sequence[uuid.UUID] | None
) -> bytes:
    """A4 sheets of ten cards with cutting marks: ``person_ids``, or (None) every person
    whose membership is valid today."""
    return render_sheets(member_cards(session, actor, person_ids), local_site(session).name)


def _valid_today(session: Session) -> list[MemberCard]:
    day = today(session)
    members = select(Membership.person_id).where(
        Membership.valid_from <= day,
        Membership.valid_until >= day,
        Membership.cancelled.is_(False),
        Membership.deleted.is_(False),
    )
    persons = sorted(
        session.scalars(select(Person).where(Person.id.in_(members), Person.deleted.is_(False))),
        # By name as people read it (« Écuyer » among the E), not by code point.
        key=lambda p: (fold(p.last_name), fold(p.first_name), p.number),
    )
    standing: dict[uuid.UUID, list[Membership]] = {person.id: [] for person in persons}
    for membership in session.scalars(
        select(Membership).where(
            Membership.person_id.in_(members),
            Membership.cancelled.is_(False),
            Membership.deleted.is_(False),
        )
    ):
        if membership.person_id in standing:
            standing[membership.person_id].append(membership)
    cards = [_card(person, standing[person.id], day) for person in persons]
    return [card for card in cards if card is not None]


def _card(person: Person, standing: list[Membership], day: dt.date) -> MemberCard | None:
    shown = ending_last(standing)
    if shown is None:
        return None
    return MemberCard(
        person_id=person.id,
        first_name=person.first_name,
        last_name=person.last_name,
        card_code=person.number,
        membership_number=shown.number,
        valid_until=shown.valid_until,
        valid_today=valid_on(standing, day) is not None,
    )


# ---- layout (pure: no database) -------------------------------------------------------


def render_card(card: MemberCard, site_name: str) -> bytes:
    """One card on a page of the card's size (for a card printer or a preview)."""
    buffer = io.BytesIO()
    canvas = _canvas(buffer, (CARD_WIDTH, CARD_HEIGHT), site_name)
    canvas.setTitle(f"Carte d'adhérent·e – {card.full_name}")
    draw_card(canvas, card, site_name, 0, 0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_sheets(cards: Sequence[MemberCard], site_name: str) -> bytes:
    """A4 pages of up to ten cards each, with cutting marks."""
    buffer = io.BytesIO()
    canvas = _canvas(buffer, A4, site_name)
    canvas.setTitle(f"Cartes d'adhérent·e ({len(cards)})")
    for start in range(0, len(cards), CARDS_PER_SHEET):
        page = cards[start : start + CARDS_PER_SHEET]
        for index, card in enumerate(page):
            x, y = card_origin(index)
            draw_card(canvas, card, site_name, x, y)
        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(MARK_WIDTH)
        for mark in cut_marks(len(page)):
            canvas.line(mark.x1, mark.y1, mark.x2, mark.y2)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _canvas(buffer: io.BytesIO, size: tuple[float, float], site_name: str) -> Canvas:
    register_fonts()
    canvas = Canvas(buffer, pagesize=size, initialFontName=REGULAR, lang="fr-FR")
    canvas.setAuthor(site_name)
    canvas.setSubject("Carte d'adhérent·e")
    return canvas


def _sheet_margins() -> tuple[float, float]:
    width, height = A4
    left = (width - SHEET_COLUMNS * CARD_WIDTH - (SHEET_COLUMNS - 1) * COLUMN_GAP) / 2
    bottom = (height - SHEET_ROWS * CARD_HEIGHT) / 2
    return left, bottom


def card_origin(index: int) -> tuple[float, float]:
    """Lower left corner of the ``index``-th card of a sheet (rows from the top)."""
    left, bottom = _sheet_margins()
    row, column = divmod(index, SHEET_COLUMNS)
    x = left + column * (CARD_WIDTH + COLUMN_GAP)
    y = A4[1] - bottom - (row + 1) * CARD_HEIGHT
    return x, y


def cut_marks(count: int) -> list[Segment]:
    """The cutting marks of a sheet holding ``count`` cards: every cut line is marked at
    both ends, outside the cards (margins, and the gap between the columns)."""
    if count <= 0:
        return []
    rows = math.ceil(min(count, CARDS_PER_SHEET) / SHEET_COLUMNS)
    columns = min(count, SHEET_COLUMNS)
    left, bottom = _sheet_margins()
    top = A4[1] - bottom
    low = top - rows * CARD_HEIGHT
    right = left + columns * CARD_WIDTH + (columns - 1) * COLUMN_GAP
    near, far = MARK_OFFSET, MARK_OFFSET + MARK_LENGTH
    marks: list[Segment] = []
    for column in range(columns):
        x = left + column * (CARD_WIDTH + COLUMN_GAP)
        for edge in (x, x + CARD_WIDTH):
            marks.append(Segment(edge, top + near, edge, top + far))
            marks.append(Segment(edge, low - near, edge, low - far))
    for row in range(rows + 1):
        y = top - row * CARD_HEIGHT
        marks.append(Segment(left - near, y, left - far, y))
        marks.append(Segment(right + near, y, right + far, y))
        for column in range(columns - 1):
            gap = left + (column + 1) * CARD_WIDTH + column * COLUMN_GAP
            marks.append(Segment(gap + near, y, gap + COLUMN_GAP - near, y))
    return marks


# Card geometry (mm from the card's lower left corner).
_PANEL = 31.0  # width of the tinted panel holding the QR code, on the right
_QR = 22.0  # QR code with its quiet zone
_INSET = 6.0  # margin of the text column


def draw_card(canvas: Canvas, card: MemberCard, site_name: str, x: float, y: float) -> None:
    """Draw one card with its lower left corner at (``x``, ``y``)."""
    canvas.saveState()
    canvas.translate(x, y)
    width, height = CARD_WIDTH, CARD_HEIGHT
    panel_x = width - _PANEL * mm
    canvas.setFillColor(PALE_TEAL)
    canvas.rect(panel_x, 0, _PANEL * mm, height, stroke=0, fill=1)
    # QR code on a white tile, the card code under it for the eye; centred in the panel.
    pad = 1.2 * mm
    code_drop = 5.4 * mm  # from the tile's foot to the code's baseline
    group = _QR * mm + 2 * pad + code_drop
    qr_x = panel_x + (_PANEL - _QR) / 2 * mm
    qr_y = (height + group) / 2 - pad - _QR * mm
    canvas.setFillColor(colors.white)
    canvas.roundRect(qr_x - pad, qr_y - pad, (_QR * mm) + 2 * pad, (_QR * mm) + 2 * pad,
                     1.6 * mm, stroke=0, fill=1)  # fmt: skip
    draw_qr(canvas, card.card_code, qr_x, qr_y, _QR * mm)
    canvas.setFillColor(SLATE)
    _centred(canvas, card.card_code, BOLD, 8, panel_x + _PANEL / 2 * mm, qr_y - pad - code_drop,
             spacing=0.6)  # fmt: skip

    left = _INSET * mm
    text_width = panel_x - left - 4 * mm
    # The place, then what the card is.
    canvas.setFillColor(TEAL)
    name_size = _fitting_size(site_name, BOLD, 9.5, 6.5, text_width)
    canvas.setFont(BOLD, name_size)
    canvas.drawString(left, height - 9.2 * mm, _clipped(site_name, BOLD, name_size, text_width))
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 5.6)
    canvas.drawString(left, height - 12.6 * mm, "CARTE D'ADHÉRENT·E", charSpace=0.7)
    canvas.setStrokeColor(TEAL)
    canvas.setLineWidth(1.1)
    canvas.line(left, height - 15 * mm, left + 7 * mm, height - 15 * mm)
    # The person's name: the eye goes there first.
    _draw_name(canvas, card, left, text_width, top=height - 19.5 * mm, bottom=22 * mm)
    # Membership number and validity, at the foot.
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 5.2)
    canvas.drawString(left, 15.2 * mm, "N° D'ADHÉRENT·E", charSpace=0.5)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 8)
    canvas.drawString(left, 11.7 * mm, card.membership_number)
    canvas.setFont(REGULAR, 7)
    canvas.drawString(left, 7.2 * mm, card.validity)
    canvas.restoreState()


def _draw_name(
    canvas: Canvas, card: MemberCard, left: float, width: float, *, top: float, bottom: float
) -> None:
    last_size = _fitting_size(card.last_name, BOLD, 13.0, 8.0, width)
    # The first name stays smaller than the last name, whichever had to shrink.
    first_size = min(_fitting_size(card.first_name, REGULAR, 10.5, 7.0, width), last_size * 0.8)
    lines: list[tuple[str, str, float]] = []
    for text, font, size in ((card.first_name, REGULAR, first_size),
                             (card.last_name, BOLD, last_size)):  # fmt: skip
        lines.extend((line, font, size) for line in _wrapped(text, font, size, width, 2))
    leading = 1.18
    block = sum(size * leading for _, _, size in lines)
    # Centred in the space between the heading and the foot, never above it.
    baseline = top - max(0.0, (top - bottom - block) / 2)
    canvas.setFillColor(SLATE)
    for text, font, size in lines:
        baseline -= size * leading
        canvas.setFont(font, size)
        canvas.drawString(left, baseline + size * (leading - 1), text)


def _fitting_size(text: str, font: str, size: float, smallest: float, width: float) -> float:
    """``size``, or smaller (down to ``smallest``) so that ``text`` fits ``width``."""
    natural = float(stringWidth(text, font, size))
    if natural <= width:
        return size
    return max(smallest, size * width / natural * 0.999)  # 0.1 %: the line wraps at its width


def _wrapped(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    lines = simpleSplit(text, font, size, width) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [_clipped(line, font, size, width) for line in lines]


def _clipped(text: str, font: str, size: float, width: float) -> str:
    """``text``, cut with an ellipsis where it would overflow ``width``."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _centred(
    canvas: Canvas, text: str, font: str, size: float, x: float, y: float, spacing: float = 0
) -> None:
    width = stringWidth(text, font, size) + spacing * max(0, len(text) - 1)
    canvas.setFont(font, size)
    canvas.drawString(x - width / 2, y, text, charSpace=spacing)
