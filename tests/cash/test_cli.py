"""The cash sub-commands, run through the real entry point."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
import tampering
from cash_world import PASSWORD, World, paris
from sqlalchemy import select

from desktop.__main__ import main
from desktop.commands.bench_site import cached_demo
from desktop.models import Site
from desktop.paths import cache_dir
from desktop.services.cash.drafts import DraftLine
from desktop.services.database import head_revision, open_database

DAY = dt.date(2026, 5, 12)


@pytest.fixture
def sold(world: World) -> World:
    world.sell(DraftLine.other("Atelier céramique", 1200), at=paris(DAY, 10))
    world.sell(DraftLine.other("Tisane", 150), at=paris(DAY, 11))
    return world


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_intact_then_tampered(sold: World, capsys) -> None:
    db = str(sold.db.path)
    code, out, _ = _run(capsys, "check", "--db", db)
    assert code == 0
    assert "tout est intact" in out
    tampering.change_amount(sold.db.path, "A-2026-000001")
    tampering.delete_receipt(sold.db.path, "A-2026-000002")
    code, out, _ = _run(capsys, "--db", db, "check")
    assert code != 0
    assert "- Reçu A-2026-000001 : montant modifié après émission." in out
    assert "- Reçu A-2026-000002 manquant (son émission figure au journal d'audit)." in out
    assert "2 problème(s) détecté(s)" in out


def test_print_receipt(sold: World, capsys, tmp_path) -> None:
    out_file = tmp_path / "recu.pdf"
    code, out, _ = _run(
        capsys, "print", "receipt", "--number", "a-2026-000001", "--out", str(out_file),
        "--duplicate", "--db", str(sold.db.path),
    )  # fmt: skip
    assert code == 0, out
    assert out_file.read_bytes().startswith(b"%PDF")
    assert "Reçu A-2026-000001" in out
    code, _, err = _run(
        capsys, "--db", str(sold.db.path), "print", "receipt", "--number", "A-2026-000099",
        "--out", str(out_file),
    )  # fmt: skip
    assert code == 1
    assert "Aucun reçu ne porte le numéro « A-2026-000099 »" in err
    code, out, _ = _run(
        capsys, "print", "receipt", "--number", "A-2026-2", "--out", str(out_file),
        "--db", str(sold.db.path),
    )  # fmt: skip
    assert code == 0 and "Reçu A-2026-000002" in out
    code, _, err = _run(
        capsys, "print", "receipt", "--number", "2026-000001", "--out", str(out_file),
        "--db", str(sold.db.path),
    )  # fmt: skip
    assert code == 1
    assert "« 2026-000001 » n'est pas un numéro de reçu : il s'écrit comme A-2026-000042." in err


def test_close_day_with_password_on_stdin(sold: World, capsys, monkeypatch, tmp_path) -> None:
    db = str(sold.db.path)
    monkeypatch.setattr("sys.stdin", io.StringIO("mauvais\n"))
    code, _, err = _run(
        capsys, "close-day", "--date", "2026-05-12", "--user", "accueil", "--db", db
    )
    assert code == 1
    assert "Erreur" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    report = tmp_path / "cloture.pdf"
    code, out, _ = _run(
        capsys, "close-day", "--date", "2026-05-12", "--user", "accueil", "--db", db,
        "--out", str(report),
    )  # fmt: skip
    assert code == 0, out
    assert "Journée du 12/05/2026 clôturée (série A) : 2 reçu(s), total 13,50 €." in " ".join(
        out.replace("\u00a0", " ").replace("\u202f", " ").split()
    )
    assert report.read_bytes().startswith(b"%PDF")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, _, err = _run(
        capsys, "close-day", "--date", "2026-05-12", "--user", "accueil", "--db", db
    )
    assert code == 1
    assert "déjà été faite" in err
    code, out, _ = _run(capsys, "print", "closing", "--date", "2026-05-12", "--out",
                        str(tmp_path / "c.pdf"), "--db", db)  # fmt: skip
    assert code == 0, out


def test_export_receipts(sold: World, capsys, tmp_path) -> None:
    target = tmp_path / "compta.csv"
    code, out, _ = _run(
        capsys, "export", "receipts", "--from", "2026-05-01", "--to", "2026-05-31",
        "--out", str(target), "--db", str(sold.db.path),
    )  # fmt: skip
    assert code == 0, out
    assert "2 reçu(s), 2 ligne(s)" in out
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["close-day", "--date", "12/05/2026", "--user", "x"], "date incorrecte « 12/05/2026 »"),
        (["close-day", "--date", "2026-05-12"], "arguments obligatoires"),
        (["export", "receipts", "--from", "2026-13-01", "--to", "2026-05-01", "--out", "x.csv"],
         "date incorrecte"),
        (["print", "receipt", "--number", "A", "--out", "/nulle/part/x.pdf"],
         "dossier introuvable"),
        (["print", "facture"], "choix invalide"),
        (["bench", "--runs", "0"], "supérieur à 0"),
    ],
)  # fmt: skip
def test_bad_arguments_get_a_french_message(capsys, argv, message) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_domain_errors_exit_non_zero(sold: World, capsys, tmp_path) -> None:
    code, _, err = _run(capsys, "check", "--db", str(tmp_path / "absent.sqlite3"))
    assert code == 1
    assert "Fichier de données introuvable" in err
    code, _, err = _run(
        capsys, "export", "receipts", "--from", "2026-05-31", "--to", "2026-05-01",
        "--out", str(tmp_path / "x.csv"), "--db", str(sold.db.path),
    )  # fmt: skip
    assert code == 1
    assert "précède" in err


def test_bench_runs_small_on_a_given_site(sold: World, capsys) -> None:
    args = ("bench", "--runs", "1", "--issues", "3", "--part", "caisse")
    code, out, _ = _run(capsys, *args, "--db", str(sold.db.path))
    assert code == 0
    assert "Démarrage" not in out
    assert "Émission : médiane des médianes" in out
    assert "3 anonyme(s)" in out  # a site without booked places: anonymous places
    # The sales were issued on a copy: the site measured by check is untouched.
    assert "tout est intact (2 reçu(s), 0 clôture(s))" in out
    assert "Rapport check / SHA-256 seul" in out
    assert "check --complet" in out


def test_bench_gui_part_measures_start_up_and_memory_in_child_processes(
    sold: World, capsys
) -> None:
    """One run of each figure (timings are not asserted: the machine is shared)."""
    args = ("bench", "--part", "interface", "--runs", "1", "--previews", "2")
    code, out, _ = _run(capsys, *args, "--db", str(sold.db.path))
    assert code == 0
    assert "Émission" not in out
    assert re.search(r"fenêtre nue PySide6 \d+,\d\d s ; fenêtre de connexion affichée \d", out)
    assert re.search(r"Rapport fenêtre de connexion / fenêtre nue : \d+,\d×", out)
    assert re.search(r"\d+ Mo après la connexion, \d+ Mo après 2 aperçus de reçu et 2 fen", out)


def test_bench_builds_its_demo_site_once(cash_template: Path) -> None:
    built: list[Path] = []

    def build(path: Path, **settings: object) -> None:
        built.append(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cash_template, path)  # a set-up site standing for the demo
        database = open_database(path)
        try:
            with database.session() as session:
                session.scalar(select(Site)).is_demo = True
        finally:
            database.close()

    today = dt.date(2026, 11, 25)
    first = cached_demo(0.5, 7, today, build=build)
    again = cached_demo(0.5, 7, today, build=build)
    other = cached_demo(0.5, 8, today, build=build)
    assert first.built_seconds is not None and again.built_seconds is None
    assert again.path == first.path != other.path
    assert first.path.parent.parent == cache_dir()
    assert f"graine7-2026-11-25-schema{head_revision()}" in first.path.name
    first.path.write_bytes(b"pas une base")  # unreadable: built again
    assert cached_demo(0.5, 7, today, build=build).built_seconds is not None
    assert built == [first.path, other.path, first.path]
