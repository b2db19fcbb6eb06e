"""Accueil: the reception desk's page (to be built)."""

from desktop.views.pages.base import ComingSoonPage


class HomePage(ComingSoonPage):
    title = "Accueil"
    description = (
        "Retrouver ou créer une personne en quelques secondes, au clavier ou avec le lecteur de "
        "cartes, enregistrer son passage (même anonyme) et signaler à l'équipe sociale une "
        "personne à rencontrer."
    )
