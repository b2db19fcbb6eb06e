"""Run long service work (a big export) off the GUI thread.

A :class:`Task` runs a function on the global QThreadPool and reports through Qt signals,
which are delivered in the GUI thread. The function never touches a widget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.services.errors import DomainError

log = logging.getLogger(__name__)
# Tasks still running or with signals not yet delivered: their signal objects must live on.
_running: set[Task] = set()


class TaskSignals(QObject):
    """``succeeded(result)`` or ``failed(french_message)``, then ``finished()``."""

    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()


class Task(QRunnable):
    """``function(*args)`` on a worker thread; results come back as signals."""

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.function = function
        self.args = args
        self.signals = TaskSignals()

    def run(self) -> None:
        try:
            result = self.function(*self.args)
        except DomainError as error:
            self.signals.failed.emit(error.message)
        except OSError as error:
            self.signals.failed.emit(f"Impossible d'écrire le fichier : {error.strerror or error}")
        except Exception as error:  # a worker must always report back
            log.exception("background task failed")
            self.signals.failed.emit(f"Erreur inattendue : {error}")
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


def start(
    function: Callable[..., Any],
    *args: Any,
    on_success: Callable[[Any], None],
    on_failure: Callable[[str], None],
    on_finished: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    """Start ``function(*args)`` in the pool; callbacks run in the GUI thread."""
    task = Task(function, *args)
    task.signals.succeeded.connect(on_success)
    task.signals.failed.connect(on_failure)
    if on_finished is not None:
        task.signals.finished.connect(on_finished)
    task.setAutoDelete(False)
    _running.add(task)
    task.signals.finished.connect(lambda: _running.discard(task))
    (pool or QThreadPool.globalInstance()).start(task)
    return task
