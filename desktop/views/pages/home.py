"""Accueil: the reception desk's page (its parts are in desktop/views/desk/)."""

from desktop.views.desk.page import DeskPage as HomePage

__all__ = ["HomePage"]
