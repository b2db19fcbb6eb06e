"""Opening the database: pragmas, migrations, backups and refusals with French messages."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from desktop.services.database import head_revision, open_database
from desktop.services.errors import DatabaseOpenError


def test_pragmas_are_set_on_every_connection(db) -> None:
    with db.engine.connect() as connection:
        values = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "secure_delete")
        }
    assert values == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "secure_delete": 1,
    }


def test_new_database_is_migrated_to_head_without_backup(empty_db) -> None:
    with empty_db.engine.connect() as connection:
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert revision == head_revision()
    assert empty_db.backup_path is None
    assert not empty_db.is_set_up


def test_reopening_keeps_device_and_does_not_back_up(db) -> None:
    path = db.path
    device = db.device.device_id
    db.close()
    again = open_database(path)
    try:
        assert again.device.device_id == device
        assert again.backup_path is None
    finally:
        again.close()


def test_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes("Ceci n'est pas une base de données.\n".encode() * 50)
    before = path.read_bytes()
    with pytest.raises(DatabaseOpenError) as error:
        open_database(path)
    assert "n'est pas un fichier de données" in error.value.message
    assert path.read_bytes() == before


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "autre.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recettes (nom TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(DatabaseOpenError) as error:
        open_database(path)
    assert "n'appartient pas" in error.value.message


def test_database_from_a_newer_version_is_refused_untouched(db) -> None:
    path = db.path
    db.close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseOpenError) as error:
        open_database(path)
    assert "version plus récente" in error.value.message
    assert path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_location_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(DatabaseOpenError) as error:
            open_database(folder / "ressourcerie.sqlite3")
        assert "lecture seule" in error.value.message
    finally:
        folder.chmod(0o755)


def test_read_only_location_is_refused_even_as_root(tmp_path: Path, monkeypatch) -> None:
    """Root bypasses permissions, so simulate the OS answer the check relies on."""
    path = tmp_path / "ressourcerie.sqlite3"
    monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK)
    with pytest.raises(DatabaseOpenError) as error:
        open_database(path)
    assert "lecture seule" in error.value.message
    assert not path.exists()


def test_directory_given_as_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError) as error:
        open_database(tmp_path)
    assert "est un dossier" in error.value.message
