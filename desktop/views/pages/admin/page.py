"""Paramètres: tabs Utilisateurs, Réglages, Tarifs, Journal d'audit, Mon compte."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.services.backend import Backend
from desktop.views.pages.account import AccountPanel
from desktop.views.pages.admin.audit_tab import AuditTab
from desktop.views.pages.admin.settings_tab import SettingsTab
from desktop.views.pages.admin.tariffs_tab import TariffsTab
from desktop.views.pages.admin.users_tab import UsersTab
from desktop.views.pages.base import Page, page_heading
from desktop.vocabulary import EntityKind


class AdminPage(Page):
    title = "Paramètres"
    watches = frozenset({EntityKind.USER, EntityKind.SETTING, EntityKind.TARIFF, EntityKind.AUDIT})

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(backend, parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 28, 32, 24)
        column.setSpacing(14)
        column.addWidget(page_heading(self.title))
        self.tabs = QTabWidget()
        self.users_tab = UsersTab(backend)
        self.settings_tab = SettingsTab(backend)
        self.tariffs_tab = TariffsTab(backend)
        self.audit_tab = AuditTab(backend)
        self.account_tab = AccountPanel(backend)
        self.tabs.addTab(self.users_tab, "Utilisateurs")
        self.tabs.addTab(self.settings_tab, "Réglages")
        self.tabs.addTab(self.tariffs_tab, "Tarifs")
        self.tabs.addTab(self.audit_tab, "Journal d'audit")
        self.tabs.addTab(self.account_tab, "Mon compte")
        self.tabs.currentChanged.connect(lambda _index: self.page_shown())
        column.addWidget(self.tabs, 1)
        self.users_tab.sig_own_account_changed.connect(self.sig_actor_changed)

    def refresh(self) -> None:
        """After a change (here or elsewhere) to what the tabs show: reload the visible tab."""
        self.page_shown()

    def page_shown(self) -> None:
        """Reload the visible tab (another administrator may have changed things)."""
        current = self.tabs.currentWidget()
        refresh = getattr(current, "refresh", None)
        if callable(refresh):
            refresh()
