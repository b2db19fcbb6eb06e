"""Building the demo site in the task runner, with a progress dialog that can be cancelled.

The work never touches widgets: it reports through the task's signals, delivered (queued) to
the GUI thread where :class:`DemoBuild` updates the QProgressDialog.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.services.errors import DomainError
from desktop.services.progress import Cancelled
from desktop.views import tasks

logger = logging.getLogger(__name__)
FAILED = "Le site de démonstration n'a pas pu être construit. Le détail a été noté dans le journal."


class DemoBuild(QObject):
    """One demo build, started by :meth:`start`."""

    sig_succeeded = Signal(Path)
    """``(path)`` — the demo file is built."""
    sig_failed = Signal(str)
    """``(message)`` — French, shown as is."""
    sig_cancelled = Signal()
    """``()`` — the person cancelled the build."""

    def __init__(self, module: ModuleType, path: Path, parent_widget: QWidget | None) -> None:
        super().__init__(parent_widget)
        self.path = path
        self._module = module
        self.task: tasks.Task | None = None
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

    def start(self) -> None:
        self.progress.show()
        self.task = tasks.start(
            self._build,
            with_task=True,
            on_success=lambda _none: self._succeeded(),
            on_failure=self._failed,
            on_progress=self._progressed,
            on_cancelled=self._cancelled,
        )

    def _build(self, task: tasks.Task) -> None:
        """On the worker thread: the builder polls ``cancel_requested`` between steps."""
        try:
            self._module.build_demo(
                self.path,
                overwrite=True,
                progress=task.report,
                cancelled=lambda: task.cancel_requested,
            )
        except self._module.DemoCancelled:
            raise Cancelled from None

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self.progress.setLabelText("Annulation en cours…")

    def _progressed(self, done: int, total: int, label: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        if label and not (self.task is not None and self.task.cancel_requested):
            self.progress.setLabelText(label)

    def _finish(self) -> None:
        self.task = None
        self.progress.canceled.disconnect(self.cancel)
        self.progress.close()
        self.progress.deleteLater()

    def _succeeded(self) -> None:
        self._finish()
        self.sig_succeeded.emit(self.path)

    def _failed(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, DomainError):
            self.sig_failed.emit(error.message)
            return
        logger.error("Demo build failed", exc_info=error)
        self.sig_failed.emit(FAILED)

    def _cancelled(self) -> None:
        self._finish()
        self.sig_cancelled.emit()
