"""The demo staff accounts (real Argon2id accounts) and the confidential data keys."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import User
from desktop.services import crypto
from desktop.services.users import add_user
from desktop.vocabulary import NoteLevel, Role


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    display_name: str
    roles: tuple[Role, ...]


ADMIN_ACCOUNT = DemoAccount("admin", "demo-admin", "Nathalie Lefèvre", (Role.ADMIN,))
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("accueil", "demo-accueil", "Léa Fontaine", (Role.ACCUEIL,)),
    DemoAccount("animation", "demo-animation", "Manon Girard", (Role.ANIMATION,)),
    DemoAccount("social", "demo-social", "Claire Dubois", (Role.SOCIAL,)),
    DemoAccount("psychologue", "demo-psychologue", "Hélène Moreau", (Role.PSYCHOLOGUE,)),
    ADMIN_ACCOUNT,
    # The manager, who also covers the reception desk.
    DemoAccount("direction", "demo-direction", "Sophie Bernard", (Role.ADMIN, Role.ACCUEIL)),
)


@dataclass(frozen=True)
class Staff:
    """User ids of the demo team, by what they do in the simulation."""

    accueil: uuid.UUID
    animation: uuid.UUID
    social: uuid.UUID
    psychologue: uuid.UUID
    admin: uuid.UUID
    direction: uuid.UUID

    @property
    def front_desk(self) -> tuple[uuid.UUID, ...]:
        """Who records visits, registrations and payments (most often first)."""
        return (self.accueil, self.animation, self.direction)


@dataclass(frozen=True)
class DataKeys:
    """The confidentiality levels' data keys, held in memory while the demo is built."""

    team: bytes
    psychologist: bytes

    def key(self, level: NoteLevel) -> bytes:
        return self.team if level is NoteLevel.TEAM else self.psychologist


def create_accounts(session: Session) -> Staff:
    """Add every demo account except the administrator (created with the site).

    Their ids (which receipts' hashed content names) come from the session's seeded clock.
    """
    ids = {
        ADMIN_ACCOUNT.username: session.scalars(
            select(User.id).where(User.username == ADMIN_ACCOUNT.username)
        ).one()
    }
    for account in DEMO_ACCOUNTS:
        if account is ADMIN_ACCOUNT:
            continue
        user = add_user(
            session, account.username, account.display_name, account.password, account.roles
        )
        ids[account.username] = user.id
    return Staff(**{account.username: ids[account.username] for account in DEMO_ACCOUNTS})


def create_data_keys(session: Session, staff: Staff) -> DataKeys:
    """Create both levels' keys, wrapped for every demo account holding the role."""
    ids = {
        "accueil": staff.accueil,
        "animation": staff.animation,
        "social": staff.social,
        "psychologue": staff.psychologue,
        "admin": staff.admin,
        "direction": staff.direction,
    }

    def holders(roles: set[Role]) -> list[tuple[uuid.UUID, str]]:
        return [(ids[a.username], a.password) for a in DEMO_ACCOUNTS if roles.intersection(a.roles)]

    team = crypto.create_level_key(
        session, NoteLevel.TEAM, holders({Role.SOCIAL, Role.PSYCHOLOGUE})
    )
    psychologist = crypto.create_level_key(
        session, NoteLevel.PSYCHOLOGIST, holders({Role.PSYCHOLOGUE})
    )
    return DataKeys(team=team, psychologist=psychologist)
