"""``ressourcerie close-day --date D --user NOM``: the daily closing of this device's till.

The closing is recorded in the name of ``--user`` (password asked on the terminal, or
read from the first line of standard input), who needs the cash capability.
"""

from __future__ import annotations

import argparse

from desktop.commands.cash_common import iso_date, login, open_existing, output_path, write_bytes
from desktop.services.cash.closings import close_day
from desktop.services.formatting import date_short, money
from desktop.services.printing.closing import closing_pdf
from desktop.vocabulary import PAYMENT_METHOD_LABELS

NAME = "close-day"
HELP = "clôture la caisse d'une journée (au nom d'un membre de l'équipe)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", required=True, type=iso_date, metavar="AAAA-MM-JJ")
    parser.add_argument(
        "--user",
        required=True,
        metavar="IDENTIFIANT",
        help="compte qui clôture (mot de passe demandé, ou lu sur l'entrée standard)",
    )
    parser.add_argument(
        "--out", type=output_path, metavar="FICHIER.pdf", help="écrit aussi le rapport PDF"
    )


def run(args: argparse.Namespace) -> int:
    database = open_existing(args, read_only=False)
    try:
        actor = login(database, args.user)
        with database.session() as session:
            closing = close_day(session, actor, args.date)
        if args.out is not None:
            with database.session() as session:
                write_bytes(args.out, closing_pdf(session, actor, closing.id))
    finally:
        database.close()
    print(
        f"Journée du {date_short(closing.period_start)} clôturée (série {closing.series}) : "
        f"{closing.receipt_count} reçu(s), total {money(closing.total_cents)}."
    )
    for method, cents in closing.totals_by_method:
        print(f"  {PAYMENT_METHOD_LABELS[method]} : {money(cents)}")
    print(f"  Grand total cumulé : {money(closing.grand_total_cents)}")
    print(f"  Tête de chaîne : {closing.chain_head}")
    if args.out is not None:
        print(f"Rapport : {args.out}")
    return 0
