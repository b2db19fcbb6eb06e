"""Start-up: the login window is drawn before the database is opened, with nothing heavy
imported yet; the main window's pages and the PDF machinery load when first needed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop import app as app_module
from desktop.__main__ import gui_database
from desktop.views.login import LoginDialog

HEAVY = ("sqlalchemy", "alembic", "reportlab", "PySide6.QtPdf", "argon2", "desktop.cli")


def test_login_window_is_drawn_before_the_database_opens(db, monkeypatch) -> None:
    monkeypatch.setattr(app_module, "load_stylesheet", lambda _app: True)
    monkeypatch.setattr(app_module, "install_translations", lambda _app: None)
    seen: list[str] = []
    from desktop.views import startup

    real_open = startup.open_database_interactive

    def opening(path, **kwargs):
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog)]
        seen.append(
            "login drawn, not ready"
            if dialogs and dialogs[0].isVisible() and not dialogs[0].is_ready
            and not dialogs[0].login_button.isEnabled()
            else "no login window"
        )
        database = real_open(path, **kwargs)
        QTimer.singleShot(0, check_ready)
        return database

    def check_ready() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LoginDialog)
        seen.append(f"ready {dialog.is_ready} {dialog.login_button.isEnabled()}")
        dialog.reject()  # "Quitter"

    monkeypatch.setattr(startup, "open_database_interactive", opening)
    assert app_module.run_gui(db.path) == 0
    assert seen == ["login drawn, not ready", "ready True True"]


def test_enter_before_the_database_is_open_does_nothing(qtbot) -> None:
    dialog = LoginDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("admin")
    dialog.accept()
    assert dialog.isVisible() and not dialog.is_ready
    assert dialog.status.isVisible() and not dialog.login_button.isEnabled()


def test_only_the_bare_gui_command_line_skips_the_parser() -> None:
    assert gui_database([]) == (True, None)
    assert gui_database(["--db", "a.sqlite3"]) == (True, Path("a.sqlite3"))
    assert gui_database(["--db=a.sqlite3"]) == (True, Path("a.sqlite3"))
    for argv in (["check"], ["--db", "a", "check"], ["--help"], ["--version"], ["--db"]):
        assert gui_database(argv)[0] is False


def test_nothing_heavy_is_imported_before_the_login_window_shows(db) -> None:
    """A fresh interpreter: the real entry point, looked at once the login window is drawn."""
    script = textwrap.dedent(
        f"""
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        app = QApplication(sys.argv)
        def look():
            from desktop.views.login import LoginDialog
            if not any(isinstance(w, LoginDialog) and w.isVisible()
                       for w in QApplication.topLevelWidgets()):
                QTimer.singleShot(1, look)
                return
            heavy = [m for m in {HEAVY!r} if m in sys.modules]
            print("HEAVY", heavy, flush=True)
            import os
            os._exit(0)
        QTimer.singleShot(0, look)
        from desktop.__main__ import main
        main(["--db", {str(db.path)!r}])
        """
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr


def test_main_window_pages_do_not_import_the_pdf_machinery(db) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from PySide6.QtWidgets import QApplication
        app = QApplication(sys.argv)
        from desktop.services.backend import Backend
        from desktop.services.database import open_database
        from desktop.views.main_window import MainWindow
        backend = Backend(open_database(__import__("pathlib").Path({str(db.path)!r})))
        backend.login("admin", {__import__("tests.conftest").conftest.ADMIN_PASSWORD!r})
        window = MainWindow(backend)
        assert window.page("caisse") is not None
        print("HEAVY", [m for m in ("reportlab", "PySide6.QtPdf") if m in sys.modules])
        """
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr


def test_first_run_replaces_the_login_window_then_quitting_ends(tmp_path, monkeypatch) -> None:
    """A file with no site yet: the first-run dialog shows instead of the login window."""
    from desktop.views import first_run

    monkeypatch.setattr(app_module, "load_stylesheet", lambda _app: True)
    monkeypatch.setattr(app_module, "install_translations", lambda _app: None)
    seen: list[str] = []

    class FirstRun:  # stands for the wizard: its own tests are in test_first_run.py
        result_database = None

        def __init__(self, database) -> None:
            seen.append(f"first run on {database.path.name}")

        def exec(self) -> int:
            logins = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog)]
            seen.append("login hidden" if logins and logins[0].isHidden() else "login shown")
            return 0  # "Quitter"

    monkeypatch.setattr(first_run, "FirstRunDialog", FirstRun)
    assert app_module.run_gui(tmp_path / "nouveau.sqlite3") == 0
    assert seen == ["first run on nouveau.sqlite3", "login hidden"]


def test_an_unexpected_error_while_opening_ends_the_start(db, monkeypatch) -> None:
    """Reported by the error handler, then the application quits (no login window left
    waiting for a database that will never open)."""
    from desktop.views import startup

    monkeypatch.setattr(app_module, "load_stylesheet", lambda _app: True)
    monkeypatch.setattr(app_module, "install_translations", lambda _app: None)
    reported: list[str] = []

    def broken(_path, **_kwargs):
        raise OSError("disque débranché")

    monkeypatch.setattr(startup, "open_database_interactive", broken)
    monkeypatch.setattr(
        app_module.ErrorHandler, "report", lambda _self, info: reported.append(str(info[1]))
    )
    assert app_module.run_gui(db.path) == 0
    assert reported == ["disque débranché"]
    logins = [w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog)]
    assert not [w for w in logins if w.isVisible()]
