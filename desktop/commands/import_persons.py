"""``ressourcerie import persons FICHIER.csv --db CHEMIN --dry-run``: check a person file.

The dry run reads the file (HelloAsso, Paheko or our own export, see README.md "Person
import and export") and prints what an import would do: the format recognised, the columns
used, how many rows are valid and every refused row by line. Exit code 0 when every row is
valid, 1 otherwise. Writing the persons into the data file is not available yet: without
``--dry-run`` the command says so and exits non-zero, having written nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.commands.cash_common import db_option, open_existing
from desktop.services.clock import local_day
from desktop.services.errors import DomainError, ValidationError
from desktop.services.formatting import date_short, datetime_short, money
from desktop.services.imports.formats import FIELD_LABELS, FORMAT_LABELS
from desktop.services.imports.plan import read_persons
from desktop.services.imports.records import ImportPlan, PersonRecord
from desktop.services.imports.table import MAX_BYTES, SEPARATOR_NAMES

NAME = "import"
HELP = "importe des données (personnes et adhérents depuis un fichier CSV)"
NOT_AVAILABLE = (
    "L'import des personnes dans le fichier de données n'est pas encore disponible : "
    "relancez avec --dry-run pour vérifier le fichier. Rien n'a été écrit."
)
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


def read_file(path: Path) -> bytes:
    """The file's bytes, with French messages for a missing, huge or unreadable file."""
    path = path.expanduser()
    if not path.is_file():
        raise ValidationError(f"Fichier introuvable : « {path} ».")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValidationError(f"« {path} » dépasse 50 Mo : ce n'est pas une liste.")
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Impossible de lire « {path} » : {exc.strerror or exc}.") from exc


def _progress(done: int, total: int) -> None:
    print(f"\rLecture : {done}/{total} lignes", end="" if done < total else "\n", file=sys.stderr)


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


def run(args: argparse.Namespace) -> int:
    if not args.dry_run:
        raise DomainError(NOT_AVAILABLE)
    open_existing(args).close()  # a wrong --db is told now, not after reading the file
    data = read_file(args.file)
    plan = read_persons(data, progress=_progress if sys.stderr.isatty() else None)
    for line in describe(plan, args.file):
        print(line)
    print("Simulation (--dry-run) : rien n'a été écrit.")
    return 0 if not plan.errors else 1
