"""``ressourcerie export receipts --from D --to D --out F.csv``: the accountant's CSV;
``ressourcerie export persons --out F.csv``: every person in the import's own format
(UTF-8 with a BOM, ``;``; README.md "Person import and export").

Reading commands: the file is opened read-only. The persons export runs as a built-in
actor holding the administration capability (the whole directory is administration's to
take out), which the read-only connection keeps from writing anything."""

from __future__ import annotations

import argparse

from desktop.commands.cash_common import (
    CLI_DISPLAY_NAME,
    CLI_NAME,
    READER,
    db_option,
    iso_date,
    open_existing,
    output_path,
    reading,
    write_bytes,
)
from desktop.services.cash.export import export_receipts
from desktop.services.errors import ValidationError
from desktop.services.formatting import date_short, money, number
from desktop.services.imports.export import person_records, persons_csv
from desktop.services.permissions import Capability, built_in_actor

EXPORTER = built_in_actor(CLI_NAME, CLI_DISPLAY_NAME, Capability.ADMINISTRATION)

NAME = "export"
HELP = (
    "exporte des données au format CSV (reçus et lignes pour la comptabilité, personnes "
    "au format d'import de l'application)"
)


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
    persons = what.add_parser(
        "persons",
        help="toutes les personnes et leur dernière adhésion (UTF-8, point-virgule, "
        "réimportable avec « import persons »)",
    )
    db_option(persons)
    persons.add_argument("--out", required=True, type=output_path, metavar="FICHIER.csv")


def run(args: argparse.Namespace) -> int:
    if args.dataset == "persons":
        return _persons(args)
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


def _persons(args: argparse.Namespace) -> int:
    database = open_existing(args)
    try:
        with reading(database) as session:
            records = person_records(session, EXPORTER)
    finally:
        database.close()
    write_bytes(args.out, persons_csv(records))
    members = sum(1 for r in records if r.membership is not None)
    print(
        f"{number(len(records))} personne(s) exportée(s), dont {number(members)} avec une "
        f"adhésion → {args.out}"
    )
    return 0
