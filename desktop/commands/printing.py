"""``ressourcerie print receipt|closing``: PDFs of a receipt or a closing report."""

from __future__ import annotations

import argparse

from desktop.commands.cash_common import (
    READER,
    db_option,
    iso_date,
    open_existing,
    output_path,
    reading,
    write_bytes,
)
from desktop.services.cash.closings import find_day_closing
from desktop.services.cash.queries import find_receipt
from desktop.services.printing.closing import closing_pdf
from desktop.services.printing.receipt import FORMATS, receipt_pdf

NAME = "print"
HELP = "produit le PDF d'un reçu ou d'une clôture journalière"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_subparsers(dest="document", metavar="DOCUMENT", required=True)
    receipt = what.add_parser("receipt", help="un reçu, par son numéro")
    db_option(receipt)
    receipt.add_argument("--number", required=True, metavar="NUMÉRO", help="ex. A-2026-000042")
    receipt.add_argument("--out", required=True, type=output_path, metavar="FICHIER.pdf")
    receipt.add_argument("--duplicate", action="store_true", help="marque « DUPLICATA »")
    receipt.add_argument(
        "--format", choices=FORMATS, default=None, help="a5 ou 80mm (par défaut : le réglage)"
    )
    closing = what.add_parser("closing", help="le rapport de clôture d'une journée")
    db_option(closing)
    closing.add_argument("--date", required=True, type=iso_date, metavar="AAAA-MM-JJ")
    closing.add_argument("--out", required=True, type=output_path, metavar="FICHIER.pdf")


def run(args: argparse.Namespace) -> int:
    database = open_existing(args)
    try:
        with reading(database) as session:
            if args.document == "receipt":
                info = find_receipt(session, READER, args.number)
                content = receipt_pdf(
                    session, READER, info.id, duplicate=args.duplicate, paper=args.format
                )
                label = f"Reçu {info.number}"
            else:
                closing = find_day_closing(session, READER, args.date)
                content = closing_pdf(session, READER, closing.id)
                label = closing.title
    finally:
        database.close()
    write_bytes(args.out, content)
    print(f"{label} : {args.out}")
    return 0
