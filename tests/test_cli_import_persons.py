"""``ressourcerie import persons`` (dry run, apply, --valid-only) and ``export persons``."""

from __future__ import annotations

import hashlib
import io
import sqlite3
from pathlib import Path

import pytest

from desktop.__main__ import main
from tests.conftest import ADMIN_PASSWORD
from tests.services.imports.samples import HELLOASSO, HELLOASSO_HEADER, PAHEKO
from tests.world import build_site


def _site(db) -> tuple[str, str]:
    path = str(db.path)
    db.close()
    return path, hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_dry_run_prints_the_plan_in_french(db, tmp_path: Path, capsys) -> None:
    site, _ = _site(db)
    file = tmp_path / "adhesions.csv"
    file.write_bytes(HELLOASSO.encode("utf-8-sig"))
    assert main(["import", "persons", str(file), "--db", site, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Fichier : adhesions.csv (UTF-8, séparateur point-virgule)" in out
    assert "Format reconnu : HelloAsso (export des adhésions)" in out
    assert "« Nom adhérent » → nom" in out and "Colonnes ignorées : « Nom payeur »" in out
    assert "Lignes de données : 4 — valides : 4, refusées : 0" in out
    assert "rien n'a été écrit" in out
    assert (
        "ligne 2 : Hélène Dupont, Helene.Dupont@exemple.example, "
        "adhésion 29,00\xa0€ payée le 12/03/2026 14:30"
    ) in out


def test_dry_run_lists_errors_by_line_and_exits_non_zero(db, tmp_path: Path, capsys) -> None:
    site, _ = _site(db)
    file = tmp_path / "membres.csv"
    file.write_bytes(PAHEKO.encode("cp1252"))
    bad = tmp_path / "helloasso.csv"
    bad.write_bytes(
        (
            HELLOASSO_HEADER
            + "\n1;31/02/2026 14:30;Validé;Martin;Luc;;;l@exemple.example;;;;2x;;;;"
        ).encode()
    )
    assert main(["import", "persons", str(file), "--db", site, "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "(Windows-1252, séparateur virgule)" in out and "Paheko" in out
    assert "valides : 3, refusées : 1" in out
    assert "ligne 4 : Marie Le Gall, +33556001122, inscrit·e le 02/09/2025" in out
    assert "ligne 7 : nom et prénom : « Zoé » : le nom et le prénom sont attendus" in out
    assert main(["--db", site, "import", "persons", str(bad), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "ligne 2 : date du paiement : « 31/02/2026 14:30 » : cette date n'existe pas." in out
    assert "ligne 2 : montant de l'adhésion : « 2x » : écrivez un montant en chiffres" in out


def _password(monkeypatch: pytest.MonkeyPatch, password: str = ADMIN_PASSWORD) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))


def _count(site: str, table: str) -> int:
    connection = sqlite3.connect(site)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def test_without_a_user_nothing_is_written(db, tmp_path: Path, capsys) -> None:
    site, before = _site(db)
    file = tmp_path / "adhesions.csv"
    file.write_bytes(HELLOASSO.encode())
    assert main(["import", "persons", str(file), "--db", site]) == 1
    err = capsys.readouterr().err
    assert "--user" in err and "Rien n'a été écrit" in err
    assert hashlib.sha256(Path(site).read_bytes()).hexdigest() == before


def test_apply_imports_with_progress_and_a_french_summary(
    db, tmp_path: Path, capsys, monkeypatch
) -> None:
    site, _ = _site(db)
    file = tmp_path / "adhesions.csv"
    file.write_bytes(HELLOASSO.encode("utf-8-sig"))
    _password(monkeypatch)
    assert main(["import", "persons", str(file), "--db", site, "--user", "admin"]) == 0
    captured = capsys.readouterr()
    assert "Import : 4/4 lignes" in captured.err and "Lecture : 4/4 lignes" in captured.err
    assert (
        "Import terminé : 4 personne(s) créée(s), 0 déjà connue(s), 4 adhésion(s) créée(s), "
        "0 ligne(s) refusée(s)."
    ) in captured.out
    assert _count(site, "person") == 4 and _count(site, "membership") == 4
    _password(monkeypatch)
    assert main(["import", "persons", str(file), "--db", site, "--user", "admin"]) == 0
    out = capsys.readouterr().out
    assert "0 personne(s) créée(s), 4 déjà connue(s), 0 adhésion(s) créée(s)" in out
    assert "4 adhésion(s) déjà importée(s)" in out
    assert _count(site, "person") == 4 and _count(site, "membership") == 4


def test_all_or_nothing_then_valid_only(db, tmp_path: Path, capsys, monkeypatch) -> None:
    site, _ = _site(db)
    file = tmp_path / "membres.csv"
    file.write_bytes(PAHEKO.encode("cp1252"))
    _password(monkeypatch)
    assert main(["import", "persons", str(file), "--db", site, "--user", "admin"]) == 1
    err = capsys.readouterr().err
    assert "Import refusé, rien n'a été écrit" in err and "ligne 7 : nom et prénom" in err
    assert _count(site, "person") == _count(site, "membership") == 0  # (the login is audited)
    _password(monkeypatch)
    args = ["import", "persons", str(file), "--db", site, "--user", "admin", "--valid-only"]
    assert main(args) == 3
    out = capsys.readouterr().out
    assert "3 personne(s) créée(s)" in out and "1 ligne(s) refusée(s)" in out
    assert "Lignes refusées (non importées) :" in out and "  ligne 7 : nom et prénom" in out
    assert _count(site, "person") == 3


def test_a_wrong_password_writes_nothing(db, tmp_path: Path, capsys, monkeypatch) -> None:
    site, _ = _site(db)
    file = tmp_path / "adhesions.csv"
    file.write_bytes(HELLOASSO.encode())
    _password(monkeypatch, "mauvais")
    assert main(["import", "persons", str(file), "--db", site, "--user", "admin"]) == 1
    assert capsys.readouterr().err.startswith("Erreur : ")
    assert _count(site, "person") == 0


def test_export_then_import_into_an_empty_site_round_trips(
    db, tmp_path: Path, capsys, monkeypatch
) -> None:
    site, _ = _site(db)
    file = tmp_path / "adhesions.csv"
    file.write_bytes(HELLOASSO.encode())
    _password(monkeypatch)
    assert main(["import", "persons", str(file), "--db", site, "--user", "admin"]) == 0
    exported = tmp_path / "personnes.csv"
    assert main(["export", "persons", "--out", str(exported), "--db", site]) == 0
    assert "4 personne(s) exportée(s), dont 4 avec une adhésion" in capsys.readouterr().out
    data = exported.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfNum\xc3\xa9ro;Pr\xc3\xa9nom;Nom;")
    empty = str(build_site(tmp_path / "vide.sqlite3"))
    _password(monkeypatch)
    assert main(["import", "persons", str(exported), "--db", empty, "--user", "admin"]) == 0
    assert "4 personne(s) créée(s)" in capsys.readouterr().out
    again = tmp_path / "encore.csv"
    assert main(["export", "persons", "--out", str(again), "--db", empty]) == 0
    assert again.read_bytes() == data
    _password(monkeypatch)  # and importing it once more changes nothing
    assert main(["import", "persons", str(again), "--db", empty, "--user", "admin"]) == 0
    assert "0 personne(s) créée(s), 4 déjà connue(s)" in capsys.readouterr().out


def test_a_refused_file_and_a_missing_file_are_told_in_french(db, tmp_path: Path, capsys) -> None:
    site, _ = _site(db)
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert main(["import", "persons", str(binary), "--db", site, "--dry-run"]) == 1
    assert "n'est pas un fichier texte" in capsys.readouterr().err
    assert main(["import", "persons", str(tmp_path / "absent.csv"), "--db", site, "--dry-run"]) == 1
    assert "Fichier introuvable" in capsys.readouterr().err


def test_a_missing_data_file_is_told_before_reading(tmp_path: Path, capsys) -> None:
    file = tmp_path / "adhesions.csv"
    file.write_bytes(HELLOASSO.encode())
    code = main(["import", "persons", str(file), "--db", str(tmp_path / "x.sqlite3"), "--dry-run"])
    assert code == 1 and "Fichier de données introuvable" in capsys.readouterr().err
