"""The import dialog: mapping pre-filled, preview and errors by line, import with progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.models import Membership, Person
from desktop.services.imports.formats import Field
from desktop.views import file_dialogs
from desktop.views.people.import_dialog import ImportDialog, open_import
from tests.services.imports.samples import HELLOASSO, PAHEKO


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def picked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a file and make the file picker answer it."""

    def pick(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        monkeypatch.setattr(file_dialogs, "open_file", lambda *args, **kwargs: path)
        return path

    return pick


def _opened(qtbot, admin_backend, picked, name: str, data: bytes) -> ImportDialog:  # type: ignore[no-untyped-def]
    dialog = open_import(None, admin_backend)
    qtbot.addWidget(dialog)
    picked(name, data)
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.busy, timeout=10_000)
    qtbot.wait(20)  # the new combos are shown by a queued call
    return dialog


def test_helloasso_mapping_is_pre_filled_and_imported_with_a_report(
    qtbot, admin_backend, picked, db
) -> None:
    dialog = _opened(qtbot, admin_backend, picked, "adhesions.csv", HELLOASSO.encode("utf-8-sig"))
    assert "HelloAsso" in dialog.format_label.text()
    assert "adhesions.csv (UTF-8, séparateur point-virgule, 4 lignes" in dialog.file_label.text()
    assert dialog.combos["Nom adhérent"].currentData() == Field.LAST_NAME.value
    assert dialog.combos["Montant tarif"].currentData() == Field.MEMBERSHIP_AMOUNT.value
    assert dialog.combos["Nom payeur"].currentText() == "— colonne ignorée —"
    assert dialog.preview_model.rowCount() == 4
    first = [dialog.preview_model.index(0, c).data() for c in range(6)]
    assert first == ["2", "Hélène", "Dupont", "", "Helene.Dupont@exemple.example", "29,00\xa0€"]
    assert dialog.errors_model.rowCount() == 0 and not dialog.valid_only.isEnabled()
    assert dialog.import_button.isEnabled()
    seen: list[object] = []
    admin_backend.subscribe(seen.append)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    assert "Import terminé : 4 personne(s) créée(s)" in dialog.report_label.text()
    assert not dialog.import_button.isEnabled() and not dialog.mapping_box.isEnabled()
    assert dialog.tabs.currentIndex() == 2
    assert _count(db, Person) == 4 and _count(db, Membership) == 4
    assert seen  # the change signal carried the new persons
    dialog.grab().save("/tmp/imports-dialog-report.png")


def test_errors_by_line_and_valid_only_needs_confirmation(
    qtbot, admin_backend, picked, db
) -> None:
    dialog = _opened(qtbot, admin_backend, picked, "membres.csv", PAHEKO.encode("cp1252"))
    assert "Paheko" in dialog.format_label.text()
    assert dialog.summary_label.text() == "Lignes de données : 4 — valides : 3, refusées : 1"
    assert dialog.errors_model.rowCount() == 1
    error = [dialog.errors_model.index(0, c).data() for c in range(3)]
    assert error[0] == "7" and error[1] == "nom et prénom"
    assert "le nom et le prénom sont attendus" in error[2]
    assert dialog.tabs.tabText(1) == "Erreurs (1)"
    assert not dialog.import_button.isEnabled()  # all or nothing: refused until confirmed
    assert dialog.valid_only.isEnabled()
    dialog.valid_only.setChecked(True)
    assert dialog.import_button.isEnabled()
    dialog.grab().save("/tmp/imports-dialog-errors.png")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    assert "3 personne(s) créée(s)" in dialog.report_label.text()
    assert "1 ligne(s) refusée(s)" in dialog.report_label.text()
    rows = [dialog.report_model.index(0, c).data() for c in range(2)]
    assert rows[0] == "7" and rows[1].startswith("refusée — nom et prénom : ")
    assert _count(db, Person) == 3


def test_changing_the_mapping_checks_again(qtbot, admin_backend, picked) -> None:
    dialog = _opened(qtbot, admin_backend, picked, "adhesions.csv", HELLOASSO.encode())
    combo = dialog.combos["Montant tarif"]
    combo.setCurrentIndex(combo.findData(Field.PHONE.value))
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.busy, timeout=10_000)
    assert dialog.errors_model.rowCount() == 4  # « 29,00 » is no phone number
    assert "téléphone" in dialog.errors_model.index(0, 1).data()
    # Two columns for one field: said in French, nothing to import.
    dialog.combos["Nom payeur"].setCurrentIndex(
        dialog.combos["Nom payeur"].findData(Field.LAST_NAME.value)
    )
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    assert "Deux colonnes pour le champ « nom »" in dialog.error_label.text()


def test_a_refused_file_is_told_in_french(qtbot, admin_backend, picked) -> None:
    dialog = open_import(None, admin_backend)
    qtbot.addWidget(dialog)
    picked("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.plan is None and "n'est pas un fichier texte" in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()


def test_a_cancelled_picker_changes_nothing(qtbot, admin_backend, monkeypatch) -> None:
    dialog = ImportDialog(admin_backend)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(file_dialogs, "open_file", lambda *args, **kwargs: None)
    dialog.choose_button.click()
    assert dialog.loaded is None and dialog.file_label.text() == "Aucun fichier choisi."
