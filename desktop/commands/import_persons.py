"""``ressourcerie import persons FICHIER.csv --db CHEMIN [--dry-run] [--valid-only]``.

Reads the file (HelloAsso, Paheko or our own export, see README.md "Person import and
export") and prints the plan: the format recognised, the columns used, how many rows are
valid and every refused row by line. ``--dry-run`` stops there and writes nothing.
Otherwise the plan is applied in one transaction (``desktop.services.imports.apply``) in the
name of ``--user`` (an administrator; password asked on the terminal or read from the first
line of standard input): all or nothing, or with ``--valid-only`` the valid rows only.
Progress goes to standard error, the French summary to standard output.

Exit codes: 0 every row imported (or, dry run, every row valid); 1 nothing written (a
refused file or row, a wrong password, a missing file); 2 wrong arguments; 3 imported with
``--valid-only`` but some rows refused (listed).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from desktop.commands.cash_common import db_option, login, open_existing
from desktop.services.clock import local_day
from desktop.services.errors import DomainError
from desktop.services.formatting import date_short, datetime_short, money
from desktop.services.imports.apply import ImportMode, ImportReport, apply_plan
from desktop.services.imports.formats import FIELD_LABELS, FORMAT_LABELS
from desktop.services.imports.plan import read_persons
from desktop.services.imports.records import ImportPlan, PersonRecord
from desktop.services.imports.table import SEPARATOR_NAMES, read_file

NAME = "import"
HELP = "importe des données (personnes et adhérents depuis un fichier CSV)"
NEEDS_USER = (
    "Indiquez le compte qui importe avec --user IDENTIFIANT (un compte d'administration ; "
    "le mot de passe est demandé). Pour seulement vérifier le fichier : --dry-run. "
    "Rien n'a été écrit."
)
SOME_REFUSED = 3
SHOWN_ERRORS = 200
PREVIEW = 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_subparsers(dest="dataset", metavar="DONNÉES", required=True)
    persons = what.add_parser(
        "persons", help="personnes et adhésions (HelloAsso, Paheko ou export de l'application)"
    )
    db_option(persons)
    persons.add_argument("file", type=Path, metavar="FICHIER.csv")
    persons.add_argument(
        "--dry-run",
        action="store_true",
        help="vérifie le fichier et affiche ce qui serait importé, sans rien écrire",
    )
    persons.add_argument(
        "--valid-only",
        action="store_true",
        help="importe les lignes valides et liste les lignes refusées (sans cette option, "
        "une seule ligne refusée et rien n'est importé)",
    )
    persons.add_argument(
        "--user",
        metavar="IDENTIFIANT",
        help="compte d'administration qui importe (mot de passe demandé, ou lu sur l'entrée "
        "standard) ; inutile avec --dry-run",
    )


def _progress(step: str) -> Callable[[int, int], None]:
    """Progress of ``step`` on standard error: one updated line on a terminal, else a line
    at the start, every 5,000 rows and at the end."""
    terminal = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        if terminal:
            end = "" if done < total else "\n"
            print(f"\r{step} : {done}/{total} lignes", end=end, file=sys.stderr, flush=True)
        elif done in (0, total) or done % 5000 == 0:
            print(f"{step} : {done}/{total} lignes", file=sys.stderr, flush=True)

    return show


def _preview(record: PersonRecord) -> str:
    parts = [f"{record.first_name} {record.last_name}"]
    parts += [text for text in (record.phone, record.email) if text]
    membership = record.membership
    if membership is not None and membership.amount_cents is not None:
        paid = membership.paid_at
        parts.append(
            f"adhésion {money(membership.amount_cents)}"
            + (f" payée le {datetime_short(paid)}" if paid is not None else "")
        )
    if record.registered_at is not None:
        parts.append(f"inscrit·e le {date_short(local_day(record.registered_at))}")
    return ", ".join(parts)


def describe(plan: ImportPlan, path: Path) -> list[str]:
    """The plan in French, one line each (what the dry run prints)."""
    mapped = {header for header, _ in plan.mapping}
    ignored = [h for h in plan.table.headers if h not in mapped]
    lines = [
        f"Fichier : {path.name} ({plan.encoding}, séparateur {SEPARATOR_NAMES[plan.separator]})",
        f"Format reconnu : {FORMAT_LABELS[plan.format]}",
        "Colonnes lues : "
        + ", ".join(f"« {header} » → {FIELD_LABELS[field]}" for header, field in plan.mapping),
    ]
    if ignored:
        lines.append("Colonnes ignorées : " + ", ".join(f"« {h} »" for h in ignored))
    refused = plan.refused_lines
    lines.append(
        f"Lignes de données : {plan.row_count} — valides : {len(plan.records)}, "
        f"refusées : {len(refused)}"
    )
    if plan.records:
        lines.append(f"Aperçu ({min(PREVIEW, len(plan.records))} premières lignes valides) :")
        lines.extend(
            f"  ligne {record.line} : {_preview(record)}" for record in plan.records[:PREVIEW]
        )
    if plan.errors:
        lines.append("Erreurs :")
        for error in plan.errors[:SHOWN_ERRORS]:
            label = f"{FIELD_LABELS[error.field]} : " if error.field is not None else ""
            lines.append(f"  ligne {error.line} : {label}{error.message}")
        if len(plan.errors) > SHOWN_ERRORS:
            lines.append(f"  … et {len(plan.errors) - SHOWN_ERRORS} autre(s) erreur(s).")
    return lines


def outcome(report: ImportReport) -> list[str]:
    """What the import did, in French, one line each."""
    lines = [f"Import terminé : {report.summary_fr()}"]
    if report.differences:
        lines.append("Personnes déjà connues dont le fichier diffère (fiches non modifiées) :")
        lines += [f"  {d.label}" for d in report.differences[:SHOWN_ERRORS]]
        if len(report.differences) > SHOWN_ERRORS:
            lines.append(f"  … et {len(report.differences) - SHOWN_ERRORS} autre(s).")
    if report.refused:
        lines.append("Lignes refusées (non importées) :")
        for error in report.refused[:SHOWN_ERRORS]:
            label = f"{FIELD_LABELS[error.field]} : " if error.field is not None else ""
            lines.append(f"  ligne {error.line} : {label}{error.message}")
        if len(report.refused) > SHOWN_ERRORS:
            lines.append(f"  … et {len(report.refused) - SHOWN_ERRORS} autre(s) erreur(s).")
    return lines


def run(args: argparse.Namespace) -> int:
    if args.dry_run:
        open_existing(args).close()  # a wrong --db is told now, not after reading the file
        plan = read_persons(read_file(args.file), progress=_progress("Lecture"))
        for line in describe(plan, args.file):
            print(line)
        print("Simulation (--dry-run) : rien n'a été écrit.")
        return 0 if not plan.errors else 1
    if not args.user:
        raise DomainError(NEEDS_USER)
    database = open_existing(args, read_only=False)
    try:
        data = read_file(args.file)
        actor = login(database, args.user)
        plan = read_persons(data, progress=_progress("Lecture"))
        for line in describe(plan, args.file):
            print(line)
        mode = ImportMode.VALID_ONLY if args.valid_only else ImportMode.ALL_OR_NOTHING
        with database.session() as session:
            report = apply_plan(session, actor, plan, mode=mode, progress=_progress("Import"))
    finally:
        database.close()
    for line in outcome(report):
        print(line)
    return SOME_REFUSED if report.refused else 0
