"""Statistiques: aggregated figures, never any name (to be built)."""

from desktop.views.pages.base import ComingSoonPage


class StatisticsPage(ComingSoonPage):
    title = "Statistiques"
    description = (
        "Les chiffres de fréquentation, des ateliers et de l'accompagnement, sans aucun nom, "
        "pour le bilan annuel et les financeurs."
    )
