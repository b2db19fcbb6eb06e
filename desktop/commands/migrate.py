"""``ressourcerie migrate``: bring a data file to this version's schema (backup first).

The reading commands (``check``, ``print``, ``export``) never migrate: they refuse a file
saved by an older version and name this command (or opening the file in the application).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli import database_path
from desktop.services.database import head_revision, inspect_file, open_database
from desktop.services.errors import ValidationError

NAME = "migrate"
HELP = "met à jour un fichier de données enregistré par une version précédente (copie avant)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No option besides ``--db``."""


def run(args: argparse.Namespace) -> int:
    path = Path(database_path(args)).expanduser()
    if not path.is_file():
        raise ValidationError(f"Fichier de données introuvable : « {path} ».")
    before = inspect_file(path.resolve(), 0).revision if path.stat().st_size else None
    database = open_database(path, create=False)
    database.close()
    if database.backup_path is None:
        print(f"« {path.name} » est déjà à jour (version {head_revision()}).")
    else:
        print(
            f"« {path.name} » mis à jour de la version {before} à la version {head_revision()}. "
            f"Copie d'avant la mise à jour : {database.backup_path}"
        )
    return 0
