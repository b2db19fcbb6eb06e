"""``ressourcerie selftest``: passes on a working installation, names what breaks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop.__main__ import main
from desktop.commands import selftest
from desktop.services.database import head_revision


def test_selftest_passes_and_reports_each_step(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["selftest"]) == 0
    out = capsys.readouterr().out
    revision = head_revision()
    assert f"Base de données : migrations appliquées (révision {revision})" in out
    assert "Connexion : « autotest » connecté" in out
    assert "PDF : police DejaVu Sans intégrée, « 12,00\u00a0€ » écrit (relu avec pypdf)" in out
    assert "Téléphones : « 05 56 12 34 56 » reconnu (+33 5 56 12 34 56)" in out
    assert "Démonstration : noms français générés" in out
    assert "Traductions Qt : traduction française de Qt présente" in out
    assert out.rstrip().endswith("Auto-test réussi : l'installation fonctionne.")


def test_selftest_never_touches_the_given_database(tmp_path: Path) -> None:
    target = tmp_path / "real.sqlite3"
    assert main(["--db", str(target), "selftest"]) == 0
    assert not target.exists()


def test_without_pypdf_the_raw_bytes_are_checked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pypdf", None)  # import pypdf -> ImportError
    assert main(["selftest"]) == 0
    assert "« 12,00\u00a0€ » écrit (vérifié dans le fichier)" in capsys.readouterr().out


@pytest.mark.parametrize("pypdf_available", [True, False])
def test_a_pdf_without_dejavu_fails(
    pypdf_available: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not pypdf_available:
        monkeypatch.setitem(sys.modules, "pypdf", None)
    monkeypatch.setattr(selftest, "FONT", "Helvetica")  # a standard font is never embedded
    assert main(["selftest"]) == 1
    captured = capsys.readouterr()
    assert "ÉCHEC — PDF : la police Helvetica n'est pas intégrée au PDF" in captured.err
    assert "Traductions Qt" not in captured.out


def test_missing_qt_translation_fails_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(selftest, "qt_translation_folders", lambda: [tmp_path])
    assert main(["selftest"]) == 1
    err = capsys.readouterr().err
    assert f"ÉCHEC — Traductions Qt : qtbase_fr.qm introuvable (cherché dans : {tmp_path})" in err
    assert "Auto-test échoué" in err


def test_bundle_layout_is_searched_under_meipass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert selftest.qt_translation_folders() == [
        tmp_path / "PySide6" / "translations",
        tmp_path / "PySide6" / "Qt" / "translations",
    ]


def test_selftest_does_not_import_qt() -> None:
    import subprocess

    code = (
        "import sys; from desktop.__main__ import main; rc = main(['selftest']); "
        "sys.exit(3 if any(m.startswith('PySide6') for m in sys.modules) else rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_missing_migration_scripts_fail_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.services import database

    monkeypatch.setattr(database, "MIGRATIONS_DIR", tmp_path / "absent")
    assert main(["selftest"]) == 1
    err = capsys.readouterr().err
    absent = tmp_path / "absent"
    assert f"ÉCHEC — Base de données : aucun script de migration dans « {absent} »" in err
