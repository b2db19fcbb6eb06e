"""Choose the period of the accountant's export (default: the current month so far)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.views.cash.common import CashDialog, date_edit, from_qdate, paris_today
from desktop.views.forms import hint_label


class ExportDialog(CashDialog):
    """Two dates, inclusive; ``period()`` after Accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Exporter les reçus")
        today = paris_today()
        self.from_edit = date_edit(today.replace(day=1))
        self.to_edit = date_edit(today)
        form = QFormLayout()
        form.addRow("&Du", self.from_edit)
        form.addRow("&Au (inclus)", self.to_edit)
        self.ok_button = QPushButton("&Choisir le fichier…")
        self.cancel_button = QPushButton("Annuler")
        for button in (self.ok_button, self.cancel_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                "Fichier CSV pour la comptabilité : un reçu et ses lignes par ligne, "
                "séparateur « ; », virgule décimale, encodage UTF-8."
            )
        )
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.ok_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.resize(460, 10)
        self.fit_height()
        self.from_edit.setFocus()

    def period(self) -> tuple[dt.date, dt.date]:
        return from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())
