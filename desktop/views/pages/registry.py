"""The main window's page registry: page id → French title, glyph, key, capability, factory.

Replace a "coming soon" page by pointing its factory at the real page class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.services.backend import Backend
from desktop.services.permissions import Actor, Capability
from desktop.views.cash.page import CashPage
from desktop.views.pages.account import AccountPage
from desktop.views.pages.admin.page import AdminPage
from desktop.views.pages.agenda import AgendaPage
from desktop.views.pages.base import Page
from desktop.views.pages.cases import CasesPage
from desktop.views.pages.home import HomePage
from desktop.views.pages.people import PeoplePage
from desktop.views.pages.statistics import StatisticsPage


@dataclass(frozen=True)
class PageSpec:
    id: str
    title: str
    glyph: str
    colour: str
    key: str  # keyboard shortcut, "F1"…"F7"
    factory: Callable[[Backend], Page]
    capability: Capability | None = None  # required to see the page
    hidden_for: Capability | None = None  # page hidden from actors holding this capability

    def allowed(self, actor: Actor | None) -> bool:
        if actor is None:
            return False
        if self.capability is not None and not actor.can(self.capability):
            return False
        return self.hidden_for is None or not actor.can(self.hidden_for)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("accueil", "Accueil", "⌂", "#3a7d7c", "F1", HomePage, Capability.RECEPTION),
    PageSpec("agenda", "Agenda", "▦", "#5b7db1", "F2", AgendaPage, Capability.PROGRAMME),
    PageSpec("personnes", "Personnes", "☺", "#8a6fb0", "F3", PeoplePage, Capability.RECEPTION),
    PageSpec("caisse", "Caisse", "€", "#b0813a", "F4", CashPage, Capability.CASH),
    PageSpec("accompagnement", "Accompagnement", "♥", "#b55d6a", "F5", CasesPage, Capability.CASES),
    PageSpec(
        "statistiques", "Statistiques", "◔", "#4f8a5b", "F6", StatisticsPage, Capability.STATISTICS
    ),
    PageSpec(
        "parametres", "Paramètres", "⚙", "#5f6b76", "F7", AdminPage, Capability.ADMINISTRATION
    ),
    PageSpec(
        "compte",
        "Mon compte",
        "✎",
        "#5f6b76",
        "F7",
        AccountPage,
        hidden_for=Capability.ADMINISTRATION,
    ),
)
