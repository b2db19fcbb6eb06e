"""Building the demo site off the GUI thread, with a progress dialog that can be cancelled.

The worker never touches widgets: it reports through signals, delivered (queued) to the GUI
thread where :class:`DemoBuild` updates the QProgressDialog.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.services.errors import DomainError

logger = logging.getLogger(__name__)
FAILED = "Le site de démonstration n'a pas pu être construit. Le détail a été noté dans le journal."


class DemoBuildWorker(QObject):
    sig_progressed = Signal(int, int, str)  # done, total, French step label
    sig_succeeded = Signal()
    sig_failed = Signal(str)  # French message
    sig_cancelled = Signal()

    def __init__(self, module: ModuleType, path: Path) -> None:
        super().__init__()
        self._module = module
        self._path = path
        self._cancel = threading.Event()

    def request_cancel(self) -> None:
        """Thread-safe: the builder polls it between steps."""
        self._cancel.set()

    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            self._module.build_demo(
                self._path,
                overwrite=True,
                progress=self._report,
                cancelled=self._cancel.is_set,
            )
        except self._module.DemoCancelled:
            self.sig_cancelled.emit()
        except DomainError as error:
            self.sig_failed.emit(error.message)
        except Exception:
            logger.exception("Demo build failed")
            self.sig_failed.emit(FAILED)
        else:
            self.sig_succeeded.emit()

    def _report(self, done: int, total: int, label: str) -> None:
        self.sig_progressed.emit(done, total, label)


class DemoBuild(QObject):
    """One demo build: ``sig_succeeded(path)``, ``sig_failed(message)`` or ``sig_cancelled()``."""

    sig_succeeded = Signal(Path)
    sig_failed = Signal(str)
    sig_cancelled = Signal()

    def __init__(self, module: ModuleType, path: Path, parent_widget: QWidget | None) -> None:
        super().__init__(parent_widget)
        self.path = path
        self.worker = DemoBuildWorker(module, path)
        self.thread_ = QThread()
        self.worker.moveToThread(self.thread_)
        self.thread_.started.connect(self.worker.run)
        self.progress = QProgressDialog(parent_widget)
        self.progress.setWindowTitle("Site de démonstration")
        self.progress.setLabelText("Préparation du site de démonstration…")
        self.progress.setCancelButtonText("Annuler")
        self.progress.setRange(0, 0)
        self.progress.setMinimumDuration(0)
        self.progress.setMinimumWidth(460)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.canceled.connect(self.cancel)
        self.worker.sig_progressed.connect(self._progressed)
        self.worker.sig_succeeded.connect(self._succeeded)
        self.worker.sig_failed.connect(self._failed)
        self.worker.sig_cancelled.connect(self._cancelled)

    @property
    def running(self) -> bool:
        return self.thread_.isRunning()

    def start(self) -> None:
        self.progress.show()
        self.thread_.start()

    def cancel(self) -> None:
        self.worker.request_cancel()
        self.progress.setLabelText("Annulation en cours…")

    def _progressed(self, done: int, total: int, label: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        if label and not self.worker.cancel_requested():
            self.progress.setLabelText(label)

    def _finish(self) -> None:
        self.thread_.quit()
        self.thread_.wait()
        self.progress.canceled.disconnect(self.cancel)
        self.progress.close()
        self.progress.deleteLater()

    def _succeeded(self) -> None:
        self._finish()
        self.sig_succeeded.emit(self.path)

    def _failed(self, message: str) -> None:
        self._finish()
        self.sig_failed.emit(message)

    def _cancelled(self) -> None:
        self._finish()
        self.sig_cancelled.emit()
