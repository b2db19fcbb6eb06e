"""The one task runner: work off the GUI thread, reported back on the GUI thread.

``start(work, ...)`` runs ``work(progress)`` on the global QThreadPool. ``progress(done,
total)`` (a :data:`~desktop.services.progress.ProgressCallback`) reports how far it is and
raises :class:`~desktop.services.progress.Cancelled` once :meth:`Task.cancel` was asked.
Results, errors, progress and the end come back as queued Qt signals, so every callback runs
on the GUI thread. The work never touches a widget.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.services.progress import Cancelled

# Tasks still running or with signals not yet delivered: their signal objects must live on.
_running: set[Task] = set()


class TaskSignals(QObject):
    """What a task reports, in this order: progress…, then one outcome, then finished."""

    sig_progress = Signal(int, int, str)
    """``(done, total, label)`` — ``total`` 0 while unknown; ``label`` a French step name
    or ""."""
    sig_succeeded = Signal(object)
    """``(result)`` — what the work returned."""
    sig_failed = Signal(object)
    """``(exception)`` — what the work raised (Cancelled excepted)."""
    sig_cancelled = Signal()
    """The work stopped because :meth:`Task.cancel` was asked."""
    sig_finished = Signal()
    """Always last, whatever the outcome."""


class Task(QRunnable):
    """``work(progress)`` on a worker thread; the outcome comes back as signals."""

    def __init__(self, work: Callable[[Callable[[int, int], None]], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, label: str = "") -> None:
        """Tell the GUI how far the work is (thread-safe, never raises)."""
        self.signals.sig_progress.emit(done, total, label)

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self.report(done, total)

    def run(self) -> None:
        try:
            result = self.work(self._progress)
        except Cancelled:
            self.signals.sig_cancelled.emit()
        except BaseException as error:  # a worker must always report back
            self.signals.sig_failed.emit(error)
        else:
            if self._cancel.is_set():
                self.signals.sig_cancelled.emit()
            else:
                self.signals.sig_succeeded.emit(result)
        finally:
            self.signals.sig_finished.emit()


def start(
    work: Callable[[Callable[[int, int], None]], Any] | Callable[[Task], Any],
    *,
    with_task: bool = False,
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
    on_progress: Callable[[int, int, str], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    """Start ``work(progress)`` in the pool; every callback runs on the GUI thread.

    ``with_task``: ``work`` receives the :class:`Task` itself (``report``, ``cancel_requested``)
    instead of the progress callback, for work that polls for a cancel between steps.
    """
    task = Task(cast(Callable[[Callable[[int, int], None]], Any], work))
    if with_task:
        task_work = cast(Callable[[Task], Any], work)
        task.work = lambda _progress: task_work(task)
    signals = task.signals
    signals.sig_succeeded.connect(on_success)
    signals.sig_failed.connect(on_failure)
    if on_progress is not None:
        signals.sig_progress.connect(on_progress)
    if on_cancelled is not None:
        signals.sig_cancelled.connect(on_cancelled)
    if on_finished is not None:
        signals.sig_finished.connect(on_finished)
    _running.add(task)
    signals.sig_finished.connect(lambda: _running.discard(task))
    (pool or QThreadPool.globalInstance()).start(task)
    return task
