"""The accountant's CSV: UTF-8 with BOM, ';', decimal comma, one row per line."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from cash_world import World, paris

from desktop.services.cash.drafts import DraftLine, Payment
from desktop.services.cash.export import HEADER, euros, export_receipts
from desktop.services.cash.receipts import cancel_receipt
from desktop.services.errors import PermissionDenied, ValidationError
from desktop.vocabulary import PaymentMethod
from tests.frozen_clock import clocked

DAY = dt.date(2026, 5, 12)


def test_euros() -> None:
    assert [euros(c) for c in (0, 5, 1200, 123456, -450)] == [
        "0,00",
        "0,05",
        "12,00",
        "1234,56",
        "-4,50",
    ]


def test_csv_of_a_period(world: World, tmp_path) -> None:
    person = world.person("Hélène", "Lefèvre")
    first = world.sell(
        DraftLine.other("Atelier céramique", 1200),
        DraftLine.other("Tisane", 150, 2),
        person_id=person,
        payment=Payment(PaymentMethod.CHEQUE, cheque_number="0012345"),
        at=paris(DAY, 10),
    )
    with world.db.session() as session:
        cancel_receipt(clocked(session, paris(DAY, 11)), world.cashier, first.id, "Erreur; doublon")
    world.sell(at=paris(DAY + dt.timedelta(days=1), 10))  # outside the period
    target = tmp_path / "recus.csv"
    with world.db.session() as session:
        summary = export_receipts(session, world.cashier, DAY, DAY, target)
    assert (summary.receipt_count, summary.line_count, summary.total_cents) == (2, 4, 0)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == HEADER
    assert len(rows) == 5
    line = dict(zip(HEADER, rows[1], strict=True))
    assert line["Numéro"] == "A-2026-000001"
    assert line["Date"] == "12/05/2026" and line["Heure"] == "10:00"
    assert line["Payeur"] == "Hélène Lefèvre"
    assert line["Moyen de paiement"] == "Chèque" and line["N° chèque"] == "0012345"
    assert line["Total reçu"] == "15,00"
    assert (line["Libellé"], line["Prix unitaire"], line["Montant ligne"]) == (
        "Atelier céramique",
        "12,00",
        "12,00",
    )
    cancel = dict(zip(HEADER, rows[4], strict=True))
    assert cancel["Annule le reçu"] == "A-2026-000001"
    assert cancel["Motif d'annulation"] == "Erreur; doublon"
    assert cancel["Montant ligne"] == "-3,00"


def test_export_rules(world: World, tmp_path) -> None:
    with world.db.session() as session, pytest.raises(ValidationError, match="précède"):
        export_receipts(session, world.cashier, DAY, DAY - dt.timedelta(days=1), tmp_path / "x")
    with world.db.session() as session, pytest.raises(PermissionDenied):
        export_receipts(session, world.social, DAY, DAY, tmp_path / "x.csv")
