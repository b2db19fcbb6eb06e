"""Small pieces shared by the cash views: error labels, amount input, French day labels."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from babel.dates import format_date
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import ValidationError
from desktop.services.formatting import LOCALE

PARIS = ZoneInfo("Europe/Paris")
_AMOUNT = re.compile(r"^(\d{1,7})(?:[.,](\d{1,2}))?$")


def paris_today() -> dt.date:
    """Today's date at the reception (Europe/Paris)."""
    return dt.datetime.now(PARIS).date()


def day_label(day: dt.date) -> str:
    """« mar. 24 nov. » — a compact French day for lists."""
    return format_date(day, "EEE d MMM", locale=LOCALE)


def parse_amount(text: str, field: str) -> int:
    """Cents from what a person types: « 12 », « 12,5 », « 12,50 € », « 12.50 »."""
    cleaned = text.replace("€", "").replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    match = _AMOUNT.match(cleaned)
    if match is None:
        raise ValidationError(
            f"« {text.strip()} » n'est pas un montant : écrivez par exemple 12,50.", field
        )
    euros, cents = match.groups()
    return int(euros) * 100 + int((cents or "0").ljust(2, "0"))


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class DateEdit(QDateEdit):
    """A date field where Tab leaves the field (instead of walking day, month, year)."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


def date_edit(day: dt.date) -> QDateEdit:
    """A French date field (jj/mm/aaaa) with a calendar pop-up."""
    edit = DateEdit(to_qdate(day))
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return edit


class ErrorLabel(QLabel):
    """A red, word-wrapped French message that takes no room while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setStyleSheet("color: #b3261e;")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")


def hint_label(text: str = "") -> QLabel:
    """A grey explanatory line (style ``#hint`` of the application)."""
    label = QLabel(text)
    label.setObjectName("hint")
    label.setStyleSheet("color: #5b6770;")
    label.setWordWrap(True)
    return label


def heading_label(text: str, points: float = 1.3, bold: bool = True) -> QLabel:
    """A label whose font is ``points`` times the default size."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * points)
    font.setBold(bold)
    label.setFont(font)
    return label


class FieldErrors:
    """Rows of a QFormLayout, each followed by its own error label, keyed by service field."""

    def __init__(self, form: QFormLayout | None = None) -> None:
        self.form = form
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, ErrorLabel] = {}

    def register(self, field: str, widget: QWidget, error: ErrorLabel) -> None:
        """Errors about ``field`` go to ``error`` (placed by the caller) and focus ``widget``."""
        self.widgets[field] = widget
        self.labels[field] = error

    def add_row(self, field: str, label: str, widget: QWidget) -> None:
        """Add ``widget`` under ``label``; errors about ``field`` will show just below it."""
        error = ErrorLabel()
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        cell.setFocusProxy(widget)
        assert self.form is not None
        self.form.addRow(label, cell)
        self.register(field, widget, error)

    def show(self, error: ValidationError) -> bool:
        """Show the message under its field and focus it; False when the field is not here."""
        field = error.field or ""
        if field not in self.labels:
            return False
        self.labels[field].show_message(error.message)
        self.widgets[field].setFocus()
        return True

    def clear(self) -> None:
        for label in self.labels.values():
            label.clear_message()


def choose(
    parent: QWidget | None,
    title: str,
    text: str,
    answers: tuple[str, ...],
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
    default: int = 0,
) -> int | None:
    """A message box with French buttons; the index of the answer, None if dismissed.

    The last answer is the escape one. Views call it through this module so tests can
    replace it.
    """
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    buttons = [box.addButton(answer, QMessageBox.ButtonRole.ActionRole) for answer in answers]
    box.setDefaultButton(buttons[default])
    box.setEscapeButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None


def confirm(parent: QWidget | None, title: str, text: str, yes: str, no: str = "Annuler") -> bool:
    """Ask before acting; the safe answer (``no``) is the default."""
    return choose(parent, title, text, (yes, no), default=1) == 0


def inform(parent: QWidget | None, title: str, text: str) -> None:
    choose(parent, title, text, ("OK",), icon=QMessageBox.Icon.Information)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    choose(parent, title, text, ("OK",), icon=QMessageBox.Icon.Warning)


class CashDialog(QDialog):
    """A dialog where Enter presses the focused button and never a hidden default one.

    ``enter_moves[field] = button``: Enter in ``field`` moves the focus to ``button``, so a
    second Enter is needed to act.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enter_moves: dict[QWidget, QWidget] = {}

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            focused = self.focusWidget()
            if focused in self.enter_moves:
                self.enter_moves[focused].setFocus()
            elif isinstance(focused, QAbstractButton) and focused.isEnabled():
                focused.click()
            event.accept()
            return
        super().keyPressEvent(event)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 1 reçu », « 3 reçus » (French: 0 and 1 take the singular)."""
    word = singular if count <= 1 else (plural_form or singular + "s")
    return f"{count} {word}"
