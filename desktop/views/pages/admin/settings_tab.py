"""Paramètres › Réglages: a form over the declared settings (desktop.services.settings.SPECS)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.services.backend import Backend
from desktop.services.settings import (
    SPECS,
    SettingSpec,
    SettingValue,
    all_settings,
    set_settings,
)
from desktop.views.forms import ValidatedForm, run_guarded


def _hint(spec: SettingSpec) -> str:
    if spec.minimum is not None and spec.maximum is not None:
        return f"De {spec.minimum} à {spec.maximum} ; par défaut {spec.default}."
    return f"Par défaut : {spec.default}."


class SettingsTab(QWidget):
    """``saved``: settings were stored (the main window re-reads what it uses)."""

    saved = Signal()

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self._loaded: dict[str, SettingValue] = {}
        column = QVBoxLayout(self)
        column.setSpacing(12)
        self.form = ValidatedForm()
        self.form.setMaximumWidth(680)
        self.edits: dict[str, QLineEdit] = {}
        for key, spec in SPECS.items():
            edit = QLineEdit()
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

    def refresh(self) -> None:
        self._loaded = self.backend.call_anonymous(all_settings)
        for key, edit in self.edits.items():
            edit.setText(str(self._loaded.get(key, "")))
        self.form.clear_errors()

    def changed_values(self) -> dict[str, str]:
        return {
            key: edit.text()
            for key, edit in self.edits.items()
            if edit.text().strip() != str(self._loaded.get(key, ""))
        }

    def save(self) -> None:
        self.notice.clear()
        values = self.changed_values()
        if not values:
            self.notice.setText("Aucun changement à enregistrer.")
            return
        if run_guarded(self.form, lambda: self.backend.call(set_settings, values)):
            self.refresh()
            self.notice.setText("Réglages enregistrés.")
            self.saved.emit()
