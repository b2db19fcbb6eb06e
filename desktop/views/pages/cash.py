"""Caisse: memberships, payments, receipts and closings (to be built)."""

from desktop.views.pages.base import ComingSoonPage


class CashPage(ComingSoonPage):
    title = "Caisse"
    description = (
        "Adhésions et paiements des séances, reçus numérotés à imprimer, et clôture de caisse "
        "en fin de journée."
    )
