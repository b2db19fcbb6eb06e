"""French wording of values shown in several views."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.vocabulary import ROLE_LABELS, Role

AUDIT_ACTIONS = {
    "connexion": "Connexion",
    "compte_cree": "Compte créé",
    "compte_modifie": "Compte modifié",
    "roles_modifies": "Rôles modifiés",
    "mot_de_passe_reinitialise": "Mot de passe réinitialisé",
    "mot_de_passe_change": "Mot de passe changé",
    "compte_active": "Compte réactivé",
    "compte_desactive": "Compte désactivé",
}
ENTITY_TYPES = {
    "staff_user": "Compte",
    "person": "Personne",
    "case": "Dossier",
    "case_note": "Note de dossier",
    "receipt": "Reçu",
}


def roles_text(roles: Iterable[Role | str]) -> str:
    """French labels of roles, in the usual order ("Accueil, Administration")."""
    chosen = {Role(r) for r in roles}
    return ", ".join(ROLE_LABELS[r] for r in Role if r in chosen)


def audit_action(action: str) -> str:
    """French label of an audit action; an unknown code reads "Dossier lu" for "dossier_lu"."""
    known = AUDIT_ACTIONS.get(action)
    return known if known else action.replace("_", " ").capitalize()


def entity_type(code: str) -> str:
    return ENTITY_TYPES.get(code, code.replace("_", " ").capitalize())
