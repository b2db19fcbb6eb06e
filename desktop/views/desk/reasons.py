"""The reasons of a visit as toggles, one pre-set by default (Alt+1 … Alt+5 toggle them)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QButtonGroup, QPushButton, QWidget

from desktop.views.desk.flow import FlowLayout
from desktop.vocabulary import VISIT_REASON_LABELS, VisitReason


class ReasonToggles(QWidget):
    """One checkable button per :class:`VisitReason`; at least one stays on."""

    def __init__(self, default: VisitReason = VisitReason.ACTIVITY,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.default = default
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.buttons: dict[VisitReason, QPushButton] = {}
        row = FlowLayout(self, spacing=6)
        for number, reason in enumerate(VisitReason, start=1):
            button = QPushButton(VISIT_REASON_LABELS[reason])
            button.setObjectName("reasonToggle")
            button.setCheckable(True)
            button.setAutoDefault(False)  # Enter in a dialog validates it, never toggles
            button.setAccessibleName(f"Motif : {VISIT_REASON_LABELS[reason]}")
            button.setToolTip(f"Alt+{number}")
            button.toggled.connect(lambda on, r=reason: self._toggled(r, on))
            self.group.addButton(button)
            self.buttons[reason] = button
            row.addWidget(button)
        self.reset()

    def reasons(self) -> tuple[VisitReason, ...]:
        """The reasons switched on, in the vocabulary's order."""
        return tuple(reason for reason, button in self.buttons.items() if button.isChecked())

    def set_reasons(self, reasons: Iterable[VisitReason]) -> None:
        wanted = set(reasons) or {self.default}
        for reason, button in self.buttons.items():
            button.setChecked(reason in wanted)

    def reset(self, default: VisitReason | None = None) -> None:
        """Only the default reason on (``default`` becomes it when given)."""
        if default is not None:
            self.default = default
        self.set_reasons([self.default])

    def toggle(self, index: int) -> None:
        """Switch the ``index``-th reason (0-based) on or off."""
        reasons = list(self.buttons)
        if 0 <= index < len(reasons):
            self.buttons[reasons[index]].toggle()

    def _toggled(self, reason: VisitReason, on: bool) -> None:
        if not on and not self.reasons():  # never none: a visit has a reason
            self.buttons[reason].setChecked(True)
