"""Reading commands change nothing, refuse a file to migrate, and report damage and locks in
French (never a traceback); ``migrate`` upgrades."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cash_world import World, paris

from desktop.__main__ import main
from desktop.services import database
from desktop.services.cash.drafts import DraftLine
from tests.frozen_clock import clocked
from tests.services.test_database_safety import HOLDER, extra_revision, snapshot

__all__ = ["extra_revision"]  # a fixture used below

DAY = dt.date(2026, 5, 12)


@pytest.fixture
def site(world: World) -> Path:
    """A site with two receipts and a closing, closed (its WAL checkpointed)."""
    world.sell(DraftLine.other("Atelier céramique", 1200), at=paris(DAY, 10))
    world.sell(DraftLine.other("Tisane", 150), at=paris(DAY, 11))
    from desktop.services.cash.closings import close_day

    with world.db.session() as session:
        close_day(clocked(session, paris(DAY, 20)), world.cashier, DAY)
    world.db.close()
    return world.db.path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _reading_commands(path: Path, folder: Path) -> list[list[str]]:
    out = folder / "sorties"
    out.mkdir(exist_ok=True)
    db = ["--db", str(path)]
    return [
        ["check", *db],
        ["check", "--complet", *db],
        ["print", "receipt", "--number", "A-2026-000001", "--out", str(out / "r.pdf"), *db],
        ["print", "closing", "--date", DAY.isoformat(), "--out", str(out / "c.pdf"), *db],
        ["export", "receipts", "--from", "2026-05-01", "--to", "2026-05-31",
         "--out", str(out / "e.csv"), *db],
    ]  # fmt: skip


def test_reading_commands_change_nothing(site: Path, capsys, tmp_path: Path) -> None:
    commands = _reading_commands(site, tmp_path)
    before = snapshot(site)
    for argv in commands:
        code, out, err = _run(capsys, *argv)
        assert code == 0, (argv, out, err)
        assert snapshot(site) == before, argv
    assert not site.with_name(site.name + "-wal").exists()


def test_reading_commands_refuse_a_file_to_migrate(
    site: Path, capsys, tmp_path: Path, extra_revision
) -> None:
    extra_revision("op.add_column('site', sa.Column('motto', sa.String(), nullable=True))")
    commands = _reading_commands(site, tmp_path)
    before = snapshot(site)
    for argv in commands:
        code, _, err = _run(capsys, *argv)
        assert code == 1, argv
        assert "version précédente" in err and "ressourcerie migrate --db" in err
        assert snapshot(site) == before, argv
    code, out, _ = _run(capsys, "migrate", "--db", str(site))
    assert code == 0 and "mis à jour de la version" in out
    backups = [p for p in site.parent.iterdir() if "avant-migration" in p.name]
    assert len(backups) == 1 and str(backups[0]) in out
    code, out, _ = _run(capsys, "check", "--db", str(site))
    assert code == 0, out
    code, out, _ = _run(capsys, "migrate", "--db", str(site))
    assert code == 0 and "déjà à jour" in out


def test_reading_commands_refuse_an_empty_file(capsys, tmp_path: Path) -> None:
    empty = tmp_path / "vide.sqlite3"
    empty.write_bytes(b"")
    for argv in _reading_commands(empty, tmp_path):
        code, _, err = _run(capsys, *argv)
        assert code == 1 and "est vide" in err, argv
    assert empty.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sorties", "vide.sqlite3"]


@pytest.mark.parametrize(
    ("kind", "message"),
    [("foreign", "n'appartient pas"), ("text", "n'est pas un fichier de données")],
)
def test_reading_commands_refuse_a_foreign_file_untouched(capsys, tmp_path, kind, message):
    path = tmp_path / "autre.sqlite3"
    if kind == "foreign":
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE recettes (nom TEXT)")
        connection.commit()
        connection.close()
    else:
        path.write_text("Liste de courses\n" * 100)
    commands = _reading_commands(path, tmp_path)
    before = snapshot(path)
    for argv in [*commands, ["migrate", "--db", str(path)]]:
        code, _, err = _run(capsys, *argv)
        assert code == 1 and message in err, (argv, err)
        assert snapshot(path) == before, argv


def corrupt_page(path: Path, table: str) -> None:
    """Overwrite the b-tree header of ``table``'s root page (page 1: the schema itself)."""
    connection = sqlite3.connect(path)
    try:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        if table == "sqlite_master":
            offset = 100  # page 1 starts with the 100-byte file header
        else:
            (root,) = connection.execute(
                "SELECT rootpage FROM sqlite_master WHERE type='table' AND name=?", (table,)
            ).fetchone()
            offset = (root - 1) * page_size
    finally:
        connection.close()
    assert not path.with_name(path.name + "-wal").exists()  # everything is in the file
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(b"\xff" * 12)


@pytest.mark.parametrize("table", ["receipt", "receipt_line", "person", "sqlite_master"])
def test_check_reports_a_damaged_page_as_a_finding(site: Path, capsys, table: str) -> None:
    corrupt_page(site, table)
    code, out, err = _run(capsys, "check", "--db", str(site))
    assert code == 3, (out, err)
    assert "- Fichier SQLite endommagé" in out
    assert "Traceback" not in out + err


@pytest.mark.parametrize("table", ["receipt", "sqlite_master"])
def test_export_and_print_refuse_a_damaged_file_in_french(
    site: Path, capsys, tmp_path: Path, table: str
) -> None:
    corrupt_page(site, table)
    for argv in _reading_commands(site, tmp_path)[2:]:
        code, out, err = _run(capsys, *argv)
        assert code == 1, (argv, out)
        assert err.startswith("Erreur : ") and "endommagé" in err, argv


@pytest.fixture
def held(site: Path) -> Iterator[Path]:
    """``site`` held by another program in exclusive locking mode."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(site), "exclusive-mode"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    yield site
    holder.communicate("", timeout=10)


def test_commands_say_the_file_is_used_by_another_program(
    held: Path, capsys, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(database, "LOCK_WAIT_SECONDS", 0.3)
    for argv in [*_reading_commands(held, tmp_path), ["migrate", "--db", str(held)]]:
        code, _, err = _run(capsys, *argv)
        assert code == 1, argv
        assert "utilisé par un autre programme" in err, argv
        assert "n'est pas un fichier" not in err
