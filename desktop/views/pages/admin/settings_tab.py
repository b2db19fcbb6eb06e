"""Paramètres › Réglages: a form over the declared settings (desktop.services.settings.SPECS).

Numbers are typed in spin boxes bounded by the spec, choices picked from a drop-down; the
form follows setting changes, whoever made them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services.backend import Backend
from desktop.services.settings import (
    SPECS,
    SettingSpec,
    SettingValue,
    all_settings,
    set_settings,
)
from desktop.views.changes import follow_changes
from desktop.views.forms import ValidatedForm
from desktop.views.operations import run_op
from desktop.vocabulary import EntityKind


def _hint(spec: SettingSpec) -> str:
    if spec.choices:
        default = dict(spec.choices).get(str(spec.default), str(spec.default))
        return f"Par défaut : {default}."
    if spec.minimum is not None and spec.maximum is not None:
        return f"De {spec.minimum} à {spec.maximum} ; par défaut {spec.default}."
    return f"Par défaut : {spec.default}."


def setting_editor(spec: SettingSpec) -> QWidget:
    """The input fitting the setting: a spin box, a drop-down or a line edit."""
    if spec.choices:
        combo = QComboBox()
        for value, label in spec.choices:
            combo.addItem(label, value)
        return combo
    if isinstance(spec.default, int):
        spin = QSpinBox()
        spin.setRange(
            spec.minimum if spec.minimum is not None else 0,
            spec.maximum if spec.maximum is not None else 1_000_000,
        )
        spin.setMaximumWidth(140)
        return spin
    return QLineEdit()


def editor_value(widget: QWidget) -> SettingValue:
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QSpinBox):
        return widget.value()
    assert isinstance(widget, QLineEdit)
    return widget.text()


def set_editor_value(widget: QWidget, value: SettingValue) -> None:
    if isinstance(widget, QComboBox):
        index = widget.findData(value)
        widget.setCurrentIndex(max(index, 0))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value))
    else:
        assert isinstance(widget, QLineEdit)
        widget.setText(str(value))


class SettingsTab(QWidget):
    """The site's settings; saving stores only what changed, in one operation."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self._loaded: dict[str, SettingValue] = {}
        column = QVBoxLayout(self)
        column.setSpacing(12)
        self.form = ValidatedForm()
        self.form.setMaximumWidth(680)
        self.form.layout_.setColumnMinimumWidth(1, 320)
        self.edits: dict[str, QWidget] = {}
        for key, spec in SPECS.items():
            if not spec.on_form:
                continue
            edit = setting_editor(spec)
            self.form.add_field(key, spec.title, edit, hint=_hint(spec))
            self.edits[key] = edit
        self.form.add_general_error()
        column.addWidget(self.form)
        self.save_button = QPushButton("Enregistrer les réglages")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        column.addWidget(self.save_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        column.addWidget(self.notice)
        column.addStretch(1)
        follow_changes(self, backend, {EntityKind.SETTING}, self.refresh)

    def refresh(self) -> None:
        loaded = run_op(
            self, lambda: self.backend.call_anonymous(all_settings), error_target=self.form
        )
        if loaded is None:
            return
        self._loaded = loaded
        for key, edit in self.edits.items():
            set_editor_value(edit, self._loaded.get(key, SPECS[key].default))
        self.form.clear_errors()

    def changed_values(self) -> dict[str, SettingValue]:
        values = {key: editor_value(edit) for key, edit in self.edits.items()}
        return {
            key: value
            for key, value in values.items()
            if str(value).strip() != str(self._loaded.get(key, ""))
        }

    def save(self) -> None:
        self.notice.clear()
        values = self.changed_values()
        if not values:
            self.notice.setText("Aucun changement à enregistrer.")
            return
        run_op(
            self,
            lambda: self.backend.call(set_settings, values),
            backend=self.backend,
            error_target=self.form,
            on_success=lambda _none: self.notice.setText("Réglages enregistrés."),
        )
