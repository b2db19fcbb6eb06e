"""Helpers shared by the cash sub-commands: dates, opening the file, who is acting.

Reading commands (``print``, ``export``, ``check``) trust whoever can read the data file,
as the file itself does: they open it read-only (no migration, no journal change, SQLite
forbids any write) and run as a built-in actor that holds the cash read capability only.
Commands that write (``close-day``) name a staff account with ``--user`` and ask for its
password (read from the terminal, or from the first line of standard input when it is not
a terminal), so the closing and the audit log record a real person.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session

from desktop.cli import database_path
from desktop.services.auth import authenticate
from desktop.services.database import Database, open_database, open_error
from desktop.services.errors import DomainError, ValidationError
from desktop.services.permissions import Actor, Capability, built_in_actor

CLI_NAME, CLI_DISPLAY_NAME = "ligne-de-commande", "Ligne de commande (lecture seule)"
READER = built_in_actor(CLI_NAME, CLI_DISPLAY_NAME, Capability.CASH_READ)


def iso_date(value: str) -> dt.date:
    """argparse type: YYYY-MM-DD, with a French message."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"date incorrecte « {value} » (format attendu : AAAA-MM-JJ, par exemple 2026-05-12)"
        ) from None


def open_existing(args: argparse.Namespace, *, read_only: bool = True) -> Database:
    """Open the data file named by ``--db`` with a site set up; never creates one, and
    read-only unless the command writes (then it may be migrated, with a backup first)."""
    path = Path(database_path(args)).expanduser()
    if not path.is_file():
        raise ValidationError(f"Fichier de données introuvable : « {path} ».")
    database = open_database(path, read_only=read_only, create=False)
    if not database.is_set_up:
        database.close()
        raise ValidationError(f"« {path} » ne contient pas encore de lieu configuré.")
    return database


@contextlib.contextmanager
def reading(database: Database) -> Iterator[Session]:
    """A unit of work on ``database``; SQLite reporting the file damaged (or locked) while
    reading becomes a French DomainError instead of a traceback."""
    try:
        with database.session() as session:
            yield session
    except (SADatabaseError, sqlite3.DatabaseError) as exc:
        raise open_error(database.path, exc) from exc


def output_path(value: str) -> Path:
    """argparse type: a file path whose folder exists."""
    path = Path(value).expanduser()
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"dossier introuvable pour « {value} »")
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"« {value} » est un dossier, pas un fichier")
    return path


def read_password(username: str) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"Mot de passe de {username} : ")
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise DomainError("Mot de passe attendu sur l'entrée standard.")
    return line.rstrip("\r\n")


def login(database: Database, username: str) -> Actor:
    """Authenticate ``username`` (password prompted) and return the actor."""
    password = read_password(username)
    with database.session() as session:
        return authenticate(session, username, password)


def write_bytes(path: Path, content: bytes) -> None:
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise ValidationError(f"Impossible d'écrire « {path} » : {exc.strerror or exc}.") from exc


def db_option(parser: argparse.ArgumentParser) -> None:
    """``--db`` also after a nested sub-command (``print receipt ... --db F``)."""
    parser.add_argument(
        "--db", type=Path, default=argparse.SUPPRESS, metavar="CHEMIN", help="fichier de données"
    )
