"""Agenda: the weekly programme of activities (to be built)."""

from desktop.views.pages.base import ComingSoonPage


class AgendaPage(ComingSoonPage):
    title = "Agenda"
    description = (
        "Le programme de la semaine : ateliers et séances, inscriptions et liste d'attente, "
        "feuilles d'émargement et affiche du planning à imprimer."
    )
