"""Revision 0004: consent columns become events; visits gain cancellations and « ne sait pas »."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from alembic import command

from desktop.services import database
from tests.services.test_migrations import _database_at


def _upgrade(path: Path, revision: str = "0004") -> sqlite3.Connection:
    engine = database.make_engine(path)
    command.upgrade(database.alembic_config(engine), revision)
    engine.dispose()
    return sqlite3.connect(path)


def _at_0001_with_consents(path: Path) -> None:
    _database_at(path, "0001")
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "UPDATE person SET consent_data_at = '2019-04-02 09:00:00.000000', "
            "consent_photos_at = '2020-06-01 14:30:00.000000'"
        )
    connection.close()


def test_consent_columns_from_0001_become_given_events(tmp_path: Path) -> None:
    path = tmp_path / "at-0001.sqlite3"
    _at_0001_with_consents(path)
    connection = _upgrade(path)
    events = connection.execute(
        "SELECT consent, given, at, recorded_by, (SELECT created_by FROM person) "
        "FROM consent_event ORDER BY at"
    ).fetchall()
    columns = {row[1] for row in connection.execute("PRAGMA table_info('person')")}
    connection.close()
    assert [(e[0], e[1], e[2]) for e in events] == [
        ("donnees", 1, "2019-04-02 09:00:00.000000"),
        ("photos", 1, "2020-06-01 14:30:00.000000"),
    ]
    assert all(e[3] == e[4] for e in events)  # recorded by whoever created the person
    assert not columns & {"consent_data_at", "consent_newsletter_at", "consent_photos_at"}


def test_two_devices_derive_the_same_consent_events(tmp_path: Path) -> None:
    ids = []
    for name in ("one", "two"):
        path = tmp_path / f"{name}.sqlite3"
        _at_0001_with_consents(path)
        connection = _upgrade(path)
        ids.append(sorted(r[0] for r in connection.execute("SELECT id FROM consent_event")))
        connection.close()
    assert ids[0] == ids[1] and len(ids[0]) == 2
    assert all(uuid.UUID(i) for i in ids[0])


def test_visits_keep_their_facts_and_stay_append_only(tmp_path: Path) -> None:
    path = tmp_path / "at-0003.sqlite3"
    _database_at(path, "0003")
    connection = _upgrade(path)
    rows = connection.execute(
        "SELECT person_id IS NULL, anonymous_first_visit, reasons, cancels_visit_id FROM visit "
        "ORDER BY at"
    ).fetchall()
    assert rows == [(0, None, '["activite"]', None), (1, "oui", '["information"]', None)]
    indexes = {row[1] for row in connection.execute("PRAGMA index_list('visit')")}
    assert {"ix_visit_person_at", "ix_visit_at", "ix_visit_person_id"} <= indexes
    for statement in ("UPDATE visit SET reasons = '[]'", "DELETE FROM visit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute(statement)
    query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    triggers = {r[0] for r in connection.execute(query)}
    connection.close()
    for table in ("visit", "consent_event", "welcome_check"):
        assert {f"{table}_no_update", f"{table}_no_delete"} <= triggers
