"""The main window's page registry: page id → French title, glyph, key, capability, factory.

Replace a "coming soon" page by pointing its factory at the real page class. A page's module
is imported when the page is first built (:func:`lazy`), not when the registry is.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.services.permissions import Actor, Capability

if TYPE_CHECKING:
    from desktop.services.backend import Backend
    from desktop.views.pages.base import Page


def lazy(module: str, name: str) -> Callable[[Backend], Page]:
    """A page factory importing ``module`` and building its ``name`` class on first call."""

    def build(backend: Backend) -> Page:
        page_class: Callable[[Backend], Page] = getattr(importlib.import_module(module), name)
        return page_class(backend)

    build.__qualname__ = f"lazy({module}.{name})"
    return build


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
    PageSpec(
        "accueil",
        "Accueil",
        "⌂",
        "#3a7d7c",
        "F1",
        lazy("desktop.views.pages.home", "HomePage"),
        Capability.RECEPTION,
    ),
    PageSpec(
        "agenda",
        "Agenda",
        "▦",
        "#5b7db1",
        "F2",
        lazy("desktop.views.pages.agenda", "AgendaPage"),
        Capability.PROGRAMME,
    ),
    PageSpec(
        "personnes",
        "Personnes",
        "☺",
        "#8a6fb0",
        "F3",
        lazy("desktop.views.pages.people", "PeoplePage"),
        Capability.RECEPTION,
    ),
    PageSpec(
        "caisse",
        "Caisse",
        "€",
        "#b0813a",
        "F4",
        lazy("desktop.views.cash.page", "CashPage"),
        Capability.CASH,
    ),
    PageSpec(
        "accompagnement",
        "Accompagnement",
        "♥",
        "#b55d6a",
        "F5",
        lazy("desktop.views.pages.cases", "CasesPage"),
        Capability.CASES,
    ),
    PageSpec(
        "statistiques",
        "Statistiques",
        "◔",
        "#4f8a5b",
        "F6",
        lazy("desktop.views.pages.statistics", "StatisticsPage"),
        Capability.STATISTICS,
    ),
    PageSpec(
        "parametres",
        "Paramètres",
        "⚙",
        "#5f6b76",
        "F7",
        lazy("desktop.views.pages.admin.page", "AdminPage"),
        Capability.ADMINISTRATION,
    ),
    PageSpec(
        "compte",
        "Mon compte",
        "✎",
        "#5f6b76",
        "F7",
        lazy("desktop.views.pages.account", "AccountPage"),
        hidden_for=Capability.ADMINISTRATION,
    ),
)
