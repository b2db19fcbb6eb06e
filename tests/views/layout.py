"""Layout checks shared by the view tests."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget


def cut_off(root: QWidget) -> list[str]:
    """Visible one-line texts narrower than they need (labels that do not wrap, buttons)."""
    cut = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text()):
            continue
        narrow = widget.width() < widget.minimumSizeHint().width()
        if isinstance(widget, QLabel | QAbstractButton) and narrow:
            cut.append(f"{type(widget).__name__} « {widget.text()} » {widget.width()} px")
    return cut
