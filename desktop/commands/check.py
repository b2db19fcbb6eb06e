"""``ressourcerie check``: SQLite integrity, receipt chains, numbering and closings."""

from __future__ import annotations

import argparse

from desktop.commands.cash_common import open_existing, reading
from desktop.services.cash.check import check_database
from desktop.services.errors import DatabaseDamagedError

NAME = "check"
HELP = "vérifie l'intégrité du fichier, des reçus (chaînage, numérotation) et des clôtures"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--complet",
        action="store_true",
        help="vérifie aussi la structure de toutes les autres tables du fichier (plus long)",
    )


def run(args: argparse.Namespace) -> int:
    """Exit 0 when intact, 3 with the findings (a damaged file is one), 1 when refused."""
    try:
        database = open_existing(args)
        try:
            with reading(database) as session:
                report = check_database(session, whole_file=args.complet)
        finally:
            database.close()
    except DatabaseDamagedError as error:
        print(f"- Fichier SQLite endommagé : sa structure est illisible ({error.__cause__}).")
        print("Vérification terminée : le fichier est endommagé, il n'a pas pu être lu.")
        return 3
    for problem in report.problems:
        print(f"- {problem}")
    print(report.summary_fr())
    return 0 if report.ok else 3
