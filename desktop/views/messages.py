"""French message boxes with explicit button texts (never depend on a translation file).

Views call these through the module (``messages.confirm(...)``) so tests can replace them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import APP_NAME


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title or APP_NAME)
    box.setText(text)
    return box


def inform(parent: QWidget | None, text: str, title: str = "") -> None:
    """A short information the person acknowledges."""
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.addButton("OK", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def warn(parent: QWidget | None, text: str, title: str = "") -> None:
    """Something did not work; ``text`` is a complete French sentence."""
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.addButton("OK", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def confirm(
    parent: QWidget | None,
    text: str,
    *,
    title: str = "",
    yes: str = "Oui",
    no: str = "Annuler",
) -> bool:
    """Ask before doing something; True when the person chose ``yes``."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def choose(
    parent: QWidget | None, text: str, choices: Sequence[str], *, title: str = ""
) -> int | None:
    """Offer several answers; returns the index chosen, None when the box was dismissed.

    The last choice is the escape answer (e.g. "Quitter" or "Annuler").
    """
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    buttons = [box.addButton(label, QMessageBox.ButtonRole.ActionRole) for label in choices]
    if buttons:
        box.setDefaultButton(buttons[0])
        box.setEscapeButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None
