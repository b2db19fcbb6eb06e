"""Command-line interface: the same services as the GUI, no Qt.

Each sub-command lives in a module of ``desktop.commands`` exposing ``NAME``, ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``. ``--db`` is accepted before or after the
sub-command.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from desktop import APP_NAME, __version__
from desktop.services.errors import DomainError

COMMAND_MODULES = (
    "desktop.commands.demo",
    "desktop.commands.selftest",
    "desktop.commands.printing",
    "desktop.commands.close_day",
    "desktop.commands.export",
    "desktop.commands.import_persons",
    "desktop.commands.check",
    "desktop.commands.migrate",
    "desktop.commands.bench",
    "desktop.commands.persons",
    "desktop.commands.visit",
)


# argparse ships no French catalogue; it looks its messages up through ``argparse._``
# (gettext), so a small catalogue of its message ids gives French usage, help and errors.
ARGPARSE_FR = {
    "usage: ": "utilisation : ",
    "options": "options",
    "positional arguments": "arguments",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "the following arguments are required: %s": "arguments obligatoires : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (choisir parmi %(choices)s)"
    ),
    "expected one argument": "une valeur est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected at most one argument": "au plus une valeur est attendue",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "argument %(argument_name)s: %(message)s": "option %(argument_name)s : %(message)s",
    "not allowed with argument %s": "incompatible avec l'option %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "one of the arguments %s is required": "l'une des options %s est obligatoire",
}
argparse._ = lambda message: ARGPARSE_FR.get(message, message)  # type: ignore[attr-defined]


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse parser whose messages are French (see ARGPARSE_FR); exit code 2 on error."""


def _db_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=default,
        metavar="CHEMIN",
        help="fichier de données (par défaut : celui du dossier de l'utilisateur)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="ressourcerie",
        description=f"{APP_NAME} — sans sous-commande, ouvre l'application.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _db_option(parser, None)
    sub = parser.add_subparsers(
        dest="command", metavar="SOUS-COMMANDE", parser_class=FrenchArgumentParser
    )
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue  # a sub-command whose module is not merged yet
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        # SUPPRESS keeps a --db given before the sub-command when none is given after it.
        _db_option(command, argparse.SUPPRESS)
        module.add_arguments(command)
        command.set_defaults(handler=module.run)
    return parser


def parse(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def database_path(args: argparse.Namespace) -> Path:
    from desktop.paths import default_database_path

    return args.db if args.db is not None else default_database_path()


def run(args: argparse.Namespace) -> int:
    try:
        return int(args.handler(args) or 0)
    except DomainError as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130


def main(argv: list[str] | None = None) -> int:
    """Headless entry point: runs one sub-command. The GUI starts from ``desktop.__main__``
    (the CLI never imports Qt, even indirectly)."""
    args = parse(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        build_parser().print_help(sys.stderr)
        return 2
    return run(args)
