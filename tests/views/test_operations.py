"""The operation helper: errors in the right place, result first, then the change signal."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from desktop.services.errors import DomainError, ValidationError
from desktop.services.settings import set_settings
from desktop.views import messages
from desktop.views.changes import change_bridge
from desktop.views.forms import ErrorLabel, ValidatedForm
from desktop.views.operations import run_op, run_task
from desktop.vocabulary import EntityKind


def _refuse(error: DomainError):
    def work(*_args):
        raise error

    return work


def test_a_validation_error_goes_under_its_field_and_a_domain_error_to_a_box(qtbot, monkeypatch):
    form = ValidatedForm()
    qtbot.addWidget(form)
    form.add_field("amount", "Montant", QLineEdit())
    form.add_general_error()
    assert (
        run_op(None, _refuse(ValidationError("Montant négatif.", "amount")), error_target=form)
        is None
    )
    assert form.error_text("amount") == "Montant négatif." and form.error_text() == ""
    assert run_op(None, lambda: 3, error_target=form) == 3
    assert form.error_text("amount") == ""  # cleared by the next operation

    boxes: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda _parent, text, **_k: boxes.append(text))
    run_op(None, _refuse(DomainError("Refusé.")))
    assert boxes == ["Refusé."]


def test_the_result_callback_runs_before_the_change_signal(qtbot, admin_backend):
    order: list[str] = []
    change_bridge(admin_backend).sig_changes.connect(
        lambda changes: order.append(f"changes:{sorted(changes.kinds)}")
    )
    run_op(
        None,
        lambda: admin_backend.call(set_settings, {"idle_lock_minutes": 7}),
        backend=admin_backend,
        on_success=lambda _none: order.append("success"),
    )
    assert order[0] == "success"
    assert EntityKind.SETTING in order[1]


def test_background_failures_come_back_to_the_gui_thread(qtbot):
    label = ErrorLabel()
    qtbot.addWidget(label)
    finished: list[bool] = []
    run_task(
        None,
        _refuse(ValidationError("Fichier introuvable.")),
        error_target=label,
        on_finished=lambda: finished.append(True),
    )
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    assert label.text() == "Fichier introuvable."
