"""CLI sub-commands, one module each (see desktop.cli)."""
