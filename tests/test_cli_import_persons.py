"""``ressourcerie import persons``: the dry run prints the plan; applying is refused."""

from __future__ import annotations

import hashlib
from pathlib import Path

from desktop.__main__ import main
from tests.services.imports.samples import HELLOASSO, HELLOASSO_HEADER, PAHEKO


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


def test_without_dry_run_applying_is_refused_and_nothing_is_written(
    db, tmp_path: Path, capsys
) -> None:
    site, before = _site(db)
    file = tmp_path / "adhesions.csv"
    file.write_bytes(HELLOASSO.encode())
    assert main(["import", "persons", str(file), "--db", site]) == 1
    err = capsys.readouterr().err
    assert "n'est pas encore disponible" in err and "--dry-run" in err
    assert hashlib.sha256(Path(site).read_bytes()).hexdigest() == before


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
