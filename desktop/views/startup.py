"""Opening the database at start: a French message and a way out when it cannot be opened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.services.database import Database, open_database
from desktop.services.errors import DatabaseBusyError, DatabaseOpenError
from desktop.views import file_dialogs, messages

CHOOSE, QUIT, RETRY = "Choisir un autre fichier…", "Quitter", "Réessayer"


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
            # A file another program holds may open in a moment: offer to try again.
            choices = (
                [RETRY, CHOOSE, QUIT] if isinstance(error, DatabaseBusyError) else [CHOOSE, QUIT]
            )
            answer = messages.choose(
                parent, _with_untouched(error.message), choices, title="Fichier de données"
            )
            choice = choices[answer] if answer is not None and 0 <= answer < len(choices) else QUIT
            if choice == QUIT:
                return None
            if choice == CHOOSE:
                chosen = choose_file(path)
                if chosen is not None:
                    path = chosen


def _with_untouched(message: str) -> str:
    if "n'a pas été modifié" in message or "état d'avant" in message:
        return message
    return f"{message}\n\nLe fichier n'a pas été modifié."
