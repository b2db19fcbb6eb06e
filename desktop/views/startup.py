"""Opening the database at start: a French message and a way out when it cannot be opened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.services.database import Database, open_database
from desktop.services.errors import DatabaseOpenError
from desktop.views import file_dialogs, messages

CHOOSE, QUIT = "Choisir un autre fichier…", "Quitter"


def choose_database_file(start: Path, parent: QWidget | None = None) -> Path | None:
    return file_dialogs.open_file(
        parent,
        "Choisir un fichier de données",
        start.parent,
        [file_dialogs.SQLITE_FILTER, file_dialogs.ALL_FILES],
    )


def open_database_interactive(
    path: Path,
    *,
    choose_file: Callable[[Path], Path | None] = choose_database_file,
    parent: QWidget | None = None,
) -> Database | None:
    """Open ``path``; on failure offer another file or quitting (None). Changes nothing on
    disk when a file cannot be opened (``open_database`` guarantees it)."""
    while True:
        try:
            return open_database(path)
        except DatabaseOpenError as error:
            answer = messages.choose(
                parent,
                f"{error.message}\n\nLe fichier n'a pas été modifié.",
                [CHOOSE, QUIT],
                title="Fichier de données",
            )
            if answer != 0:
                return None
            chosen = choose_file(path)
            if chosen is not None:
                path = chosen
