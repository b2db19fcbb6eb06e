"""Personnes: the file of people who come to the place (to be built)."""

from desktop.views.pages.base import ComingSoonPage


class PeoplePage(ComingSoonPage):
    title = "Personnes"
    description = (
        "Le fichier des sourciers : coordonnées, consentements, adhésion, et l'historique de "
        "leurs passages et de leurs inscriptions."
    )
