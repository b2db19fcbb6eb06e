"""``ressourcerie demo``: build a realistic demo site (fictitious people) in a new file."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from desktop.demo import DEMO_ACCOUNTS, DemoSummary, build_demo
from desktop.services.errors import ValidationError
from desktop.services.formatting import number
from desktop.vocabulary import ROLE_LABELS

NAME = "demo"
HELP = (
    "crée un site de démonstration réaliste (personnes fictives) : la vie du lieu depuis "
    "avril 2019 jusqu'à quatre semaines après aujourd'hui"
)


def scale_type(text: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"« {text} » n'est pas un nombre (par exemple 1, 0.5 ou 10)"
        ) from None


def seed_type(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre entier") from None


def date_type(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"« {text} » n'est pas une date valide (format attendu : AAAA-MM-JJ)"
        ) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scale",
        type=scale_type,
        default=1.0,
        metavar="N",
        help="taille du site (1 = environ 1 000 personnes ; au plus 50)",
    )
    parser.add_argument(
        "--seed",
        type=seed_type,
        default=2019,
        metavar="S",
        help="graine du hasard (par défaut 2019)",
    )
    parser.add_argument(
        "--today",
        type=date_type,
        default=None,
        metavar="AAAA-MM-JJ",
        help="date du jour simulée (par défaut : aujourd'hui)",
    )
    parser.add_argument(
        "--force", action="store_true", help="remplacer le fichier s'il existe déjà"
    )


class _TerminalProgress:
    """French progress on stderr: one line per step, a live percentage on a terminal."""

    def __init__(self) -> None:
        self.label = ""
        self.live = sys.stderr.isatty()

    def __call__(self, done: int, total: int, label: str) -> None:
        percent = 100 * done // max(1, total)
        if label != self.label:
            if self.live and self.label:
                sys.stderr.write("\n")
            self.label = label
            if not self.live:
                print(f"[{percent:3d} %] {label}…", file=sys.stderr, flush=True)
        if self.live:
            sys.stderr.write(f"\r[{percent:3d} %] {label}…")
            sys.stderr.flush()

    def finish(self) -> None:
        if self.live and self.label:
            sys.stderr.write("\n")


def run(args: argparse.Namespace) -> int:
    from desktop.cli import database_path

    path = database_path(args)
    progress = _TerminalProgress()
    try:
        summary = build_demo(
            path,
            scale=args.scale,
            seed=args.seed,
            today=args.today,
            overwrite=args.force,
            progress=progress,
        )
    except ValidationError as error:
        progress.finish()
        if error.field == "path" and path.exists() and not args.force:
            raise ValidationError(
                f"{error.message} Ajoutez --force pour le remplacer.", error.field
            ) from error
        raise
    progress.finish()
    print(render(summary, str(path.expanduser().resolve())))
    return 0


def render(summary: DemoSummary, path: str) -> str:
    """The French summary printed on stdout."""
    width = max(len(label) for label, _ in summary.counts)
    lines = [f"Site de démonstration créé : {path}", ""]
    lines += [f"  {label.ljust(width)}  {number(count):>9}" for label, count in summary.counts]
    lines += [
        "",
        "Comptes de démonstration (identifiant / mot de passe — rôles) :",
    ]
    name_width = max(len(a.username) for a in DEMO_ACCOUNTS)
    pass_width = max(len(a.password) for a in DEMO_ACCOUNTS)
    for account in DEMO_ACCOUNTS:
        roles = ", ".join(ROLE_LABELS[r] for r in account.roles)
        lines.append(
            f"  {account.username.ljust(name_width)}  {account.password.ljust(pass_width)}"
            f"  {account.display_name} — {roles}"
        )
    seconds = f"{summary.seconds:.1f}".replace(".", ",")
    lines += [
        "",
        f"Empreinte des données : {summary.data_hash}",
        f"Durée : {seconds} s",
    ]
    return "\n".join(lines)
