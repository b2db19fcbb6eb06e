"""The persons' views: the newcomer form, the person card and its dialogs.

``NewcomerDialog`` (with :func:`~desktop.views.people.newcomer.prefilled` for the Accueil
page's typed text) and ``PersonCardDialog`` are what other pages open.
"""

from desktop.views.people.card import PersonCardDialog
from desktop.views.people.newcomer import NewcomerDialog, prefilled

__all__ = ["NewcomerDialog", "PersonCardDialog", "prefilled"]
