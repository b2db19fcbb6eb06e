"""Who may do what: the role matrix of DESIGN.md, checked by every service call."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from desktop.services.errors import PermissionDenied
from desktop.vocabulary import Role


class Capability(StrEnum):
    RECEPTION = "reception"  # find/create persons, log visits, flag "à rencontrer"
    CASH = "cash"  # sell memberships and places, issue and cancel receipts, close the till
    CASH_READ = "cash_read"  # read receipts and closings, print them, export them
    PROGRAMME = "programme"  # activities, sessions, registrations, posters, sheets
    CASES = "cases"  # see that a case exists, read/write cases, team notes, referrals
    PSYCHOLOGIST_NOTES = "psychologist_notes"
    STATISTICS = "statistics"  # aggregated, no names
    ADMINISTRATION = "administration"  # users, settings, sync, backups, audit log


_A, _N, _S, _P, _D = Role.ACCUEIL, Role.ANIMATION, Role.SOCIAL, Role.PSYCHOLOGUE, Role.ADMIN

PERMISSIONS: dict[Capability, frozenset[Role]] = {
    Capability.RECEPTION: frozenset({_A, _N, _S, _P, _D}),
    Capability.CASH: frozenset({_A, _N, _D}),
    Capability.CASH_READ: frozenset({_A, _N, _D}),
    Capability.PROGRAMME: frozenset({_A, _N, _D}),
    Capability.CASES: frozenset({_S, _P}),
    Capability.PSYCHOLOGIST_NOTES: frozenset({_P}),
    Capability.STATISTICS: frozenset({_A, _N, _S, _P, _D}),
    Capability.ADMINISTRATION: frozenset({_D}),
}

DENIED_MESSAGES = {
    Capability.RECEPTION: "Votre profil ne permet pas l'accueil des personnes.",
    Capability.CASH: "Votre profil ne permet pas d'encaisser ni de consulter la caisse.",
    Capability.CASH_READ: "Votre profil ne permet pas de consulter la caisse.",
    Capability.PROGRAMME: "Votre profil ne permet pas de gérer le programme des ateliers.",
    Capability.CASES: "Les dossiers d'accompagnement sont réservés à l'équipe sociale.",
    Capability.PSYCHOLOGIST_NOTES: "Ces notes sont réservées à la psychologue.",
    Capability.STATISTICS: "Votre profil ne permet pas de consulter les statistiques.",
    Capability.ADMINISTRATION: "Cette action est réservée à l'administration.",
}


@dataclass(frozen=True)
class Actor:
    """The staff member acting, as the services see them (no password material).

    ``grants``: capabilities held without a role, for built-in actors only (the command
    line's reader holds CASH_READ and nothing else); staff accounts hold roles.
    """

    user_id: uuid.UUID
    username: str
    display_name: str
    roles: frozenset[Role]
    grants: frozenset[Capability] = frozenset()

    def can(self, capability: Capability) -> bool:
        return capability in self.grants or bool(self.roles & PERMISSIONS[capability])

    def capabilities(self) -> frozenset[Capability]:
        return frozenset(c for c in Capability if self.can(c))


def built_in_actor(username: str, display_name: str, *grants: Capability) -> Actor:
    """An actor that is no staff account (the command line, a measurement): no role, only
    ``grants``, and the nil user id, so nothing it could write names a real person."""
    return Actor(
        user_id=uuid.UUID(int=0),
        username=username,
        display_name=display_name,
        roles=frozenset(),
        grants=frozenset(grants),
    )


def require(actor: Actor, capability: Capability) -> None:
    """Raise PermissionDenied (French message) unless ``actor`` holds ``capability``."""
    if not actor.can(capability):
        raise PermissionDenied(DENIED_MESSAGES[capability])
