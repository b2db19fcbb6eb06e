"""Member cards: sizes, text, fonts, the QR code read back by a real decoder, sheets and marks."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pypdfium2
import pytest
import zxingcpp
from cash_world import World, paris
from PIL import Image, ImageFilter
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics

from desktop.models import Person
from desktop.services.cash.drafts import DraftLine
from desktop.services.cash.receipts import cancel_receipt
from desktop.services.errors import NotFound, PermissionDenied, ValidationError
from desktop.services.printing.card import (
    CARD_HEIGHT,
    CARD_WIDTH,
    MemberCard,
    card_origin,
    cut_marks,
    find_card_holder,
    member_card,
    member_card_pdf,
    member_cards,
    member_cards_pdf,
    render_card,
    render_sheets,
)
from desktop.services.printing.fonts import BOLD, REGULAR
from desktop.services.printing.qr import QUIET_ZONE, qr_modules
from tests.frozen_clock import clocked

DAY = dt.date(2026, 5, 12)
MM = 72 / 25.4


def _join(world: World, person: uuid.UUID, day: dt.date = DAY, hour: int = 10):
    return world.sell(
        DraftLine.membership(day, charter_accepted=True), person_id=person, at=paris(day, hour)
    )


def _text(pdf: bytes, page: int = 0) -> str:
    raw = PdfReader(io.BytesIO(pdf)).pages[page].extract_text()
    return raw.replace("\u00a0", " ").replace("\u202f", " ")


def _image(pdf: bytes, page: int = 0, dpi: int = 300) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()


def _decoded(image: Image.Image) -> list[str]:
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return sorted(result.text for result in found)


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.fixture
def helene(world: World) -> uuid.UUID:
    person = world.person("Hélène", "Lefèvre-Œuvray")
    _join(world, person)
    return person


def _card_pdf(world: World, person: uuid.UUID, on: dt.date = DAY) -> bytes:
    with world.db.session() as session:
        return member_card_pdf(clocked(session, paris(on, 15)), world.cashier, person)


def test_card_page_is_id1_size_with_the_facts_in_dejavu(world: World, helene) -> None:
    pdf = _card_pdf(world, helene)
    (page,) = PdfReader(io.BytesIO(pdf)).pages
    assert float(page.mediabox.width) / MM == pytest.approx(85.60, abs=0.05)
    assert float(page.mediabox.height) / MM == pytest.approx(53.98, abs=0.05)
    text = _text(pdf)
    for expected in (
        "La Ressourcerie",
        "CARTE D'ADHÉRENT·E",
        "Hélène",
        "Lefèvre-Œuvray",
        "AD-A-2026-0001",
        "Valable jusqu'au 11/05/2027",
        "A-000001",
    ):
        assert expected in text, expected
    assert all("DejaVuSans" in name for name in _fonts(pdf)), _fonts(pdf)
    assert "/XObject" not in page["/Resources"]  # the QR code is vectors, not a picture


def test_every_character_printed_has_a_glyph_in_dejavu() -> None:
    """No black boxes: the fonts the card uses draw every letter of French names."""
    card = MemberCard(uuid.uuid4(), "Gaëlle-Æsa Ñoël", "L'Hôte Œuvray Straße", "A-000042",
                      "AD-A-2026-0042", DAY, True)  # fmt: skip
    site = "Tiers-lieu Ça Gère"
    pdf = render_card(card, site)
    assert "L'Hôte Œuvray Straße" in _text(pdf)
    printed = "".join((card.first_name, card.last_name, card.validity, site, "ÉÈÀÇ·°…"))
    for name in (REGULAR, BOLD):
        glyphs = pdfmetrics.getFont(name).face.charToGlyph
        assert [c for c in printed if ord(c) not in glyphs] == []


@pytest.mark.parametrize("dpi", [150, 300])
def test_the_qr_code_decodes_back_to_the_person_number(world: World, helene, dpi) -> None:
    pdf = _card_pdf(world, helene)
    assert _decoded(_image(pdf, dpi=dpi)) == ["A-000001"]


def test_the_qr_code_reads_askew_and_blurred(world: World, helene) -> None:
    """As a camera sees it: low resolution (about 4.5 pixels a module), tilted, out of focus."""
    image = _image(_card_pdf(world, helene), dpi=150)
    seen = image.rotate(9, expand=True, fillcolor=255).filter(ImageFilter.GaussianBlur(1.5))
    assert _decoded(seen) == ["A-000001"]


def test_the_qr_code_has_its_quiet_zone(world: World, helene) -> None:
    """The white margin of 4 modules around the symbol, and dark modules drawn crisply."""
    image = _image(_card_pdf(world, helene), dpi=600)
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    (result,) = found
    position = result.position
    left = min(position.top_left.x, position.bottom_left.x)
    top = min(position.top_left.y, position.top_right.y)
    right = max(position.top_right.x, position.bottom_right.x)
    side = right - left
    modules = len(qr_modules("A-000001"))
    quiet = side / modules * QUIET_ZONE
    pixels = image.load()
    # A band just inside the quiet zone, on the four sides, is white.
    for offset in range(2, int(quiet) - 2):
        for along in range(int(left), int(right)):
            assert pixels[along, int(top) - offset] > 240
            assert pixels[along, int(top + side) + offset] > 240
            assert pixels[int(left) - offset, top + (along - left)] > 240
            assert pixels[int(right) + offset, top + (along - left)] > 240


def test_the_card_states_the_membership_ending_last(world: World) -> None:
    person = world.person("Jean-Éric", "L'Hôte")
    _join(world, person, DAY)
    # Renewed before expiry: the new period starts when the current one ends.
    _join(world, person, dt.date(2027, 4, 1))
    with world.db.session() as session:
        card = member_card(clocked(session, paris(dt.date(2027, 4, 2))), world.cashier, person)
    assert card.membership_number == "AD-A-2027-0001"
    assert card.valid_until == dt.date(2028, 5, 11)
    assert card.valid_today is True
    assert card.card_code == "A-000001"


def test_an_expired_membership_still_prints_its_date(world: World, helene) -> None:
    later = dt.date(2027, 6, 1)
    with world.db.session() as session:
        card = member_card(clocked(session, paris(later)), world.cashier, helene)
    assert card.valid_today is False
    assert "Valable jusqu'au 11/05/2027" in _text(_card_pdf(world, helene, later))


def test_refusals(world: World, helene) -> None:
    stranger = world.person("Inès", "Garnier")
    with world.db.session() as session, pytest.raises(ValidationError) as refused:
        member_card_pdf(session, world.cashier, stranger)
    assert refused.value.message == (
        "Inès Garnier (A-000002) n'a aucune adhésion, ni en cours ni passée : "
        "pas de carte d'adhérent·e à imprimer."
    )
    with world.db.session() as session, pytest.raises(PermissionDenied):
        member_card_pdf(session, world.social, helene)
    with world.db.session() as session, pytest.raises(PermissionDenied):
        member_cards_pdf(session, world.social, None)
    with world.db.session() as session, pytest.raises(NotFound, match="introuvable"):
        member_card_pdf(session, world.cashier, uuid.uuid4())
    with world.db.session() as session:
        session.get(Person, helene).deleted = True
    with world.db.session() as session, pytest.raises(NotFound, match="introuvable"):
        member_card_pdf(session, world.cashier, helene)


def test_a_cancelled_membership_gives_no_card(world: World) -> None:
    person = world.person()
    info = _join(world, person)
    with world.db.session() as session:
        cancel_receipt(clocked(session, paris(DAY, 11)), world.cashier, info.id, "Erreur")
    with world.db.session() as session, pytest.raises(ValidationError, match="aucune adhésion"):
        member_card(session, world.cashier, person)


def test_find_card_holder_by_either_number(world: World, helene) -> None:
    with world.db.session() as session:
        for typed in ("A-000001", " a-1 ", "AD-A-2026-0001", "ad-a-2026-1", "A - 000001"):
            assert find_card_holder(session, world.cashier, typed) == helene, typed
        with pytest.raises(NotFound, match="Aucune personne ne porte le numéro « A-000009 »"):
            find_card_holder(session, world.cashier, "A-000009")
        with pytest.raises(NotFound, match="Aucune adhésion ne porte le numéro « AD-A-2026-7 »"):
            find_card_holder(session, world.cashier, "AD-A-2026-7")
        with pytest.raises(ValidationError, match="ni un numéro de personne"):
            find_card_holder(session, world.cashier, "A-2026-000001")  # a receipt number
        with pytest.raises(ValidationError, match="Indiquez le numéro"):
            find_card_holder(session, world.cashier, "  ")
        with pytest.raises(PermissionDenied):
            find_card_holder(session, world.social, "A-000001")


def _members(world: World, count: int) -> list[uuid.UUID]:
    persons = [world.person(f"Prénom{i:02d}", f"Nom{i:02d}") for i in range(count)]
    for index, person in enumerate(persons):
        _join(world, person, DAY, hour=9 + index // 20)
    return persons


def test_sheet_holds_ten_cards_then_the_eleventh_on_page_two(world: World) -> None:
    persons = _members(world, 11)
    with world.db.session() as session:
        pdf = member_cards_pdf(clocked(session, paris(DAY, 15)), world.cashier, None)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert float(page.mediabox.width) / MM == pytest.approx(210, abs=0.05)
        assert float(page.mediabox.height) / MM == pytest.approx(297, abs=0.05)
    first, second = _text(pdf, 0), _text(pdf, 1)
    for index in range(10):
        assert f"Nom{index:02d}" in first and f"Nom{index:02d}" not in second
    assert "Nom10" in second and "Nom10" not in first
    numbers = [f"A-{index:06d}" for index in range(1, 12)]
    assert _decoded(_image(pdf, 0)) == numbers[:10]
    assert _decoded(_image(pdf, 1)) == numbers[10:]
    assert len(persons) == 11


def test_batch_is_who_is_valid_today_by_name(world: World) -> None:
    zoe, anne, gone = world.person("Zoé", "Abadie"), world.person("Anne", "Zidane"), world.person()
    emilie = world.person("Émilie", "Écuyer")
    _join(world, gone, dt.date(2025, 1, 10))
    _join(world, anne, DAY, 10)
    _join(world, zoe, DAY, 11)
    _join(world, emilie, DAY, 12)
    with world.db.session() as session:
        cards = member_cards(clocked(session, paris(DAY, 15)), world.cashier, None)
    assert [card.full_name for card in cards] == ["Zoé Abadie", "Émilie Écuyer", "Anne Zidane"]
    with world.db.session() as session, pytest.raises(ValidationError, match="personne n'a"):
        member_cards(clocked(session, paris(dt.date(2030, 1, 1))), world.cashier, None)
    with world.db.session() as session:
        chosen = member_cards(session, world.cashier, [gone, zoe])
    assert [card.card_code for card in chosen] == ["A-000003", "A-000001"]


def _dark_along(image: Image.Image, mark, dpi: int, shift: float = 0) -> float:
    """Share of dark points sampled along a mark (PDF points, origin bottom left), or along
    the same line moved by ``shift`` points across it."""
    scale = dpi / 72
    pixels, height = image.load(), image.height
    across_x, across_y = (shift, 0) if mark.x1 == mark.x2 else (0, shift)
    samples = 40
    dark = 0
    for step in range(samples):
        t = (step + 0.5) / samples
        x = round((mark.x1 + (mark.x2 - mark.x1) * t + across_x) * scale)
        y = round(height - (mark.y1 + (mark.y2 - mark.y1) * t + across_y) * scale)
        # A 0.3 pt line is under a pixel wide: its darkest neighbour counts.
        darkest = min(pixels[x + dx, y + dy] for dx in (-1, 0, 1) for dy in (-1, 0, 1))
        dark += darkest < 160
    return dark / samples


def test_cutting_marks_sit_outside_the_cards_on_every_cut(world: World) -> None:
    marks = cut_marks(10)
    cards = [card_origin(index) for index in range(10)]
    for mark in marks:
        for x, y in cards:
            inside_x = x < min(mark.x1, mark.x2) + 0.01 and max(mark.x1, mark.x2) < x + CARD_WIDTH
            inside_y = y < min(mark.y1, mark.y2) + 0.01 and max(mark.y1, mark.y2) < y + CARD_HEIGHT
            assert not (inside_x and inside_y), (mark, x, y)
    vertical = {round(m.x1, 2) for m in marks if m.x1 == m.x2}
    horizontal = {round(m.y1, 2) for m in marks if m.y1 == m.y2}
    edges_x = {round(edge, 2) for x, _ in cards for edge in (x, x + CARD_WIDTH)}
    edges_y = {round(edge, 2) for _, y in cards for edge in (y, y + CARD_HEIGHT)}
    assert vertical == edges_x and horizontal == edges_y
    assert len(vertical) == 4 and len(horizontal) == 6
    # The grid is centred on the page.
    left, bottom = card_origin(8)
    right = card_origin(1)[0] + CARD_WIDTH
    top = card_origin(0)[1] + CARD_HEIGHT
    assert left == pytest.approx(A4[0] - right) and bottom == pytest.approx(A4[1] - top)
    # ... and the marks are printed: dark along each of them on the rendered page.
    card = MemberCard(uuid.uuid4(), "Marie", "Dupont", "A-000001", "AD-A-2026-0001", DAY, True)
    pdf = render_sheets([card] * 10, "La Ressourcerie")
    image = _image(pdf, dpi=200)
    assert all(_dark_along(image, mark, 200) > 0.9 for mark in marks)
    assert all(_dark_along(image, mark, 200, shift=1.5 * MM) == 0 for mark in marks)


def test_a_partial_page_marks_only_the_cards_it_holds() -> None:
    assert len(cut_marks(1)) == 2 * 2 + 2 * 2  # two vertical cuts, two horizontal
    assert len(cut_marks(3)) == 4 * 2 + 3 * 3  # two rows: three horizontal cuts, gap marks too
    assert cut_marks(0) == []
    assert len(cut_marks(10)) == 4 * 2 + 6 * 3


def test_long_names_stay_inside_the_card() -> None:
    """A name too long for one line wraps, then is cut with an ellipsis: the text never
    reaches the card's edges nor the panel of the QR code."""
    card = MemberCard(uuid.uuid4(), "Marie-Françoise-Bénédicte-Éléonore", "de La Tour-Œuvray "
                      "d'Ambérieux-en-Bugey de Saint-Exupéry-Montmorency", "A-123456",
                      "AD-A-2026-1234", DAY, True)  # fmt: skip
    pdf = render_card(card, "Ressourcerie et tiers-lieu des aidants de la Bastide, Bordeaux")
    dpi = 200
    image = _image(pdf, dpi=dpi)
    pixels = image.load()

    def px(millimetres: float) -> int:
        return round(millimetres * dpi / 25.4)

    panel = 85.60 - 31.0  # where the tinted panel starts
    blank = [(x, y) for x in range(px(panel)) for y in range(px(3))]  # top
    blank += [(x, y) for x in range(px(panel)) for y in range(image.height - px(3), image.height)]
    blank += [(x, y) for x in range(px(3)) for y in range(image.height)]  # left
    blank += [(x, y) for x in range(px(panel - 3.5), px(panel) - 1) for y in range(image.height)]
    assert [p for p in blank if pixels[p] < 250] == []
    tint = pixels[px(panel + 1), px(2)]
    band = [(x, y) for x in range(px(panel) + 1, px(panel + 3)) for y in range(image.height)]
    assert [p for p in band if abs(pixels[p] - tint) > 2] == []
    text = _text(pdf)
    assert "…" in text
    assert _decoded(image) == ["A-123456"]


def test_card_services_are_declared_read_only() -> None:
    """The Backend runs them in read transactions that never wait for a writer."""
    from desktop.services.reads import is_read_only

    for function in (find_card_holder, member_card, member_cards, member_card_pdf,
                     member_cards_pdf):  # fmt: skip
        assert is_read_only(function), function.__name__
