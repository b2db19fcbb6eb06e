"""The person-card part of ``ressourcerie bench`` (« fiche »), at a tiny scale."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

from desktop.cli import main
from desktop.commands.bench_card import raw_card, ten_years_of_history
from desktop.models import Visit
from desktop.services.database import Database
from desktop.services.permissions import Actor
from desktop.services.person_card import person_card
from tests.world import add_person, add_session

TODAY = dt.date(2026, 5, 12)


def _regular(db: Database):
    with db.session() as session:
        person = add_person(session, "Hélène", "Lefèvre")
        add_session(session, TODAY - dt.timedelta(days=30))
        session.add(Visit(at=dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC), person_id=person.id))
        return person.id


def test_ten_years_of_history_and_the_raw_baseline_read_it(db: Database, admin: Actor) -> None:
    person_id = _regular(db)
    assert ten_years_of_history(db, person_id, TODAY) > 500
    with db.read_session() as session:
        card = person_card(session, admin, person_id)
    assert (TODAY - card.visits[-1].at.date()).days >= 3650 - 7
    assert len(card.memberships) == 10 and card.receipts and len(card.registrations) == 1
    assert [f.label for f in card.flags] and len(card.consent_history) == 20
    connection = sqlite3.connect(db.path, isolation_level=None)
    try:
        rows = raw_card(connection, person_id.hex)
    finally:
        connection.close()
    expected = 1 + 20 + len(card.visits) + 1 + 10 + len(card.receipts) + len(card.flags)
    assert rows == expected


def test_bench_card_part_runs_small(db: Database, capsys) -> None:
    _regular(db)
    code = main(["bench", "--part", "fiche", "--runs", "1", "--db", str(db.path)])
    out = capsys.readouterr().out
    assert code == 0 and "Émission" not in out
    assert re.search(r"Ouverture de la fiche \(20 fois\) : médiane \d+,\d\d ms", out)
    assert re.search(r"Rapport fiche / requêtes brutes : médianes \d+,\d\d×", out)
