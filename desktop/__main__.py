"""Entry point: ``ressourcerie`` / ``python -m desktop``.

Without a sub-command the GUI opens; with one, it runs headless (see desktop.cli).
"""

from __future__ import annotations

import sys
from pathlib import Path


def gui_database(argv: list[str]) -> tuple[bool, Path | None]:
    """(True, the ``--db`` path or None) when ``argv`` only opens the GUI: then the command
    line parser, which imports every sub-command, is not needed (start-up time)."""
    if not argv:
        return True, None
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > 5:
        return True, Path(argv[0][5:])
    if len(argv) == 2 and argv[0] == "--db" and argv[1] and not argv[1].startswith("-"):
        return True, Path(argv[1])
    return False, None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    gui, db_path = gui_database(argv)
    if gui:
        from desktop.app import run_gui

        return run_gui(db_path)
    from desktop import cli

    args = cli.parse(argv)
    if args.command is None:
        from desktop.app import run_gui

        return run_gui(args.db)
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
