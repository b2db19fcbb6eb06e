"""``ressourcerie print receipt|closing|card``: PDFs of a receipt, a closing report or member
cards."""

from __future__ import annotations

import argparse

from sqlalchemy.orm import Session

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
from desktop.services.cash.common import local_site
from desktop.services.cash.queries import find_receipt
from desktop.services.printing.card import (
    CARDS_PER_SHEET,
    find_card_holder,
    member_card,
    member_cards,
    render_card,
    render_sheets,
)
from desktop.services.printing.closing import closing_pdf
from desktop.services.printing.receipt import FORMATS, receipt_pdf

NAME = "print"
HELP = "produit le PDF d'un reçu, d'une clôture journalière ou de cartes d'adhérent·e"


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
    card = what.add_parser(
        "card", help="la carte d'adhérent·e d'une personne, ou une planche A4 de cartes"
    )
    db_option(card)
    who = card.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--member",
        metavar="NUMÉRO",
        help="numéro de la personne (A-000123) ou de son adhésion (AD-A-2026-0042)",
    )
    who.add_argument(
        "--all-valid",
        action="store_true",
        help="toutes les adhésions valables aujourd'hui, 10 cartes par page A4 à découper",
    )
    card.add_argument("--out", required=True, type=output_path, metavar="FICHIER.pdf")


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
            elif args.document == "closing":
                closing = find_day_closing(session, READER, args.date)
                content = closing_pdf(session, READER, closing.id)
                label = closing.title
            else:
                content, label = _cards(session, args)
    finally:
        database.close()
    write_bytes(args.out, content)
    print(f"{label} : {args.out}")
    return 0


def _cards(session: Session, args: argparse.Namespace) -> tuple[bytes, str]:
    site = local_site(session).name
    if args.member is not None:
        card = member_card(session, READER, find_card_holder(session, READER, args.member))
        expired = "" if card.valid_today else ", expirée"
        label = (
            f"Carte de {card.full_name} ({card.card_code}, adhésion {card.membership_number}, "
            f"{card.validity.lower()}{expired})"
        )
        return render_card(card, site), label
    cards = member_cards(session, READER, None)
    pages = -(-len(cards) // CARDS_PER_SHEET)
    return render_sheets(cards, site), f"{len(cards)} carte(s) d'adhérent·e sur {pages} page(s)"
