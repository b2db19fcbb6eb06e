"""The desk's one search field: names, numbers, phones, e-mails, and the scanner's codes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

MAX_TYPED = 200  # a longer paste is cut: nobody's name or number is that long


class DeskSearchField(QLineEdit):
    """A line edit that hands Down (into the results) and Enter to the page."""

    sig_down = Signal()
    """``()`` — Down pressed: move into the results."""
    sig_submitted = Signal(str)
    """``(text)`` — Enter pressed: a card code was scanned, or choose the first result."""
    sig_undo_requested = Signal()
    """``()`` — Ctrl+Z in the empty field: undo the last visit (with text: undo typing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskSearch")
        self.setPlaceholderText("Nom, téléphone, e-mail ou scan de la carte")
        self.setAccessibleName("Rechercher une personne")
        self.setAccessibleDescription(
            "Tapez un nom ou scannez une carte ; Flèche bas pour choisir, Entrée pour ouvrir."
        )
        self.setClearButtonEnabled(True)
        self.setMaxLength(MAX_TYPED)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Down:
            self.sig_down.emit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.sig_submitted.emit(self.text())
            return
        if event.matches(QKeySequence.StandardKey.Undo) and not self.text():
            self.sig_undo_requested.emit()
            return
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)
