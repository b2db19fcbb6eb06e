"""``ressourcerie visit``: log a visit (« passage ») from the command line.

``--person`` takes a person number or a member card code (what the desk's scanner reads);
``--anonymous`` counts someone who gives no name, with their first-visit answer and, if
given, gender and age bracket. The same service as the desk (desktop.services.visits) runs
as a built-in actor that may only receive people (Capability.RECEPTION) and is no staff
account: the visit records no staff member. Exit 0 when logged (a person logged less than
two minutes ago is not logged twice: that visit is shown), 1 with a French message when the
code matches nobody, the person was merged or the file is refused, 2 on a wrong option.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from desktop.commands.cash_common import CLI_NAME, open_existing, reading
from desktop.services.errors import ValidationError
from desktop.services.permissions import Capability, built_in_actor
from desktop.services.search import fold
from desktop.services.visits import VisitRow, log_anonymous_visit, log_scanned
from desktop.vocabulary import (
    AgeBracket,
    FirstVisitAnswer,
    Gender,
    VisitReason,
    label,
)

NAME = "visit"
HELP = (
    "enregistre un passage à l'accueil : une personne (numéro ou code de carte) "
    "ou un passage anonyme"
)
DESK = built_in_actor(CLI_NAME, "Ligne de commande", Capability.RECEPTION)
E = TypeVar("E", bound=StrEnum)


def _spelling(text: str) -> str:
    return fold(text.replace("_", " "))


def _choice(enum: type[E], what: str) -> Callable[[str], E]:
    """argparse type: a member of ``enum`` by its value or its French label, typed in any
    case, with or without accents, ``-`` or ``_`` or spaces (« ne-sait-pas », « activité »)."""
    names = {}
    for member in enum:
        names[_spelling(member.value)] = member
        names[_spelling(label(member))] = member

    def parse(value: str) -> E:
        member = names.get(_spelling(value))
        if member is None:
            allowed = ", ".join(m.value.replace("_", "-") for m in enum)
            raise argparse.ArgumentTypeError(f"« {value[:40]} » : {what} (au choix : {allowed})")
        return member

    return parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--person",
        metavar="NUMÉRO",
        help="numéro de la personne (A-000123) ou code de sa carte d'adhérent·e",
    )
    who.add_argument(
        "--anonymous", action="store_true", help="passage anonyme (sans nom)"
    )
    parser.add_argument(
        "--first-visit",
        type=_choice(FirstVisitAnswer, "réponse inconnue"),
        default=None,
        metavar="oui|non|ne-sait-pas",
        help="passage anonyme : première visite ? (défaut : ne-sait-pas)",
    )
    parser.add_argument(
        "--gender",
        type=_choice(Gender, "genre inconnu"),
        default=None,
        metavar="GENRE",
        help="passage anonyme : femme, homme, autre (facultatif)",
    )
    parser.add_argument(
        "--age",
        type=_choice(AgeBracket, "tranche d'âge inconnue"),
        default=None,
        metavar="TRANCHE",
        help="passage anonyme : moins-30, 30-44, 45-59, 60-74, 75-plus (facultatif)",
    )
    parser.add_argument(
        "--reason",
        nargs="+",
        type=_choice(VisitReason, "motif inconnu"),
        default=None,
        metavar="MOTIF",
        help="activite, information, accompagnement, convivialite, autre "
        "(un ou plusieurs ; défaut : le motif réglé pour le lieu)",
    )
    parser.add_argument("--json", action="store_true", help="sortie JSON")


def run(args: argparse.Namespace) -> int:
    if not args.anonymous:
        given = [f"--{n}" for n in ("first-visit", "gender", "age")
                 if getattr(args, n.replace("-", "_")) is not None]  # fmt: skip
        if given:
            raise ValidationError(
                f"{', '.join(given)} ne s'emploie qu'avec --anonymous (un passage anonyme)."
            )
        if not args.person.strip():
            raise ValidationError("--person : numéro ou code de carte attendu.")
    database = open_existing(args, read_only=False)
    try:
        with reading(database) as session:
            if args.anonymous:
                row = log_anonymous_visit(
                    session,
                    DESK,
                    args.first_visit or FirstVisitAnswer.UNKNOWN,
                    args.gender,
                    args.age,
                    args.reason,
                )
            else:
                row = log_scanned(session, DESK, args.person, args.reason)
    finally:
        database.close()
    print(json.dumps(_jsonable(row), ensure_ascii=False, indent=2) if args.json else line(row))
    return 0


def line(row: VisitRow) -> str:
    """« Passage enregistré à 14 h 05 : Hélène Lefèvre (A-000123) — Activité · première
    visite »; anonymous: « Passage anonyme enregistré à 14 h 05 — Information · première
    visite : oui »."""
    done = "déjà enregistré" if row.already_logged else "enregistré"
    parts = [row.reasons_label]
    if row.anonymous:
        answer = row.anonymous_first_visit
        parts.append(f"première visite : {label(answer).lower() if answer else '?'}")
        facts = [label(f) for f in (row.anonymous_gender, row.anonymous_age_bracket) if f]
        parts += facts
        return f"Passage anonyme {done} à {row.time_label} — {' · '.join(parts)}"
    if row.first_visit:
        parts.append("première visite")
    return (
        f"Passage {done} à {row.time_label} : {row.person_name} ({row.person_number}) — "
        f"{' · '.join(parts)}"
    )


def _jsonable(row: VisitRow) -> dict[str, object]:
    def value(member: StrEnum | None) -> str | None:
        return member.value if member is not None else None

    return {
        "id": str(row.id),
        "at": row.at.isoformat(),
        "time_label": row.time_label,
        "person_id": str(row.person_id) if row.person_id else None,
        "person_number": row.person_number,
        "person_name": row.person_name,
        "reasons": [r.value for r in row.reasons],
        "first_visit": row.first_visit,
        "anonymous_first_visit": value(row.anonymous_first_visit),
        "anonymous_gender": value(row.anonymous_gender),
        "anonymous_age_bracket": value(row.anonymous_age_bracket),
        "already_logged": row.already_logged,
        "undoable_until": row.undoable_until.isoformat() if row.undoable_until else None,
    }
