"""Small pieces shared by the cash views: field errors, dates, Enter handling."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDateEdit,
    QFormLayout,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.clock import machine_today
from desktop.services.errors import ValidationError
from desktop.services.formatting import LOCALE
from desktop.views.forms import ErrorLabel, ReleasedDialog


def paris_today() -> dt.date:
    """Today's date at the reception (Europe/Paris), as the service layer computes it."""
    return machine_today()


def day_label(day: dt.date) -> str:
    """« mar. 24 nov. » — a compact French day for lists."""
    return format_date(day, "EEE d MMM", locale=LOCALE)


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


def big_label(text: str, points: int, weight: int = 600) -> QLabel:
    """A label in a larger type (a widget style: the application style sheet sets sizes)."""
    label = QLabel(text)
    label.setStyleSheet(f"font-size: {points}pt; font-weight: {weight};")
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


class CashDialog(ReleasedDialog):
    """A dialog where Enter presses the focused button and never a hidden default one.

    ``enter_moves[field] = button``: Enter in ``field`` moves the focus to ``button``, so a
    second Enter is needed to act.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enter_moves: dict[QWidget, QWidget] = {}

    def fit_height(self) -> None:
        """Grow to show every line of word-wrapped labels at the current width."""
        needed = self.heightForWidth(self.width())
        if needed > 0:
            self.setMinimumHeight(needed)
            if needed > self.height():
                self.resize(self.width(), needed)

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


class WrappingDelegate(QStyledItemDelegate):
    """Row heights that fit wrapped text when the style sheet pads table items.

    Qt measures wrapped text on the full column width but paints it inside the padding,
    so the last line would be elided; measure on the padded width instead.
    """

    PADDING = 24  # left + right item padding of the application style sheet, with margin

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        narrower = QStyleOptionViewItem(option)
        rect = QRect(option.rect)
        rect.setWidth(max(rect.width() - self.PADDING, 20))
        narrower.rect = rect
        return super().sizeHint(narrower, index)
