"""« Tarif réduit… »: record a staff decision that a person pays the reduced price."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QWidget

from desktop.services.backend import Backend
from desktop.services.cash.reductions import ReducedPriceInfo, record_reduced_price
from desktop.services.people import PersonSummary
from desktop.views.cash.common import date_edit, from_qdate, paris_today
from desktop.views.forms import FormDialog


class UntilField(QWidget):
    """An optional end date: a check box « jusqu'au » enabling a date field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox("jusqu'au")
        self.date = date_edit(paris_today() + dt.timedelta(days=365))
        self.date.setEnabled(False)
        self.check.toggled.connect(self.date.setEnabled)
        row.addWidget(self.check)
        row.addWidget(self.date)
        row.addStretch(1)
        self.setFocusProxy(self.check)

    def value(self) -> dt.date | None:
        return from_qdate(self.date.date()) if self.check.isChecked() else None


class ReducedPriceDialog(FormDialog):
    """Reason (required) and optional end date; ``decision`` holds what was recorded."""

    def __init__(
        self, backend: Backend, person: PersonSummary, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            f"Tarif réduit pour {person.full_name}",
            ok_text="Accorder le tarif réduit",
            intro="La décision est enregistrée avec votre nom, la date et le motif.",
            parent=parent,
        )
        self.backend = backend
        self.person = person
        self.decision: ReducedPriceInfo | None = None
        self.reason = self.form.add_field("reason", "Motif", QLineEdit())
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText("ex. : demandeur d'emploi, étudiant…")
        self.until = self.form.add_field(
            "valid_until", "Fin (facultative)", UntilField(), hint="Sans date : sans limite."
        )
        self.form.add_general_error()
        self.reason.setFocus()

    def submit(self) -> None:
        self.decision = self.backend.call(
            record_reduced_price, self.person.id, self.reason.text(), self.until.value()
        )
