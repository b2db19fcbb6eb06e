"""What every page of the main window offers, and the honest "coming soon" page."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.services.backend import Backend
from desktop.views.changes import follow_changes
from desktop.vocabulary import EntityKind


class Page(QWidget):
    """A page of the main window.

    ``watches``: the entity kinds the page shows; after a write that changed one of them
    (desktop/views/changes.py) :meth:`refresh` runs at once if the page is visible, else
    when it is shown next.
    """

    sig_actor_changed = Signal()
    """``()`` — the logged-in user's roles or name changed (the main window re-reads them)."""

    title = ""
    watches: frozenset[EntityKind] = frozenset()

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        if self.watches:
            follow_changes(self, backend, self.watches, self.refresh)

    def refresh(self) -> None:
        """Re-read what the page shows (after a change it watches)."""

    def focus_search(self) -> bool:
        """Put the cursor in this page's search field (Ctrl+F); False when it has none."""
        return False

    def page_shown(self) -> None:
        """Called each time the page becomes the current one (refresh data here)."""


def page_heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


class ComingSoonPage(Page):
    """A page whose feature is not built yet: says plainly what it will offer."""

    description = ""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(backend, parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(48, 40, 48, 40)
        column.setSpacing(16)
        column.addWidget(page_heading(self.title))
        card = QWidget()
        card.setObjectName("comingSoonCard")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        badge = QLabel("Bientôt disponible")
        badge.setObjectName("comingSoonBadge")
        inner.addWidget(badge, alignment=Qt.AlignmentFlag.AlignLeft)
        self.description_label = QLabel(self.description)
        self.description_label.setObjectName("comingSoonText")
        self.description_label.setWordWrap(True)
        inner.addWidget(self.description_label)
        note = QLabel(
            "Cette page est en préparation et arrivera dans une prochaine version. "
            "Les autres pages de la barre de gauche restent utilisables."
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        inner.addWidget(note)
        column.addWidget(card)
        column.addStretch(1)
