"""The last-resort error handler logs to the rotating file and tells the person in French."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.services.errors import ValidationError
from desktop.views.error_handler import ErrorHandler, setup_logging


@pytest.fixture
def handler(tmp_path: Path, monkeypatch):
    log_path = setup_logging(tmp_path / "logs")
    error_handler = ErrorHandler(log_path)
    error_handler.install()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _p, title, text, *a: shown.append(("critical", text))
    )
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text, *a: shown.append(("warning", text))
    )
    error_handler.shown = shown
    yield error_handler
    error_handler.uninstall()
    for existing in list(logging.getLogger().handlers):
        if existing.get_name() == "ressourcerie-file":
            logging.getLogger().removeHandler(existing)
            existing.close()


def _raise(exc: BaseException):
    try:
        raise exc
    except BaseException as caught:
        return type(caught), caught, caught.__traceback__


def test_unexpected_error_is_logged_and_shown(handler) -> None:
    handler.handle_exception(*_raise(RuntimeError("disque plein ?")))
    log = handler.log_path.read_text(encoding="utf-8")
    assert "RuntimeError: disque plein ?" in log
    assert "Traceback" in log
    kind, text = handler.shown[0]
    assert kind == "critical"
    assert text.startswith("Une erreur inattendue s'est produite")
    assert "Vos données enregistrées ne sont pas perdues" in text
    assert f"Le détail a été noté dans le journal : {handler.log_path}" in text


def test_domain_error_shows_its_message(handler) -> None:
    handler.handle_exception(*_raise(ValidationError("Indiquez le nom du lieu.", "site_name")))
    assert handler.shown == [("warning", "Indiquez le nom du lieu.")]


def test_worker_thread_error_reaches_the_gui_thread(qtbot, handler) -> None:
    import sys

    assert sys.excepthook == handler.handle_exception

    def work() -> None:
        raise ValueError("dans un fil de travail")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(handler.shown), timeout=2000)
    assert handler.shown[0][0] == "critical"
    assert "ValueError: dans un fil de travail" in handler.log_path.read_text(encoding="utf-8")


def test_log_file_rotates(tmp_path: Path) -> None:
    path = setup_logging(tmp_path)
    file_handler = next(
        h for h in logging.getLogger().handlers if h.get_name() == "ressourcerie-file"
    )
    try:
        assert (file_handler.maxBytes, file_handler.backupCount) == (1_000_000, 5)
        assert path == tmp_path / "ressourcerie.log"
    finally:
        logging.getLogger().removeHandler(file_handler)
        file_handler.close()


def test_a_real_log_rotates_and_keeps_the_last_files(tmp_path: Path) -> None:
    path = setup_logging(tmp_path, max_bytes=2_000, backup_count=2)
    log = logging.getLogger("desktop.test.rotation")
    try:
        for index in range(200):  # about 20 kB: several rotations
            log.info("ligne %03d %s", index, "x" * 40)
    finally:
        file_handler = next(
            h for h in logging.getLogger().handlers if h.get_name() == "ressourcerie-file"
        )
        logging.getLogger().removeHandler(file_handler)
        file_handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["ressourcerie.log", "ressourcerie.log.1", "ressourcerie.log.2"]
    for file in tmp_path.iterdir():
        assert 0 < file.stat().st_size <= 2_000
    assert "ligne 199" in path.read_text(encoding="utf-8")
    assert "ligne 000" not in "".join(f.read_text(encoding="utf-8") for f in tmp_path.iterdir())
