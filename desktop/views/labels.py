"""French wording of values shown in several views."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.vocabulary import ROLE_LABELS, AuditAction, AuditEntity, Role, stored_label


def roles_text(roles: Iterable[Role | str]) -> str:
    """French labels of roles, in the usual order ("Accueil, Administration")."""
    chosen = {Role(r) for r in roles}
    return ", ".join(ROLE_LABELS[r] for r in Role if r in chosen)


def audit_action(action: str) -> str:
    """French label of a stored audit action (a readable fallback for an unknown one)."""
    return stored_label(AuditAction, action)


def entity_type(code: str) -> str:
    """French label of a stored audit entity kind."""
    return stored_label(AuditEntity, code)
