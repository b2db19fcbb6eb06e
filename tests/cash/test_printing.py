"""Receipt and closing PDFs: text (pypdf), page sizes, embedded DejaVu fonts, duplicates."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from cash_world import World, paris
from pypdf import PdfReader

from desktop.services.cash.closings import close_day
from desktop.services.cash.drafts import DraftLine, Payment
from desktop.services.printing.closing import closing_pdf
from desktop.services.printing.receipt import receipt_pdf
from desktop.services.settings import set_setting
from desktop.vocabulary import PaymentMethod
from tests.frozen_clock import clocked

DAY = dt.date(2026, 5, 12)
MM = 72 / 25.4


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return raw.replace("\u00a0", " ").replace("\u202f", " ")


def _pages(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in _pages(pdf):
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.fixture
def sale(world: World):
    person = world.person("Hélène", "Lefèvre")
    occurrence = world.occurrence(DAY, title="Yoga doux")
    return world.sell(
        DraftLine.session_place(occurrence),
        DraftLine.other("Déjeuner partagé", 450, 2),
        person_id=person,
        payment=Payment(PaymentMethod.CASH, 3000),
        at=paris(DAY, 10),
    )


def _pdf(world: World, receipt_id, **kw) -> bytes:
    with world.db.session() as session:
        return receipt_pdf(session, world.cashier, receipt_id, **kw)


def test_a5_receipt_text_and_size(world: World, sale) -> None:
    pdf = _pdf(world, sale.id, paper="a5")
    text = _text(pdf)
    for expected in (
        "La Ressourcerie",
        "Reçu n° A-2026-000001",
        "Le 12/05/2026 à 10:00",
        "Hélène Lefèvre",
        "Yoga doux – séance du 12/05/2026 à 14:00",
        "1 × 12,00 € — Plein tarif",
        "12,00 €",
        "Déjeuner partagé",
        "2 × 4,50 €",
        "21,00 €",
        "Montant remis : 30,00 €",
        "Monnaie rendue : 9,00 €",
        "non assujettie à la TVA",
        "SIRET 123 456 789 00012",
    ):
        assert expected in text, expected
    assert "DUPLICATA" not in text
    (page,) = _pages(pdf)
    assert float(page.mediabox.width) == pytest.approx(148 * MM, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(210 * MM, abs=0.5)
    assert all("DejaVuSans" in name for name in _fonts(pdf))


def test_roll_receipt_is_80mm_wide_and_one_page(world: World, sale) -> None:
    with world.db.session() as session:
        set_setting(session, world.admin, "receipt_format", "80mm")
    pdf = _pdf(world, sale.id)
    (page,) = _pages(pdf)
    assert float(page.mediabox.width) == pytest.approx(80 * MM, abs=0.5)
    assert 80 * MM < float(page.mediabox.height) < 297 * MM
    assert "Reçu n° A-2026-000001" in _text(pdf)


def test_long_receipts_lose_nothing(world: World) -> None:
    labels = [f"Article numéro {i} – atelier créatif été" for i in range(1, 41)]
    info = world.sell(*(DraftLine.other(label, 100 + i) for i, label in enumerate(labels)))
    roll = _pdf(world, info.id, paper="80mm")
    assert len(_pages(roll)) == 1
    a5 = _pdf(world, info.id, paper="a5")
    assert len(_pages(a5)) >= 2
    for pdf in (roll, a5):
        text = " ".join(_text(pdf).split())
        for label in labels:
            assert label in text
        assert "Total" in text


def test_reprint_says_duplicata(world: World, sale) -> None:
    for paper in ("a5", "80mm"):
        assert "DUPLICATA" in _text(_pdf(world, sale.id, paper=paper, duplicate=True))


def test_closing_report(world: World, sale) -> None:
    with world.db.session() as session:
        closing = close_day(clocked(session, paris(DAY, 19)), world.cashier, DAY)
        pdf = closing_pdf(session, world.cashier, closing.id)
    text = _text(pdf)
    for expected in (
        "Clôture journalière du mardi 12 mai 2026 — série A",
        "Clôturée le 12/05/2026 19:00 par Léa Dubois",
        "Espèces",
        "21,00 €",
        "A-2026-000001",
        closing.chain_head[:32],
    ):
        assert expected in text, expected
    assert all("DejaVuSans" in name for name in _fonts(pdf))
