"""``ressourcerie export receipts --from D --to D --out F.csv``: the accountant's CSV."""

from __future__ import annotations

import argparse

from desktop.commands.cash_common import (
    READER,
    db_option,
    iso_date,
    open_existing,
    output_path,
    reading,
)
from desktop.services.cash.export import export_receipts
from desktop.services.errors import ValidationError
from desktop.services.formatting import date_short, money

NAME = "export"
HELP = "exporte des données (reçus et lignes au format CSV pour la comptabilité)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_subparsers(dest="dataset", metavar="DONNÉES", required=True)
    receipts = what.add_parser("receipts", help="reçus et lignes d'une période (CSV)")
    db_option(receipts)
    receipts.add_argument(
        "--from", dest="date_from", required=True, type=iso_date, metavar="AAAA-MM-JJ"
    )
    receipts.add_argument(
        "--to", dest="date_to", required=True, type=iso_date, metavar="AAAA-MM-JJ"
    )
    receipts.add_argument("--out", required=True, type=output_path, metavar="FICHIER.csv")


def run(args: argparse.Namespace) -> int:
    if args.date_to < args.date_from:
        raise ValidationError("La date de fin (--to) précède la date de début (--from).")
    database = open_existing(args)
    try:
        with reading(database) as session:
            summary = export_receipts(session, READER, args.date_from, args.date_to, args.out)
    finally:
        database.close()
    print(
        f"Du {date_short(args.date_from)} au {date_short(args.date_to)} : "
        f"{summary.receipt_count} reçu(s), {summary.line_count} ligne(s), "
        f"total {money(summary.total_cents)} → {summary.path}"
    )
    return 0
