"""Last-resort error handling: log the traceback, tell the person in French, keep running.

``sys.excepthook`` catches what escapes a Qt slot on the GUI thread; ``threading.excepthook``
catches worker threads, whose reports are sent to the GUI thread through a queued signal
(a worker never touches widgets).
"""

from __future__ import annotations

import logging
import sys
import tempfile
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop import APP_NAME
from desktop.services.errors import DomainError

LOG_FILE_NAME = "ressourcerie.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUP_COUNT = 5
_HANDLER_NAME = "ressourcerie-file"

logger = logging.getLogger("desktop.errors")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def setup_logging(
    folder: Path, *, max_bytes: int = LOG_MAX_BYTES, backup_count: int = LOG_BACKUP_COUNT
) -> Path:
    """Log to a rotating file (1 MB × 5) in ``folder``; falls back to the temp folder.

    Calling it again replaces the previous file handler. Returns the log file path.
    """
    handler: RotatingFileHandler | None = None
    for candidate in (folder, Path(tempfile.gettempdir()) / "RessourcerieAccueil"):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(
                candidate / LOG_FILE_NAME,
                maxBytes=max_bytes,
                backupCount=backup_count,
                encoding="utf-8",
            )
            break
        except OSError:
            continue
    root = logging.getLogger()
    for existing in list(root.handlers):
        if existing.get_name() == _HANDLER_NAME:
            root.removeHandler(existing)
            existing.close()
    if handler is None:  # nowhere writable: keep going, stderr only
        return folder / LOG_FILE_NAME
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return Path(handler.baseFilename)


def unexpected_error_text(log_path: Path) -> str:
    return (
        "Une erreur inattendue s'est produite et l'action en cours n'a pas abouti.\n\n"
        "Vos données enregistrées ne sont pas perdues : vous pouvez continuer à travailler. "
        "Si le problème se répète, prévenez l'administration.\n\n"
        f"Le détail a été noté dans le journal : {log_path}"
    )


class ErrorHandler(QObject):
    """Installed once by the composition root; create it on the GUI thread."""

    _error_from_thread = Signal(object)

    def __init__(self, log_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self._showing = False
        self._previous: tuple[object, object] | None = None
        self._error_from_thread.connect(self._report_queued)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle_exception
        threading.excepthook = self._handle_thread_exception

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    def handle_exception(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if QThread.currentThread() is not self.thread():
            self._error_from_thread.emit((exc_type, exc, tb))
            return
        self.report((exc_type, exc, tb))

    def _handle_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle_exception(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(object)
    def _report_queued(self, info: ExcInfo) -> None:
        self.report(info)

    def report(self, info: ExcInfo) -> None:
        """Log and show one error (GUI thread only)."""
        exc_type, exc, tb = info
        if isinstance(exc, DomainError):
            logger.info("Erreur signalée à l'utilisateur : %s", exc.message)
            self._show(QMessageBox.Icon.Warning, exc.message)
            return
        logger.error(
            "Erreur inattendue\n%s", "".join(traceback.format_exception(exc_type, exc, tb))
        )
        for handler in logging.getLogger().handlers:
            handler.flush()
        self._show(QMessageBox.Icon.Critical, unexpected_error_text(self.log_path))

    def _show(self, icon: QMessageBox.Icon, text: str) -> None:
        if self._showing:  # an error while the box is open: logged, not stacked
            return
        self._showing = True
        try:
            parent: QWidget | None = QApplication.activeWindow()
            if icon is QMessageBox.Icon.Critical:
                QMessageBox.critical(parent, f"{APP_NAME} — erreur", text)
            else:
                QMessageBox.warning(parent, APP_NAME, text)
        finally:
            self._showing = False
