"""Opening the SQLite database: pragmas, migrations with a prior backup, sessions.

This is the only place that knows how the engine is built; the GUI, the CLI and the tests
all go through :func:`open_database`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import ChangeLogEntry, DeviceContext, HybridLogicalClock, LocalState
from desktop.models.changelog import attach_device
from desktop.services.errors import DatabaseOpenError

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
PRAGMAS = (
    ("journal_mode", "WAL"),
    ("synchronous", "FULL"),
    ("foreign_keys", "ON"),
    ("secure_delete", "ON"),
    ("busy_timeout", "15000"),
)


# Execution option of the engine that read sessions use (see :meth:`Database.read_session`).
READ_ONLY = "ressourcerie_read_only"


class ReadOnlyViolation(RuntimeError):
    """A program error: a read session (a ``@reads`` service) tried to write."""


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (see _begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for name, value in PRAGMAS:
        cursor.execute(f"PRAGMA {name}={value}")
    cursor.close()


def _begin(connection) -> None:  # type: ignore[no-untyped-def]
    """Writes take the write lock at their start (single-writer discipline: a transaction
    never fails half-way on a lock); reads are deferred and ``query_only`` (in WAL mode they
    never wait for a writer, and a write slipped into one fails at once)."""
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("PRAGMA query_only=ON")
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("PRAGMA query_only=OFF")
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class ReadOnlySession(Session):
    """The session of a read-only call: any pending ORM write fails before the flush hook."""

    def flush(self, objects: object = None) -> None:
        if self.new or self.deleted or any(self.is_modified(o) for o in self.dirty):
            raise ReadOnlyViolation("a read-only service call tried to write")
        super().flush(objects)  # type: ignore[arg-type]


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def alembic_config(engine: Engine | None = None) -> Config:
    """Alembic configuration whose script location is found at run time (bundle-safe)."""
    config = Config()
    config.set_main_option("path_separator", "os")
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def backup_database(path: Path, destination: Path) -> Path:
    """Consistent copy of a live database file with SQLite's online backup API."""
    source = sqlite3.connect(path)
    try:
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    return destination


@dataclass
class Database:
    """An opened, migrated database and the device identity of this installation."""

    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    device: DeviceContext | None
    backup_path: Path | None = None

    @property
    def is_set_up(self) -> bool:
        return self.device is not None

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        session = self.session_factory()
        if self.device is not None:
            attach_device(session, self.device)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @functools.cached_property
    def read_engine(self) -> Engine:
        """The engine (same pool) whose transactions are deferred and read-only."""
        return self.engine.execution_options(**{READ_ONLY: True})

    @contextlib.contextmanager
    def read_session(self) -> Iterator[Session]:
        """A unit of work that only reads: deferred transaction, writing refused."""
        session = ReadOnlySession(bind=self.read_engine, expire_on_commit=False)
        try:
            yield session
            session.rollback()  # nothing to keep; ends the read snapshot
        finally:
            session.close()

    def load_device(self) -> None:
        """Read which device this installation is (after set-up) and start its clock."""
        with self.session_factory() as session:
            state = session.get(LocalState, 1)
            if state is None:
                self.device = None
                return
            self.device = device_context(session, state.device_id)

    def close(self) -> None:
        self.engine.dispose()


def device_context(session: Session, device_id: uuid.UUID) -> DeviceContext:
    clock = HybridLogicalClock(str(device_id))
    last = session.scalar(
        select(ChangeLogEntry.hlc)
        .where(ChangeLogEntry.device_id == str(device_id))
        .order_by(ChangeLogEntry.seq.desc())
        .limit(1)
    )
    if last:
        clock.observe(last)
    return DeviceContext(device_id=device_id, clock=clock)


def _check_location(path: Path) -> None:
    folder = path.parent
    if path.exists():
        if path.is_dir():
            raise DatabaseOpenError(f"« {path} » est un dossier, pas un fichier de données.")
        if not os.access(path, os.R_OK):
            raise DatabaseOpenError(f"Le fichier « {path} » ne peut pas être lu (droits d'accès).")
        if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK):
            raise DatabaseOpenError(
                f"Le fichier « {path} » est en lecture seule : l'application a besoin de "
                "pouvoir y écrire. Copiez-le dans un dossier où vous avez les droits d'écriture."
            )
        with open(path, "rb") as handle:
            header = handle.read(16)
        if header and header != b"SQLite format 3\x00":
            raise DatabaseOpenError(
                f"« {path.name} » n'est pas un fichier de données de Ressourcerie Accueil."
            )
    else:
        if not folder.exists():
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseOpenError(
                    f"Impossible de créer le dossier « {folder} » : {exc.strerror or exc}."
                ) from exc
        if not os.access(folder, os.W_OK):
            raise DatabaseOpenError(
                f"Impossible de créer les données dans « {folder} » : dossier en lecture seule."
            )


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (creating if needed) and migrate the database at ``path``.

    Raises DatabaseOpenError with a French message, leaving the file untouched, when the file
    is not one of ours, comes from a newer version, or its location is read-only.
    """
    path = Path(path).expanduser().resolve()
    _check_location(path)
    existed = path.exists() and path.stat().st_size > 0
    engine = make_engine(path)
    try:
        revision = _inspect_revision(engine, path, existed)
        backup = None
        if migrate and revision != head_revision():
            if existed:
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                backup = backup_database(
                    path, path.with_name(f"{path.stem}.avant-migration-{stamp}{path.suffix}")
                )
            command.upgrade(alembic_config(engine), "head")
    except DatabaseOpenError:
        engine.dispose()
        raise
    except (SADatabaseError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise DatabaseOpenError(
            f"Le fichier « {path.name} » n'a pas pu être ouvert : {_describe(exc)}"
        ) from exc
    database = Database(
        path=path,
        engine=engine,
        session_factory=sessionmaker(engine, expire_on_commit=False),
        device=None,
        backup_path=backup,
    )
    database.load_device()
    return database


def _inspect_revision(engine: Engine, path: Path, existed: bool) -> str | None:
    try:
        with engine.connect() as connection:
            tables = {
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type='table'"
                )
            }
            revision = MigrationContext.configure(connection).get_current_revision()
    except (SADatabaseError, OperationalError) as exc:
        raise DatabaseOpenError(
            f"« {path.name} » n'est pas un fichier de données de Ressourcerie Accueil "
            f"({_describe(exc)})."
        ) from exc
    if existed and tables and "alembic_version" not in tables:
        raise DatabaseOpenError(
            f"« {path.name} » est une base SQLite qui n'appartient pas à Ressourcerie Accueil."
        )
    if revision is not None and revision not in known_revisions():
        raise DatabaseOpenError(
            f"« {path.name} » a été enregistré par une version plus récente de Ressourcerie "
            "Accueil. Installez la dernière version de l'application pour l'ouvrir ; "
            "le fichier n'a pas été modifié."
        )
    return revision


def _describe(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if "not a database" in text or "malformed" in text:
        return "le fichier est endommagé ou n'est pas une base de données"
    if "readonly" in text or "read-only" in text:
        return "le fichier est en lecture seule"
    if "locked" in text or "busy" in text:
        return "le fichier est utilisé par un autre programme"
    if "unable to open" in text:
        return "le fichier est inaccessible"
    return "erreur de la base de données"
