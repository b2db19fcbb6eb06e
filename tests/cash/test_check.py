"""``check`` finds every tampering of a stored receipt, in French, with the receipt number."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid

import pytest
import tampering
from cash_world import World, paris

from desktop.services.cash.chain import plain
from desktop.services.cash.check import _paris_day, check_database
from desktop.services.cash.closings import close_day
from desktop.services.cash.drafts import DraftLine
from desktop.services.cash.receipts import cancel_receipt
from desktop.services.formatting import local
from tests.frozen_clock import clocked

DAY = dt.date(2026, 5, 12)


def _problems(world: World) -> tuple[str, ...]:
    with world.db.session() as session:
        return check_database(session).problems


@pytest.fixture
def five(world: World) -> World:
    for index in range(5):
        world.sell(DraftLine.other("Atelier", 1000 + index * 100), at=paris(DAY, 10, index))
    return world


def test_intact_database(five: World) -> None:
    with five.db.session() as session:
        report = check_database(session)
    assert report.ok
    assert (
        report.summary_fr() == "Vérification terminée : tout est intact (5 reçu(s), 0 clôture(s))."
    )


def test_triggers_refuse_update_and_delete(five: World) -> None:
    raw = sqlite3.connect(five.db.path)
    try:
        for table in ("receipt", "receipt_line"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                raw.execute(f"UPDATE {table} SET total_cents = 0")
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                raw.execute(f"DELETE FROM {table}")
    finally:
        raw.close()


def test_amount_changed(five: World) -> None:
    tampering.change_amount(five.db.path, "A-2026-000003")
    assert _problems(five) == ("Reçu A-2026-000003 : montant modifié après émission.",)


def test_consistent_forgery_is_caught_by_the_hash(five: World) -> None:
    tampering.change_line_and_total(five.db.path, "A-2026-000002")
    assert _problems(five) == (
        "Reçu A-2026-000002 : contenu modifié après émission (empreinte différente).",
    )


def test_deleted_receipt(five: World) -> None:
    tampering.delete_receipt(five.db.path, "A-2026-000004")
    problems = _problems(five)
    assert problems[0] == "Reçu A-2026-000004 manquant."
    assert any(p.startswith("Reçu A-2026-000005 : chaînage rompu") for p in problems)


def test_deleted_last_receipt_is_found_through_the_audit_log(five: World) -> None:
    tampering.delete_receipt(five.db.path, "A-2026-000005")
    problems = _problems(five)
    assert problems == ("Reçu A-2026-000005 manquant (son émission figure au journal d'audit).",)


def test_swapped_receipts(five: World) -> None:
    tampering.swap_places(five.db.path, "A-2026-000002", "A-2026-000004")
    problems = "\n".join(_problems(five))
    assert "Reçu A-2026-000002 : contenu modifié" in problems
    assert "Reçu A-2026-000004 : contenu modifié" in problems
    assert "chaînage rompu" in problems


def test_closing_sees_a_deleted_or_changed_receipt(five: World) -> None:
    with five.db.session() as session:
        close_day(clocked(session, paris(DAY, 20)), five.cashier, DAY)
    tampering.change_amount(five.db.path, "A-2026-000001")
    problems = _problems(five)
    assert "Reçu A-2026-000001 : montant modifié après émission." in problems
    assert any("Clôture journalière du mardi 12 mai 2026 (série A) : totaux" in p for p in problems)


def test_dropped_trigger_is_reported(five: World) -> None:
    with tampering.unprotected(five.db.path, restore=False):
        pass
    problems = _problems(five)
    assert len(problems) == 6
    assert problems[0].startswith("Protection retirée : la table receipt")


def test_cancellation_amount_tampered(five: World) -> None:
    receipts = tampering.receipts(five.db.path)
    with five.db.session() as session:
        cancel = cancel_receipt(
            clocked(session, paris(DAY, 11)), five.cashier, uuid.UUID(receipts[0][0]), "Erreur"
        )
    tampering.change_line_and_total(five.db.path, cancel.number)
    problems = _problems(five)
    assert f"Reçu {cancel.number} : contenu modifié après émission (empreinte différente)." in (
        problems
    )
    assert any("ne correspond pas au reçu annulé A-2026-000001" in p for p in problems)


def test_paris_day_of_stored_moments_matches_the_formatting_rules() -> None:
    start = dt.datetime(2026, 3, 27, 18, tzinfo=dt.UTC)  # spans the spring DST change
    cache: dict = {}
    for quarter in range(4 * 24 * 4):
        moment = start + dt.timedelta(minutes=15 * quarter)
        assert _paris_day(plain(moment), cache) == local(moment).date()
    autumn = dt.datetime(2026, 10, 24, 20, tzinfo=dt.UTC)
    for quarter in range(4 * 24 * 2):
        moment = autumn + dt.timedelta(minutes=15 * quarter)
        assert _paris_day(plain(moment), cache) == local(moment).date()
