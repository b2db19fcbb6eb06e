"""The command line: --db before or after the sub-command, French errors, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.__main__ import main
from desktop.cli import parse


@pytest.mark.parametrize(
    "argv",
    [["--db", "x.sqlite3", "check"], ["check", "--db", "x.sqlite3"]],
)
def test_db_option_before_or_after_the_sub_command(argv: list[str]) -> None:
    args = parse(argv)
    assert args.command == "check" and args.db == Path("x.sqlite3")


def test_no_sub_command_means_gui_with_the_given_file() -> None:
    args = parse(["--db", "site.sqlite3"])
    assert args.command is None and args.db == Path("site.sqlite3")


def test_unknown_sub_command_is_refused_in_french(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["bonjour"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "utilisation : ressourcerie" in err
    assert "choix invalide : 'bonjour'" in err


def test_help_is_french(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "afficher cette aide et quitter" in out and "show this help" not in out


def test_missing_database_file_gives_a_french_error(tmp_path: Path, capsys) -> None:
    code = main(["check", "--db", str(tmp_path / "absent.sqlite3")])
    assert code != 0
    assert "introuvable" in capsys.readouterr().err
    assert not (tmp_path / "absent.sqlite3").exists()


@pytest.mark.parametrize("extra", [[], ["--complet"]])
def test_check_on_an_intact_site(db, capsys, extra: list[str]) -> None:
    path = str(db.path)
    db.close()
    assert main(["check", "--db", path, *extra]) == 0
    assert "tout est intact" in capsys.readouterr().out
