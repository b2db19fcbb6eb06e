"""The left sidebar: one entry per page the user may see, plus lock and switch user."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.views.icons import glyph_icon
from desktop.views.pages.registry import PageSpec

PAGE_ID_ROLE = Qt.ItemDataRole.UserRole


class Sidebar(QWidget):
    sig_page_selected = Signal(str)
    """``(page_id)`` — the person chose this page."""
    sig_lock_requested = Signal()
    """``()`` — « Verrouiller » was pressed."""
    sig_switch_user_requested = Signal()
    """``()`` — « Changer d'utilisateur » was pressed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedWidth(250)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 18, 12, 14)
        column.setSpacing(8)
        title = QLabel(APP_NAME)
        title.setObjectName("sidebarTitle")
        title.setWordWrap(True)
        column.addWidget(title)

        self.list = QListWidget()
        self.list.setObjectName("navigation")
        self.list.setIconSize(QSize(30, 30))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._current_changed)
        column.addWidget(self.list, 1)

        keys = QLabel("F1 à F7 : changer de page\nCtrl+F : rechercher\nCtrl+L : verrouiller")
        keys.setObjectName("sidebarHint")
        column.addWidget(keys)
        self.lock_button = QPushButton("Verrouiller")
        self.lock_button.setObjectName("sidebarButton")
        self.lock_button.setToolTip("Verrouiller le poste (Ctrl+L)")
        self.lock_button.clicked.connect(self.sig_lock_requested)
        column.addWidget(self.lock_button)
        self.switch_button = QPushButton("Changer d'utilisateur")
        self.switch_button.setObjectName("sidebarButton")
        self.switch_button.setToolTip("Changer d'utilisateur (Ctrl+Maj+U)")
        self.switch_button.clicked.connect(self.sig_switch_user_requested)
        column.addWidget(self.switch_button)

    def set_entries(self, specs: Sequence[PageSpec]) -> None:
        """Show exactly these pages, in this order (keeps the current one when possible)."""
        current = self.current_page_id()
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for spec in specs:
                item = QListWidgetItem(glyph_icon(spec.glyph, spec.colour), spec.title)
                item.setData(PAGE_ID_ROLE, spec.id)
                item.setToolTip(f"{spec.title} ({spec.key})")
                item.setSizeHint(QSize(0, 48))
                self.list.addItem(item)
        finally:
            self.list.blockSignals(False)
        if current is not None:
            self.select(current)

    def titles(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def current_page_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(PAGE_ID_ROLE) if item is not None else None

    def select(self, page_id: str) -> bool:
        """Make ``page_id`` current (emits ``sig_page_selected``); False when it is not listed."""
        for row in range(self.list.count()):
            if self.list.item(row).data(PAGE_ID_ROLE) == page_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.sig_page_selected.emit(current.data(PAGE_ID_ROLE))
