"""Forms that show each French validation message next to the field it concerns.

A service raises ``ValidationError(message, field)``; :meth:`ValidatedForm.show_error` puts the
message under the widget registered for ``field`` (or under the form when the field is unknown)
and gives that widget the focus. What was typed is never cleared.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.errors import DomainError, ValidationError, ValidationErrors

W = TypeVar("W", bound=QWidget)
MESSAGE_MAX_CHARS = 400  # a message quoting what was pasted stays readable
UNBROKEN_MAX_CHARS = 40  # longer runs without a space get break opportunities


def wrappable(text: str) -> str:
    """``text`` shortened to MESSAGE_MAX_CHARS, with a zero-width space every
    UNBROKEN_MAX_CHARS characters of any longer word, so that word wrap can always break it
    (a 5,000-character pasted word would otherwise set the window's minimum width)."""
    if len(text) > MESSAGE_MAX_CHARS:
        text = text[: MESSAGE_MAX_CHARS - 1] + "…"
    words = []
    for word in text.split(" "):
        pieces = range(0, len(word), UNBROKEN_MAX_CHARS)
        words.append("\u200b".join(word[i : i + UNBROKEN_MAX_CHARS] for i in pieces))
    return " ".join(words)


class ErrorLabel(QLabel):
    """A red, word-wrapped message. While empty it is hidden but keeps one line of room, so
    a message appearing does not move the fields below it (longer ones wrap onto more)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.hide()

    def _line(self) -> int:
        return self.fontMetrics().height()

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(QSize(0, self._line()))

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint().expandedTo(QSize(0, self._line()))

    def heightForWidth(self, width: int) -> int:
        return max(super().heightForWidth(width), self._line())

    def show_message(self, text: str) -> None:
        self.setText(wrappable(text))
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


def password_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class ValidatedForm(QWidget):
    """Labelled rows, each with an optional hint and an error label, plus a general error.

    A QGridLayout (not QFormLayout, whose height-for-width cache misses error labels shown
    later, making rows overlap inside a scroll area).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QGridLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setHorizontalSpacing(14)
        self.layout_.setVerticalSpacing(4)
        self.layout_.setColumnStretch(1, 1)
        self.general_error = ErrorLabel()
        self._fields: dict[str, tuple[QWidget, ErrorLabel]] = {}
        self._row = 0

    def _next_row(self) -> int:
        row = self._row
        self._row += 1
        return row

    def add_section(self, title: str) -> None:
        label = QLabel(title)
        label.setObjectName("sectionTitle")
        self.layout_.addWidget(label, self._next_row(), 0, 1, 2)

    def add_field(self, field: str, label: str, widget: W, hint: str = "") -> W:
        """Add one labelled input; ``field`` is the name services use in ValidationError."""
        caption = QLabel(label)
        caption.setBuddy(widget)
        tall = widget.sizeHint().height() > 60
        vertical = Qt.AlignmentFlag.AlignTop if tall else Qt.AlignmentFlag.AlignVCenter
        row = self._next_row()
        self.layout_.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignRight | vertical)
        self.layout_.addWidget(widget, row, 1)
        if hint:
            self.layout_.addWidget(hint_label(hint), self._next_row(), 1)
        error = ErrorLabel()  # its reserved line is the room between two fields
        self.layout_.addWidget(error, self._next_row(), 1)
        self._fields[field] = (widget, error)
        return widget

    def add_general_error(self) -> None:
        """Place the label for errors that concern no single field (call once, last)."""
        self.layout_.addWidget(self.general_error, self._next_row(), 0, 1, 2)

    def widget(self, field: str) -> QWidget:
        return self._fields[field][0]

    def error_text(self, field: str | None = None) -> str:
        """The message currently shown for ``field`` (None: the general one)."""
        label = self.general_error if field is None else self._fields[field][1]
        return "" if label.isHidden() else label.text()

    def clear_errors(self) -> None:
        self.general_error.clear_message()
        for _widget, error in self._fields.values():
            error.clear_message()

    def show_message(self, field: str | None, message: str) -> None:
        entry = self._fields.get(field) if field else None
        if entry is None:
            self.general_error.show_message(message)
            return
        widget, error = entry
        error.show_message(message)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_error(self, error: DomainError) -> None:
        """Every message of ``error`` under its field (all at once); the first gets focus."""
        errors = error.errors if isinstance(error, ValidationErrors) else [error]
        for each in reversed(errors):  # the focus ends on the first one
            field = each.field if isinstance(each, ValidationError) else None
            self.show_message(field, each.message)


class ReleasedDialog(QDialog):
    """A dialog that lets go of what it holds once closed (memory stays flat)."""

    def done(self, result: int) -> None:
        """Close. A dialog with a parent would live as long as the parent: it is deleted once
        control returns to the event loop (read its results in a slot of ``finished`` or
        right after ``exec()``); without one, Python frees it with its last reference."""
        super().done(result)
        if self.parent() is not None:
            self.deleteLater()


class FormDialog(ReleasedDialog):
    """A dialog around a ValidatedForm: OK runs :meth:`submit`; a DomainError keeps it open."""

    def __init__(
        self,
        title: str,
        *,
        ok_text: str = "Enregistrer",
        cancel_text: str = "Annuler",
        intro: str = "",
        form: ValidatedForm | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        column = QVBoxLayout(self)
        # The dialog grows when error messages appear (an explicit minimum size would stop it).
        column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        column.setContentsMargins(24, 20, 24, 18)
        column.setSpacing(12)
        heading = QLabel(title)
        heading.setObjectName("dialogTitle")
        column.addWidget(heading)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            column.addWidget(text)
        self.form = form if form is not None else ValidatedForm()
        self.form.layout_.setColumnMinimumWidth(1, 320)
        column.addWidget(self.form)
        self.buttons = QDialogButtonBox()
        self.ok_button: QPushButton = self.buttons.addButton(
            ok_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button: QPushButton = self.buttons.addButton(
            cancel_text, QDialogButtonBox.ButtonRole.RejectRole
        )
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_contents()  # wrapped intro text: the first size would squeeze the rows

    def submit(self) -> None:
        """Do the work; raise ValidationError/DomainError to keep the dialog open."""
        raise NotImplementedError

    def accept(self) -> None:
        from desktop.views.operations import run_op  # operations builds on this module

        run_op(
            self,
            self.submit,
            error_target=self.form,
            on_success=lambda _none: QDialog.accept(self),
            on_failure=lambda _error: self._fit_contents(),
        )

    def _fit_contents(self) -> None:
        """Grow to fit wrapped messages (a window's minimum size ignores height-for-width)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)


