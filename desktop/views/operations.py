"""The one way a view runs a user action, and the one way it opens a dialog.

``run_op(parent, work, ...)`` calls ``work`` (usually ``lambda: backend.call(service, …)``):

- a :class:`DomainError` is shown in French where it belongs: under the field it names in
  ``error_target`` (anything with ``show_error(error)``: a ValidatedForm, a line form…), in
  an ErrorLabel, or else in a message box (desktop/views/messages.py);
- ``on_success(result)`` runs on the GUI thread, *then* the change signal
  (desktop/views/changes.py) carries what the operation wrote;
- ``run_task(parent, work, ...)`` runs ``work(progress)`` in the task runner
  (desktop/views/tasks.py) with a progress dialog (``progress_label``) that may be
  cancelled (``cancellable``); the work reports through ``progress(done, total)`` and
  never touches a widget.

Dialogs: every dialog is opened with :func:`open_dialog` (``QDialog.open()``: window-modal,
no nested event loop) and its outcome handled in callbacks. ``exec()`` is kept only where
the code needs the answer before it goes on and nothing else may happen meanwhile: the
message boxes of desktop/views/messages.py, the file pickers of desktop/views/file_dialogs.py
(they return the chosen path), the system print dialog of the PDF preview, and the first-run
wizard shown before the main window exists (desktop/app.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from desktop.services.errors import DomainError
from desktop.services.progress import ProgressCallback
from desktop.views import messages, tasks
from desktop.views.forms import ErrorLabel

if TYPE_CHECKING:  # the backend pulls in SQLAlchemy: the login window is drawn without it
    from desktop.services.backend import Backend
    from desktop.services.changes import Changes

log = logging.getLogger(__name__)
R = TypeVar("R")


class Shows(Protocol):
    def show_error(self, error: DomainError) -> None: ...


# Where an operation's DomainError goes: a form (under the field it names), a label, or a
# function of the error.
ErrorTarget = Shows | ErrorLabel | Callable[[DomainError], None]


def show_domain_error(
    parent: QWidget | None, error: DomainError, target: ErrorTarget | None
) -> None:
    """Show ``error`` in ``target`` (its field, or its general place), else in a box."""
    if isinstance(target, ErrorLabel):
        target.show_message(error.message)
    elif hasattr(target, "show_error"):
        target.show_error(error)  # type: ignore[union-attr]
    elif target is not None:
        target(error)
    else:
        messages.warn(parent, error.message)


def _clear(target: object) -> None:
    if isinstance(target, ErrorLabel):
        target.clear_message()
    elif hasattr(target, "clear_errors"):
        target.clear_errors()


def _failure_text(error: BaseException) -> str | None:
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, OSError):
        return f"Impossible d'écrire le fichier : {error.strerror or error}"
    return None


def run_op(
    parent: QWidget | None,
    work: Callable[[], R],
    *,
    backend: Backend | None = None,
    on_success: Callable[[R], None] | None = None,
    on_failure: Callable[[DomainError], None] | None = None,
    error_target: ErrorTarget | None = None,
    on_finished: Callable[[], None] | None = None,
) -> R | None:
    """Run one user action on the GUI thread (see the module docstring): the result, or
    None when it failed. ``backend`` (when the work goes through one) holds its change
    signal back until ``on_success`` has run."""
    _clear(error_target)
    try:
        result, changes = _collected(backend, work)
    except DomainError as error:
        _failed(parent, error, error_target, on_failure, backend)
        return None
    finally:
        if on_finished is not None:
            on_finished()
    if on_success is not None:
        on_success(result)
    if backend is not None and changes:
        backend.publish(changes)
    return result


def run_task(
    parent: QWidget | None,
    work: Callable[[ProgressCallback], R],
    *,
    backend: Backend | None = None,
    on_success: Callable[[R], None] | None = None,
    on_failure: Callable[[DomainError], None] | None = None,
    error_target: ErrorTarget | None = None,
    progress_label: str = "",
    cancellable: bool = False,
    on_finished: Callable[[], None] | None = None,
) -> tasks.Task:
    """Run one long user action in the task runner (see the module docstring): ``work``
    receives ``progress(done, total)``; the started :class:`tasks.Task` is returned."""
    _clear(error_target)
    return _run_background(
        parent, work, backend, on_success, on_failure, error_target,
        progress_label, cancellable, on_finished,
    )  # fmt: skip


def _collected(backend: Backend | None, work: Callable[[], R]) -> tuple[R, Changes | None]:
    """``work()`` and the changes it caused, held back; on failure they go out at once."""
    if backend is None:
        return work(), None
    try:
        with backend.collecting() as collector:
            result = work()
    except BaseException:
        if collector.changes:  # what was seen meanwhile is still news
            backend.publish(collector.changes)
        raise
    return result, collector.changes


def _failed(
    parent: QWidget | None,
    error: DomainError,
    target: ErrorTarget | None,
    on_failure: Callable[[DomainError], None] | None,
    backend: Backend | None,
) -> None:
    if backend is not None:
        backend.poll()  # a refused call may still have committed something
    show_domain_error(parent, error, target)
    if on_failure is not None:
        on_failure(error)


def _run_background(
    parent: QWidget | None,
    work: Callable[..., Any],
    backend: Backend | None,
    on_success: Callable[[Any], None] | None,
    on_failure: Callable[[DomainError], None] | None,
    target: ErrorTarget | None,
    progress_label: str,
    cancellable: bool,
    on_finished: Callable[[], None] | None,
) -> tasks.Task:
    dialog: QProgressDialog | None = None

    def job(progress: Callable[[int, int], None]) -> tuple[Any, Any]:
        return _collected(backend, lambda: work(progress))

    def succeeded(outcome: tuple[Any, Any]) -> None:
        result, changes = outcome
        if on_success is not None:
            on_success(result)
        if backend is not None and changes:
            backend.publish(changes)

    def failed(error: BaseException) -> None:
        text = _failure_text(error)
        if text is None:
            log.error("background operation failed", exc_info=error)
            text = f"Erreur inattendue : {error}"
        domain = error if isinstance(error, DomainError) else DomainError(text)
        _failed(parent, domain, target, on_failure, backend)

    def progressed(done: int, total: int, _label: str) -> None:
        if dialog is not None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)

    def finished() -> None:
        if dialog is not None:
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()
        if on_finished is not None:
            on_finished()

    task = tasks.start(
        job,
        on_success=succeeded,
        on_failure=failed,
        on_progress=progressed,
        on_finished=finished,
    )
    if progress_label:
        dialog = QProgressDialog(progress_label, "Annuler" if cancellable else "", 0, 0, parent)
        dialog.setWindowTitle("Veuillez patienter")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        if cancellable:
            dialog.canceled.connect(task.cancel)
        else:
            dialog.setCancelButton(None)
        task.progress_dialog = dialog  # type: ignore[attr-defined]
    return task


def open_dialog(
    dialog: QDialog,
    *,
    on_accepted: Callable[[], None] | None = None,
    on_finished: Callable[[int], None] | None = None,
) -> QDialog:
    """Open ``dialog`` window-modal (``open()``); callbacks run when it closes, then it is
    deleted. The one way the application opens a dialog."""

    def finished(code: int) -> None:
        if code == QDialog.DialogCode.Accepted and on_accepted is not None:
            on_accepted()
        if on_finished is not None:
            on_finished(code)
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()
    return dialog
