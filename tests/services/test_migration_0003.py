"""Revision 0003: the usage name, and search keys rebuilt with the new folding."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from desktop.services import database
from tests.services.test_migrations import _database_at


def test_upgrade_rebuilds_search_keys_and_adds_an_empty_usage_name(tmp_path: Path) -> None:
    path = tmp_path / "at-0002.sqlite3"
    _database_at(path, "0002")
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "UPDATE person SET first_name = 'Jean-Éric', last_name = 'L''Hôte-Œuvray', "
            "search_key = 'jean eric l hote œuvray'"
        )
    connection.close()
    engine = database.make_engine(path)
    command.upgrade(database.alembic_config(engine), "0003")
    engine.dispose()
    connection = sqlite3.connect(path)
    key, usage = connection.execute("SELECT search_key, usage_name FROM person").fetchone()
    indexes = {row[1] for row in connection.execute("PRAGMA index_list('visit')")}
    connection.close()
    assert key == "jean eric jeaneric l hote oeuvray lhoteoeuvray"
    assert usage == ""
    assert "ix_visit_person_at" in indexes
