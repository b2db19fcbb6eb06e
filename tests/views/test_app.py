"""Composition root pieces: Qt's French translations, the stylesheet, opening the database."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import app as app_module
from desktop.app import install_translations, load_stylesheet, qt_translations_dir
from desktop.services.setup import site_info
from desktop.views import messages
from desktop.views.login import LoginDialog
from desktop.views.main_window import MainWindow
from desktop.views.startup import CHOOSE, QUIT, open_database_interactive
from tests.conftest import ADMIN_PASSWORD


def test_translations_found_in_qt_or_in_a_bundle(tmp_path: Path, monkeypatch) -> None:
    folder = qt_translations_dir()
    assert folder is not None and (folder / "qtbase_fr.qm").is_file()
    bundled = tmp_path / "PySide6" / "translations"
    bundled.mkdir(parents=True)
    (bundled / "qtbase_fr.qm").write_bytes((folder / "qtbase_fr.qm").read_bytes())
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert qt_translations_dir() == bundled


def test_qt_buttons_read_french(qapp) -> None:
    translator = install_translations(qapp)
    assert translator is not None
    try:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
        box = QMessageBox(QMessageBox.Icon.Question, "Question", "Continuer ?", buttons)
        assert box.button(QMessageBox.StandardButton.Cancel).text() == "Annuler"
        assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Oui"
        box.deleteLater()
    finally:
        qapp.removeTranslator(translator)


def test_stylesheet_loads(qapp) -> None:
    before = qapp.styleSheet()
    try:
        assert load_stylesheet(qapp)
        assert "#sidebar" in qapp.styleSheet()
    finally:
        qapp.setStyleSheet(before)


def test_unreadable_file_offers_another_or_quitting(tmp_path: Path, db, monkeypatch) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_bytes(b"pas une base de donnees" * 10)
    before = bad.read_bytes()
    offered: list[tuple[str, list[str]]] = []
    answers = iter([0, 1])

    def choose(_parent, text, choices, **_kw):
        offered.append((text, list(choices)))
        return next(answers)

    monkeypatch.setattr(messages, "choose", choose)
    assert open_database_interactive(bad, choose_file=lambda _p: None) is None
    assert offered[0][1] == [CHOOSE, QUIT]
    assert "n'est pas un fichier de données de Ressourcerie Accueil" in offered[0][0]
    assert bad.read_bytes() == before  # nothing changed on disk

    monkeypatch.setattr(messages, "choose", lambda *_a, **_kw: 0)
    opened = open_database_interactive(bad, choose_file=lambda _p: db.path)
    assert opened is not None and site_info(opened).name == "La Ressourcerie"
    opened.close()


def test_run_gui_quits_cleanly_when_the_file_is_refused(tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_bytes(b"x" * 100)
    monkeypatch.setattr(messages, "choose", lambda *_a, **_kw: 1)  # "Quitter"
    monkeypatch.setattr(app_module, "load_stylesheet", lambda _app: True)
    monkeypatch.setattr(app_module, "install_translations", lambda _app: None)
    excepthook = sys.excepthook
    assert app_module.run_gui(bad) == 0
    assert sys.excepthook is excepthook


def test_run_gui_logs_in_then_shows_the_main_window(db, monkeypatch) -> None:
    monkeypatch.setattr(app_module, "load_stylesheet", lambda _app: True)
    monkeypatch.setattr(app_module, "install_translations", lambda _app: None)
    seen: list[str] = []

    def drive() -> None:
        modal = QApplication.activeModalWidget()
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if isinstance(modal, LoginDialog) and modal.is_ready and not seen:  # file opened
            seen.append("login")
            modal.username.setText("admin")
            modal.password.setText(ADMIN_PASSWORD)
            modal.login_button.click()
        elif windows and windows[0].isVisible():
            seen.append(windows[0].windowTitle())
            windows[0].close()  # the last window: the application ends
            return
        QTimer.singleShot(20, drive)

    QTimer.singleShot(20, drive)
    assert app_module.run_gui(db.path) == 0
    assert seen == ["login", "Ressourcerie Accueil — La Ressourcerie"]
