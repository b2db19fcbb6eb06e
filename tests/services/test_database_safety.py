"""Opening a file to refuse it, or to read it, changes nothing; locks, damage and failing
migrations are told in French, with the backup reused per failed version."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.services import database
from desktop.services.errors import DatabaseBusyError, DatabaseOpenError

EXTRA = "9999_extra"
HEAD = database.head_revision()  # the real head, before any extra revision


def snapshot(path: Path) -> tuple[object, ...]:
    """Everything a refusal or a read must leave as it was."""
    folder = sorted(p.name for p in path.parent.iterdir())
    if not path.exists():
        return (folder,)
    stat = path.stat()
    master = None
    if stat.st_size:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0)
        try:
            master = connection.execute("SELECT * FROM sqlite_master ORDER BY name").fetchall()
        except sqlite3.DatabaseError:
            master = "not a database"
        finally:
            connection.close()
        # mode=ro leaves a -wal/-shm it had to create: remove them, they are ours.
        for suffix in ("-wal", "-shm"):
            extra = path.with_name(path.name + suffix)
            if extra.name not in folder and extra.exists():
                extra.unlink()
    return (folder, path.read_bytes(), stat.st_mtime_ns, master)


@pytest.fixture
def site_copy(site_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "donnees"
    folder.mkdir()
    path = folder / "ressourcerie.sqlite3"
    shutil.copyfile(site_template, path)
    return path


@pytest.fixture
def extra_revision(tmp_path: Path, monkeypatch) -> Callable[[str], None]:
    """Install a temporary revision after head whose upgrade runs ``body``."""
    versions = tmp_path / "versions"
    versions.mkdir()
    head = database.head_revision()
    original = database.alembic_config

    def install(body: str) -> None:
        upgrade = textwrap.indent(textwrap.dedent(body).strip(), "    ")
        (versions / f"{EXTRA}.py").write_text(
            "from alembic import op\nimport sqlalchemy as sa\n"
            f"revision = {EXTRA!r}\ndown_revision = {head!r}\n"
            "branch_labels = None\ndepends_on = None\n"
            f"def upgrade():\n{upgrade}\n"
            "def downgrade():\n    pass\n"
        )

        def with_extra(engine=None):  # type: ignore[no-untyped-def]
            config = original(engine)
            config.set_main_option(
                "version_locations",
                os.pathsep.join([str(database.MIGRATIONS_DIR / "versions"), str(versions)]),
            )
            return config

        monkeypatch.setattr(database, "alembic_config", with_extra)

    return install


# --- refusing changes nothing ---------------------------------------------------------------


def test_foreign_sqlite_file_is_refused_before_any_change(tmp_path: Path) -> None:
    path = tmp_path / "recettes.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recettes (nom TEXT)")
    connection.execute("INSERT INTO recettes VALUES ('gratin')")
    connection.commit()
    connection.close()
    before = snapshot(path)
    for options in ({}, {"read_only": True}):
        with pytest.raises(DatabaseOpenError, match="n'appartient pas"):
            database.open_database(path, **options)
        assert snapshot(path) == before  # still a rollback-journal file: not turned to WAL
    assert path.read_bytes()[18:20] == b"\x01\x01"


@pytest.mark.parametrize("kind", ["zero bytes", "empty sqlite"])
def test_empty_file_is_refused_untouched_unless_creating(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "vide.sqlite3"
    if kind == "zero bytes":
        path.write_bytes(b"")
    else:
        connection = sqlite3.connect(path)
        connection.execute("VACUUM")  # a valid SQLite header, no table
        connection.close()
        assert path.stat().st_size > 0
    before = snapshot(path)
    for options in ({"read_only": True}, {"create": False}):
        with pytest.raises(DatabaseOpenError, match="est vide"):
            database.open_database(path, **options)
        assert snapshot(path) == before
    # The application's first run creates the site there: a schema, and nothing to back up.
    created = database.open_database(path)
    try:
        assert created.backup_path is None and not created.is_set_up
        assert database.current_revision(created.engine) == database.head_revision()
    finally:
        created.close()
    assert not [p for p in tmp_path.iterdir() if "avant-migration" in p.name]


def test_reading_open_changes_nothing_and_cannot_write(site_copy: Path) -> None:
    before = snapshot(site_copy)
    opened = database.open_database(site_copy, read_only=True)
    try:
        assert opened.is_set_up and opened.read_only
        with opened.session() as session:
            assert session.execute(text("SELECT count(*) FROM staff_user")).scalar()
        with pytest.raises(Exception, match="readonly"), opened.session() as session:
            session.execute(text("DELETE FROM setting"))
    finally:
        opened.close()
    assert snapshot(site_copy) == before
    assert not site_copy.with_name(site_copy.name + "-wal").exists()


def test_reading_open_refuses_a_file_that_needs_a_migration(site_copy: Path, extra_revision):
    extra_revision("op.add_column('site', sa.Column('motto', sa.String(), nullable=True))")
    before = snapshot(site_copy)
    with pytest.raises(DatabaseOpenError) as error:
        database.open_database(site_copy, read_only=True)
    assert "ressourcerie migrate --db" in error.value.message
    assert "n'a pas été modifié" in error.value.message
    assert snapshot(site_copy) == before


# --- failing migrations ---------------------------------------------------------------------


def test_failing_migration_names_the_revision_and_reuses_its_backup(
    site_copy: Path, extra_revision
) -> None:
    extra_revision(
        """
        op.add_column('site', sa.Column('motto', sa.String(), nullable=True))
        raise RuntimeError("boom")
        """
    )
    messages = []
    for _start in range(2):
        with pytest.raises(DatabaseOpenError) as error:
            database.open_database(site_copy)
        messages.append(error.value.message)
    backups = [p for p in site_copy.parent.iterdir() if "avant-migration" in p.name]
    assert len(backups) == 1, backups
    assert messages[0] == messages[1]
    assert f"« {EXTRA} »" in messages[0] and str(backups[0]) in messages[0]
    connection = sqlite3.connect(site_copy)
    try:  # the upgrade ran in one transaction: nothing of it stayed
        columns = [row[1] for row in connection.execute("PRAGMA table_info(site)")]
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()
    assert "motto" not in columns and revision == HEAD
    backup = sqlite3.connect(backups[0])
    try:
        assert backup.execute("SELECT count(*) FROM staff_user").fetchone()[0] == 1
    finally:
        backup.close()


def test_backup_is_redone_when_the_file_was_written_since(site_copy: Path, extra_revision):
    extra_revision("raise RuntimeError('boom')")
    with pytest.raises(DatabaseOpenError):
        database.open_database(site_copy)
    time.sleep(0.01)
    connection = sqlite3.connect(site_copy)  # an older version of the app writes meanwhile
    connection.execute("CREATE TABLE later (x)")
    connection.commit()
    connection.close()
    with pytest.raises(DatabaseOpenError):
        database.open_database(site_copy)
    backups = [p for p in site_copy.parent.iterdir() if "avant-migration" in p.name]
    assert len(backups) == 1
    backup = sqlite3.connect(backups[0])
    try:
        assert backup.execute("SELECT count(*) FROM sqlite_master WHERE name='later'").fetchone()
    finally:
        backup.close()


# --- locked by another program --------------------------------------------------------------

HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive-mode":
    connection.execute("PRAGMA locking_mode=EXCLUSIVE")
connection.execute("BEGIN EXCLUSIVE")
connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
print("ready", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def locked_by_another_program(site_copy: Path) -> Iterator[Callable[[str], None]]:
    holders: list[subprocess.Popen[str]] = []

    def hold(how: str) -> None:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(site_copy), how],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        holders.append(holder)
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"

    yield hold
    for holder in holders:
        holder.communicate("", timeout=10)


@pytest.mark.parametrize("how", ["exclusive-mode", "begin-exclusive"])
def test_locked_file_is_told_after_a_bounded_wait(site_copy, locked_by_another_program, how):
    locked_by_another_program(how)
    before = snapshot(site_copy)
    started = time.monotonic()
    with pytest.raises(DatabaseBusyError) as error:
        database.open_database(site_copy, lock_wait=0.5)
    assert time.monotonic() - started < 5
    assert "utilisé par un autre programme" in error.value.message
    assert "n'est pas un fichier" not in error.value.message
    if how == "begin-exclusive":
        # In WAL mode a writer never blocks readers: a reading command still reads.
        reader = database.open_database(site_copy, read_only=True, lock_wait=0.5)
        reader.close()
    else:
        with pytest.raises(DatabaseBusyError):
            database.open_database(site_copy, read_only=True, lock_wait=0.5)
    assert snapshot(site_copy)[:2] == before[:2]


def test_default_lock_wait_is_bounded_and_configurable(site_copy, locked_by_another_program):
    assert 1 <= database.LOCK_WAIT_SECONDS <= 10
    locked_by_another_program("exclusive-mode")
    started = time.monotonic()
    with pytest.raises(DatabaseBusyError):
        database.open_database(site_copy, lock_wait=1.0)
    assert 0.9 <= time.monotonic() - started < 5


def test_odd_folder_and_file_names_open_the_very_file(site_template: Path, tmp_path: Path):
    folder = tmp_path / "Mes données" / "été #1 ?"
    folder.mkdir(parents=True)
    path = folder / "caisse 100%20.sqlite3"
    shutil.copyfile(site_template, path)
    for read_only in (False, True):
        opened = database.open_database(path, read_only=read_only)
        assert opened.is_set_up
        opened.close()
    assert sorted(p.name for p in folder.iterdir()) == [path.name]
