"""Opening the SQLite database: pragmas, migrations with a prior backup, sessions.

This is the only place that knows how the engine is built; the GUI, the CLI and the tests
all go through :func:`open_database`.
"""

from __future__ import annotations

import contextlib
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
from sqlalchemy import URL, Engine, create_engine, event, select
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import ChangeLogEntry, DeviceContext, HybridLogicalClock, LocalState
from desktop.models.changelog import attach_device
from desktop.models.session_clock import SYSTEM_CLOCK, Clock, attach_clock
from desktop.services.errors import DatabaseBusyError, DatabaseDamagedError, DatabaseOpenError

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
BUSY_TIMEOUT_MS = 15000
LOCK_WAIT_SECONDS = 5.0  # opening waits this long for another program's lock, then says so
PRAGMAS = (
    ("busy_timeout", str(BUSY_TIMEOUT_MS)),
    ("journal_mode", "WAL"),
    ("synchronous", "FULL"),
    ("foreign_keys", "ON"),
    ("secure_delete", "ON"),
)
READ_ONLY_PRAGMAS = (
    ("busy_timeout", str(BUSY_TIMEOUT_MS)),
    ("query_only", "ON"),
    ("foreign_keys", "ON"),
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


def _set_read_only_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # No journal_mode: a reading command never converts the file (it is WAL already).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for name, value in READ_ONLY_PRAGMAS:
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


def _begin_deferred(connection) -> None:  # type: ignore[no-untyped-def]
    connection.exec_driver_sql("BEGIN")


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """The engine of ``path``; ``read_only``: query-only connections, deferred transactions,
    and ``mode=rw`` so that a file removed meanwhile is not created again."""
    if read_only:
        url = URL.create("sqlite", database=path.as_uri(), query={"mode": "rw", "uri": "true"})
        engine = create_engine(url, future=True)
        event.listen(engine, "connect", _set_read_only_pragmas)
        event.listen(engine, "begin", _begin_deferred)
        return engine
    # URL.create, not a URL string: a "%20" or "#" in a folder name is not decoded.
    engine = create_engine(URL.create("sqlite", database=str(path)), future=True)
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
    read_only: bool = False
    # The time and id source of every session (a simulation sets its own, see services.clock).
    clock: Clock = SYSTEM_CLOCK

    @property
    def is_set_up(self) -> bool:
        return self.device is not None

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        session = self.session_factory()
        attach_clock(session, self.clock)
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
        attach_clock(session, self.clock)  # "today" of a read follows the same clock
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
    """Refuse a folder, an unreadable or read-only file, or a folder we cannot create in.

    Only ``stat``/``access``: nothing here opens the file (a descriptor opened and closed
    beside SQLite's would drop its POSIX locks if the file is already open in the process).
    """
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


@dataclass(frozen=True)
class FileState:
    """What a data file holds, read without changing it."""

    empty: bool  # missing, 0 bytes, or an SQLite file without any table
    revision: str | None  # the Alembic revision it is at


def inspect_file(path: Path, lock_wait: float) -> FileState:
    """Read the file's tables and revision with a query-only connection (no pragma, no
    journal change, nothing created), then refuse what is not ours or is too new."""
    if not path.exists() or path.stat().st_size == 0:
        return FileState(empty=True, revision=None)
    try:
        # mode=rw: never creates the file; a read-write (not mode=ro) connection removes the
        # -wal/-shm it had to create when it closes, and query_only forbids any write.
        connection = sqlite3.connect(
            f"{path.as_uri()}?mode=rw", uri=True, timeout=lock_wait, isolation_level=None
        )
    except sqlite3.Error as exc:
        raise open_error(path, exc) from exc
    try:
        connection.execute("PRAGMA query_only=ON")
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.Error as exc:
        raise open_error(path, exc) from exc
    finally:
        connection.close()
    if tables and "alembic_version" not in tables:
        raise DatabaseOpenError(
            f"« {path.name} » est une base SQLite qui n'appartient pas à Ressourcerie Accueil."
        )
    if revision is not None and revision not in known_revisions():
        raise DatabaseOpenError(
            f"« {path.name} » a été enregistré par une version plus récente de Ressourcerie "
            "Accueil. Installez la dernière version de l'application pour l'ouvrir ; "
            "le fichier n'a pas été modifié."
        )
    return FileState(empty=not tables, revision=revision)


def open_database(
    path: Path | str,
    *,
    read_only: bool = False,
    create: bool = True,
    lock_wait: float | None = None,
) -> Database:
    """Open the database at ``path``, migrating it to the latest schema.

    Nothing is written before the file is known to be ours and usable: a foreign, damaged,
    newer or locked file is refused with a French DatabaseOpenError and left untouched.
    ``create``: a missing or empty file gets a new schema (the application is about to set
    up a site in it); otherwise it is refused. ``read_only``: no migration, no journal
    change, no write at all (a file that needs a migration is refused with the command that
    upgrades it). ``lock_wait``: seconds to wait for another program's lock (default
    LOCK_WAIT_SECONDS).
    """
    path = Path(path).expanduser().resolve()
    wait = LOCK_WAIT_SECONDS if lock_wait is None else lock_wait
    _check_location(path)
    state = inspect_file(path, wait)
    if state.empty and (read_only or not create):
        raise DatabaseOpenError(
            f"« {path.name} » est vide : il ne contient pas encore de lieu configuré. "
            "Ouvrez-le avec l'application pour créer le lieu ; le fichier n'a pas été modifié."
        )
    head = head_revision()
    if read_only and state.revision != head:
        raise DatabaseOpenError(
            f"« {path.name} » a été enregistré par une version précédente de Ressourcerie "
            "Accueil et doit d'abord être mis à jour : ouvrez-le une fois avec l'application, "
            f"ou lancez « ressourcerie migrate --db {path} ». Le fichier n'a pas été modifié."
        )
    engine = make_engine(path, read_only=read_only)
    backup = None
    try:
        if not read_only:
            _wait_for_write_lock(engine, path, wait)
            if state.revision != head:
                if not state.empty:  # an empty file holds nothing to save
                    backup = backup_before_migration(path, head)
                _upgrade(engine, path, state.revision, backup)
        database = Database(
            path=path,
            engine=engine,
            session_factory=sessionmaker(engine, expire_on_commit=False),
            device=None,
            backup_path=backup,
            read_only=read_only,
        )
        database.load_device()
    except DatabaseOpenError:
        engine.dispose()
        raise
    except (SADatabaseError, sqlite3.Error) as exc:
        engine.dispose()
        raise open_error(path, exc) from exc
    return database


def _wait_for_write_lock(engine: Engine, path: Path, wait: float) -> None:
    """Take and release the write lock within ``wait`` seconds, or say who holds it."""
    raw = engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
        try:
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("ROLLBACK")
        finally:
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.close()
    except sqlite3.Error as exc:
        raise open_error(path, exc) from exc
    finally:
        raw.close()


def backup_before_migration(path: Path, target: str) -> Path:
    """The copy made before migrating to ``target``: one per target version.

    A start whose migration failed left the file unchanged, so the next start reuses the
    copy it made, unless the file (or its WAL) was written since: then the copy is redone.
    """
    backup = path.with_name(f"{path.stem}.avant-migration-{target}{path.suffix}")
    if backup.exists():
        wal = path.with_name(path.name + "-wal")
        written = max(path.stat().st_mtime_ns, wal.stat().st_mtime_ns if wal.exists() else 0)
        if backup.stat().st_mtime_ns >= written:
            return backup
        backup.unlink()
    return backup_database(path, backup)


def _upgrade(engine: Engine, path: Path, current: str | None, backup: Path | None) -> None:
    """Migrate to head in one transaction; a failure names the revision and the backup."""
    applied: list[str] = []
    config = alembic_config(engine)
    config.attributes["on_version_apply"] = [
        lambda *, step, **_kw: applied.append(step.up_revision_id)
    ]
    try:
        command.upgrade(config, "head")
    except Exception as exc:
        pending = pending_revisions(current)
        failing = pending[len(applied)] if len(applied) < len(pending) else "?"
        where = (
            f" Une copie faite juste avant la mise à jour est dans « {backup} »."
            if backup is not None
            else ""
        )
        raise DatabaseOpenError(
            f"La mise à jour du fichier « {path.name} » a échoué à l'étape « {failing} » "
            f"({_describe(exc)}). Le fichier est resté dans son état d'avant la mise à jour."
            f"{where} Signalez ce problème avec ce message ; en attendant, utilisez la "
            "version précédente de l'application."
        ) from exc


def pending_revisions(current: str | None) -> list[str]:
    """The revisions an upgrade from ``current`` to head applies, in order."""
    script = ScriptDirectory.from_config(alembic_config())
    steps = script.iterate_revisions(script.get_current_head() or "head", current)
    return [rev.revision for rev in reversed(list(steps))]


def open_error(path: Path, exc: BaseException) -> DatabaseOpenError:
    """The French refusal for an SQLite error met while opening ``path``."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusyError(
            f"Le fichier « {path.name} » est utilisé par un autre programme, qui le garde "
            "verrouillé. Fermez cet autre programme (ou l'autre fenêtre de Ressourcerie "
            "Accueil), puis réessayez ; le fichier n'a pas été modifié."
        )
    if "malformed" in text or "corrupt" in text:
        return DatabaseDamagedError(
            f"Le fichier « {path.name} » est endommagé (« {getattr(exc, 'orig', exc)} »). Lancez "
            f"« ressourcerie check --db {path} » pour le diagnostic, ou restaurez une "
            "sauvegarde ; le fichier n'a pas été modifié."
        )
    if "not a database" in text:
        return DatabaseOpenError(
            f"« {path.name} » n'est pas un fichier de données de Ressourcerie Accueil "
            "(ou son en-tête est endommagé) ; le fichier n'a pas été modifié."
        )
    return DatabaseOpenError(
        f"Le fichier « {path.name} » n'a pas pu être ouvert : {_describe(exc)}."
    )


def _describe(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if "malformed" in text or "corrupt" in text:
        return "le fichier est endommagé : « database disk image is malformed »"
    if "not a database" in text:
        return "le fichier est endommagé ou n'est pas une base de données"
    if "readonly" in text or "read-only" in text:
        return "le fichier est en lecture seule"
    if "locked" in text or "busy" in text:
        return "le fichier est utilisé par un autre programme"
    if "unable to open" in text:
        return "le fichier est inaccessible"
    return f"erreur « {getattr(exc, 'orig', exc)} »"
