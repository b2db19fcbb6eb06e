"""Entry point: ``ressourcerie`` / ``python -m desktop``.

Without a sub-command the GUI opens; with one, it runs headless (see desktop.cli).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from desktop import cli

    args = cli.parse(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        from desktop.app import run_gui

        return run_gui(args.db)
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
