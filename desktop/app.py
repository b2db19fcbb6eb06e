"""Composition root of the GUI: Qt application, translations, style, error handling,
database, first run, login and the main window.

Start-up order: the login window is drawn first; the database (SQLAlchemy, migrations) is
opened behind it, and the main window's pages are imported after logging in.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop import APP_NAME, __version__, paths
from desktop.views.error_handler import ErrorHandler, setup_logging
from desktop.views.login_flow import LoginFlow

if TYPE_CHECKING:
    from desktop.services.backend import Backend
    from desktop.services.database import Database
    from desktop.views.main_window import MainWindow

ORGANISATION = "La Ressourcerie"
STYLESHEET = "style.qss"
BASE_POINT_SIZE = 11

logger = logging.getLogger(__name__)


def qt_translations_dir() -> Path | None:
    """Folder holding Qt's own ``qtbase_fr.qm``: in a PyInstaller bundle, else Qt's path."""
    candidates: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates += [
            Path(bundle) / "PySide6" / "translations",
            Path(bundle) / "PySide6" / "Qt" / "translations",
        ]
    candidates.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))
    for folder in candidates:
        if (folder / "qtbase_fr.qm").is_file():
            return folder
    return None


def install_translations(app: QApplication) -> QTranslator | None:
    """French for Qt's own texts (QMessageBox buttons "Annuler", "Oui", context menus…)."""
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    folder = qt_translations_dir()
    if folder is None:
        logger.warning("Qt French translations not found")
        return None
    translator = QTranslator(app)
    if not translator.load("qtbase_fr", str(folder)):
        logger.warning("Could not load qtbase_fr from %s", folder)
        return None
    app.installTranslator(translator)
    return translator


def register_fonts() -> None:
    """Embedded DejaVu Sans: the navigation glyphs look the same on every computer."""
    fonts = paths.resources_dir() / "fonts"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        if (fonts / name).is_file():
            QFontDatabase.addApplicationFont(str(fonts / name))


def load_stylesheet(app: QApplication) -> bool:
    path = paths.resources_dir() / STYLESHEET
    try:
        sheet = path.read_text(encoding="utf-8")
        # url() in a style sheet is relative to the working directory: make it absolute.
        app.setStyleSheet(sheet.replace("@RESOURCES@", paths.resources_dir().as_posix()))
    except OSError:
        logger.warning("Stylesheet not found: %s", path)
        return False
    return True


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with name, organisation, French texts, fonts and style."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANISATION)
    install_translations(app)
    register_fonts()
    font = app.font()
    font.setPointSize(BASE_POINT_SIZE)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)
    load_stylesheet(app)
    return app


def choose_database(database: Database, login_window: QWidget | None = None) -> Database | None:
    """First run when the file holds no site yet: the database to use, or None (quit).
    ``login_window`` (already shown) is hidden while the first-run dialog is up."""
    if database.is_set_up:
        return database
    from desktop.views.first_run import FirstRunDialog

    if login_window is not None:
        login_window.hide()
    dialog = FirstRunDialog(database)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_database is None:
        return None
    if login_window is not None:
        login_window.show()
    return dialog.result_database


def open_backend(db_path: Path, opened: list[Database], parent: QWidget) -> Backend | None:
    """Open the data file (another one or the first run if needed) behind ``parent``; the
    backend, or None when the person quits. Every database opened is added to ``opened``."""
    from desktop.services.backend import Backend
    from desktop.views.startup import open_database_interactive

    database = open_database_interactive(db_path, parent=parent)
    if database is None:
        return None
    opened.append(database)
    chosen = choose_database(database, parent)
    if chosen is None:
        return None
    opened.append(chosen)
    return Backend(chosen)


def run_gui(db_path: Path | None) -> int:
    """Open the application on ``db_path`` (None: the user's default data file)."""
    app = create_application()
    app.setQuitOnLastWindowClosed(False)  # dialogs come and go before the main window
    error_handler = ErrorHandler(setup_logging(paths.log_dir()), parent=app)
    error_handler.install()
    logger.info("%s %s starting", APP_NAME, __version__)
    opened: list[Database] = []
    path = db_path or paths.default_database_path()
    try:
        windows: list[MainWindow] = []
        flow = LoginFlow(None)

        def logged_in() -> None:
            from desktop.views.main_window import MainWindow

            assert flow.backend is not None
            window = MainWindow(flow.backend)
            windows.append(window)
            window.show_on_screen()
            app.setQuitOnLastWindowClosed(True)

        flow.sig_logged_in.connect(logged_in)
        flow.sig_cancelled.connect(app.quit)
        flow.start_opening(lambda window: open_backend(path, opened, window))
        return app.exec()
    finally:
        for database in opened:
            database.close()  # disposing an engine twice is harmless
        error_handler.uninstall()
        logger.info("%s stopped", APP_NAME)
