"""Accompagnement: the social team's confidential caregiver cases (to be built)."""

from desktop.views.pages.base import ComingSoonPage


class CasesPage(ComingSoonPage):
    title = "Accompagnement"
    description = (
        "Les dossiers confidentiels des proches aidants : entretiens, notes chiffrées de "
        "l'équipe et de la psychologue, orientations vers les partenaires et rappels."
    )
