"""``ressourcerie persons search TEXT``: the desk's search from the command line.

A reading command (like ``check``): the file is opened read-only and the search runs as a
built-in actor that may only find persons (Capability.RECEPTION; the read-only connection
refuses any write). Prints one line per person, best first, or JSON with ``--json``; exit 0
with results, 1 (French message) when nobody matches or the file is refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from desktop.commands.cash_common import (
    CLI_DISPLAY_NAME,
    CLI_NAME,
    db_option,
    open_existing,
    reading,
)
from desktop.services.errors import NotFound
from desktop.services.people import SearchResult, find_persons
from desktop.services.permissions import Capability, built_in_actor

NAME = "persons"
HELP = "les personnes accueillies : recherche (nom, numéro, téléphone, e-mail)"
SEARCHER = built_in_actor(CLI_NAME, CLI_DISPLAY_NAME, Capability.RECEPTION)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    search = what.add_parser(
        "search", help="chercher comme à l'accueil (nom, n° de personne, téléphone, e-mail)"
    )
    db_option(search)
    search.add_argument("text", metavar="TEXTE", help="ce que l'on taperait à l'accueil")
    search.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help="au plus N personnes (défaut 20)"
    )
    search.add_argument("--json", action="store_true", help="sortie JSON")


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError("un nombre supérieur à 0 est attendu")
    return int(value)


def run(args: argparse.Namespace) -> int:
    database = open_existing(args)
    try:
        with reading(database) as session:
            results = find_persons(session, SEARCHER, args.text, limit=args.limit)
    finally:
        database.close()
    if args.json:
        print(json.dumps([_jsonable(r) for r in results], ensure_ascii=False, indent=2))
    else:
        for result in results:
            print(line(result))
    if not results:
        raise NotFound(f"Aucune personne ne correspond à « {args.text.strip()[:60]} ».")
    return 0


def line(result: SearchResult) -> str:
    """« A-000123  Hélène Lefèvre — à jour jusqu'au 11/05/2027 · aujourd'hui : 14:00 … »"""
    parts = [result.membership.label]
    if result.today_registrations:
        today = ", ".join(r.label for r in result.today_registrations)
        parts.append(f"aujourd'hui : {today}")
    if result.first_visit:
        parts.append("première visite")
    if result.flagged_on is not None:
        parts.append(result.flag_label)
    return f"{result.number}  {result.full_name} — {' · '.join(parts)}"


def _jsonable(result: SearchResult) -> dict[str, object]:
    def iso(value: dt.date | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "id": str(result.id),
        "number": result.number,
        "first_name": result.first_name,
        "last_name": result.last_name,
        "usage_name": result.usage_name,
        "phone": result.phone,
        "email": result.email,
        "match": result.match.name.lower(),
        "last_visit_at": iso(result.last_visit_at),
        "first_visit": result.first_visit,
        "membership": {
            "state": result.membership.state.value,
            "until": iso(result.membership.until),
            "label": result.membership.label,
        },
        "today_registrations": [
            {"title": r.title, "starts_at": iso(r.starts_at), "ends_at": iso(r.ends_at),
             "status": r.status.value, "label": r.label}
            for r in result.today_registrations
        ],
        "flagged_on": iso(result.flagged_on),
    }
