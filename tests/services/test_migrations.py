"""Every revision's data upgrades to the latest schema; a backup precedes any migration."""

from __future__ import annotations

import os
import sqlite3
import textwrap
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import select

from desktop.models import Base, Person, Visit
from desktop.services import database
from desktop.services.auth import authenticate

FIXTURES = Path(__file__).resolve().parent.parent / "migration_fixtures"


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(database.alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _database_at(path: Path, revision: str) -> None:
    engine = database.make_engine(path)
    command.upgrade(database.alembic_config(engine), revision)
    engine.dispose()
    connection = sqlite3.connect(path)
    connection.executescript((FIXTURES / f"{revision}.sql").read_text())
    connection.close()


def test_every_revision_has_a_data_fixture() -> None:
    missing = [rev for rev in _revisions() if not (FIXTURES / f"{rev}.sql").exists()]
    assert not missing, f"add tests/migration_fixtures/<rev>.sql for {missing}"


@pytest.mark.parametrize("revision", _revisions())
def test_data_from_revision_upgrades_to_head(tmp_path: Path, revision: str) -> None:
    path = tmp_path / f"at-{revision}.sqlite3"
    _database_at(path, revision)
    db = database.open_database(path)
    try:
        assert database.current_revision(db.engine) == database.head_revision()
        assert db.is_set_up
        with db.session() as session:
            person = session.scalar(select(Person).where(Person.number == "A-000001"))
            assert person is not None and person.first_name == "Hélène"
            assert len(session.scalars(select(Visit)).all()) >= 2
            assert authenticate(session, "admin", "admin-secret-1").username == "admin"
    finally:
        db.close()


def test_schema_at_head_matches_the_models(tmp_path: Path) -> None:
    """Autogenerate finds nothing to do: the migrations and the models agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    db = database.open_database(tmp_path / "head.sqlite3")
    try:
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        db.close()
    assert diff == []


def test_pending_migration_is_preceded_by_a_backup(tmp_path: Path, monkeypatch) -> None:
    head = database.head_revision()
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "9999_test.py").write_text(
        textwrap.dedent(f'''
        from alembic import op
        import sqlalchemy as sa
        revision = "9999_test"
        down_revision = "{head}"
        branch_labels = None
        depends_on = None
        def upgrade():
            op.add_column("site", sa.Column("motto", sa.String(), nullable=True))
        def downgrade():
            op.drop_column("site", "motto")
        ''')
    )
    path = tmp_path / "site.sqlite3"
    _database_at(path, head)
    original = database.alembic_config

    def with_extra_revision(engine=None):
        config = original(engine)
        config.set_main_option(
            "version_locations",
            os.pathsep.join([str(database.MIGRATIONS_DIR / "versions"), str(versions)]),
        )
        return config

    monkeypatch.setattr(database, "alembic_config", with_extra_revision)
    db = database.open_database(path)
    try:
        assert database.current_revision(db.engine) == "9999_test"
        assert db.backup_path is not None and db.backup_path.exists()
        backup = sqlite3.connect(db.backup_path)
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head
        assert backup.execute("SELECT count(*) FROM person").fetchone()[0] == 1
        backup.close()
    finally:
        db.close()
