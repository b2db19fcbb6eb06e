"""File dialogs: listing the data folder keeps SQLite's locks; French, light, used everywhere.

On Linux SQLite's locks are POSIX advisory locks, dropped when anything else in the process
closes a descriptor of the same file; Qt's own file dialog opens the listed files to guess
their type. ``/proc/locks`` shows which files this process holds locks on.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QFileSystemModel,
    QLabel,
    QListView,
)

from desktop.services.database import Database, open_database
from desktop.views import file_dialogs

ROOT = Path(__file__).resolve().parents[2]
needs_proc_locks = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/proc/locks").exists(),
    reason="POSIX lock table of Linux",
)


def locked_inodes() -> set[int]:
    """Inodes this process holds (not waits for) a POSIX lock on."""
    pid = str(os.getpid())
    inodes = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields or len(fields) < 6:
            continue  # a blocked request, not a held lock
        if fields[1] == "POSIX" and fields[4] == pid:
            inodes.add(int(fields[5].split(":")[2]))
    return inodes


@pytest.fixture(params=["ressourcerie.sqlite3", "donnees.db"])
def live_db(request, site_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A data file in WAL mode, written to (so ``-wal`` and ``-shm`` exist), with a read
    transaction held open on it, as while the application runs."""
    folder = tmp_path / "donnees"
    folder.mkdir()
    path = folder / request.param
    shutil.copyfile(site_template, path)
    database = open_database(path)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
        connection.exec_driver_sql("INSERT INTO scratch VALUES (1)")
    reader = database.engine.raw_connection()
    reader.driver_connection.execute("BEGIN")
    reader.driver_connection.execute("SELECT count(*) FROM scratch").fetchall()
    yield database
    reader.driver_connection.execute("ROLLBACK")
    reader.close()
    database.close()


def _data_inodes(database: Database) -> set[int]:
    shm = database.path.with_name(database.path.name + "-shm")
    assert shm.exists() and database.path.with_name(database.path.name + "-wal").exists()
    return {database.path.stat().st_ino, shm.stat().st_ino}


def _show_on_data_folder(qtbot, dialog: QFileDialog, database: Database) -> None:
    """Show ``dialog`` until its model has listed the data folder, then a while longer with
    the data file selected (icons and types are fetched in the background)."""
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    folder = model.index(str(database.path.parent))
    qtbot.waitUntil(lambda: model.rowCount(folder) >= 3, timeout=5000)
    dialog.selectFile(str(database.path))
    qtbot.wait(1500)
    dialog.close()


@needs_proc_locks
def test_dialog_on_the_data_folder_keeps_sqlite_locks(qtbot, live_db: Database) -> None:
    inodes = _data_inodes(live_db)
    assert inodes <= locked_inodes()
    dialog = file_dialogs.make_dialog(
        None, "Choisir", live_db.path.parent, [file_dialogs.ALL_FILES, file_dialogs.SQLITE_FILTER]
    )
    _show_on_data_folder(qtbot, dialog, live_db)
    assert inodes <= locked_inodes(), "the file dialog released SQLite's locks"


@needs_proc_locks
@pytest.mark.parametrize("read_only", [False, True])
def test_opening_the_file_again_in_the_process_keeps_the_locks(live_db, read_only) -> None:
    """Only SQLite opens the data file: checking a file before opening it reads no header."""
    inodes = _data_inodes(live_db)
    again = open_database(live_db.path, read_only=read_only)
    again.close()
    assert inodes <= locked_inodes()


@needs_proc_locks
def test_qt_plain_dialog_drops_the_locks(qtbot, live_db: Database) -> None:
    """The hazard the helper removes is real: the lock check above can fail."""
    inodes = _data_inodes(live_db)
    dialog = QFileDialog(None, "Choisir", str(live_db.path.parent))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    _show_on_data_folder(qtbot, dialog, live_db)
    assert not inodes <= locked_inodes()


def test_every_file_dialog_of_the_app_goes_through_the_helper() -> None:
    users = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "desktop").rglob("*.py")
        if re.search(r"\bQFileDialog\b", path.read_text(encoding="utf-8"))
    ]
    assert users == ["desktop/views/file_dialogs.py"]


ENGLISH = re.compile(r"\b(Look in|Files of type|File name|Open|Save|Cancel|bytes?)\b")


@pytest.fixture
def styled_french_app(qapp: QApplication) -> Iterator[QApplication]:
    from desktop.app import install_translations, load_stylesheet

    translator = install_translations(qapp)
    assert load_stylesheet(qapp)
    yield qapp
    qapp.setStyleSheet("")
    if translator is not None:
        qapp.removeTranslator(translator)


@pytest.mark.parametrize("save", [False, True])
def test_dialog_is_french_and_light(qtbot, styled_french_app, tmp_path: Path, save) -> None:
    (tmp_path / "notes.txt").write_text("x")
    dialog = file_dialogs.make_dialog(
        None, "Enregistrer", tmp_path / "recu.pdf", ["Documents PDF (*.pdf)"], save=save
    )
    qtbot.addWidget(dialog)
    dialog.resize(900, 520)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = [
        w.text()
        for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
        if w.isVisible()
    ]
    assert "Dossier :" in texts and ("Enregistrer" if save else "Ouvrir") in texts
    assert not [t for t in texts if ENGLISH.search(t.replace("&", ""))]
    sidebar = dialog.findChild(QListView, "sidebar")
    assert sidebar is not None and sidebar.isVisible()
    image = sidebar.grab().toImage()
    colour = image.pixelColor(image.width() // 2, image.height() - 8)
    assert colour.lightness() > 200, f"dark sidebar {colour.name()}"


def test_save_adds_the_suffix(qtbot, monkeypatch, tmp_path: Path) -> None:
    def accept(dialog: QFileDialog) -> int:
        dialog.selectFile(str(tmp_path / "copie"))
        return QFileDialog.DialogCode.Accepted

    monkeypatch.setattr(QFileDialog, "exec", accept)
    chosen = file_dialogs.save_file(
        None, "Enregistrer", tmp_path / "x.pdf", ["PDF (*.pdf)"], ".pdf"
    )
    assert chosen == tmp_path / "copie.pdf"
    monkeypatch.setattr(QFileDialog, "exec", lambda dialog: QFileDialog.DialogCode.Rejected)
    assert file_dialogs.open_file(None, "Ouvrir", tmp_path, ["PDF (*.pdf)"]) is None
