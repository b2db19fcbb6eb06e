"""``ressourcerie check``: SQLite integrity, receipt chains, numbering and closings."""

from __future__ import annotations

import argparse

from desktop.commands.cash_common import open_existing
from desktop.services.cash.check import check_database

NAME = "check"
HELP = "vérifie l'intégrité du fichier, des reçus (chaînage, numérotation) et des clôtures"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--complet",
        action="store_true",
        help="vérifie aussi la structure de toutes les autres tables du fichier (plus long)",
    )


def run(args: argparse.Namespace) -> int:
    database = open_existing(args)
    try:
        with database.session() as session:
            report = check_database(session, whole_file=args.complet)
    finally:
        database.close()
    for problem in report.problems:
        print(f"- {problem}")
    print(report.summary_fr())
    return 0 if report.ok else 3
