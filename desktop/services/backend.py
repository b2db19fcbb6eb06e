"""What the GUI holds: the open database, the logged-in staff member, one call per action.

``backend.call(service_function, *args)`` opens one session (one unit of work), passes it
and the acting user to the service, commits, and returns the service's frozen dataclasses.
Views never see a Session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from desktop.services import auth
from desktop.services.database import Database
from desktop.services.errors import AuthenticationError
from desktop.services.permissions import Actor, Capability
from desktop.services.setup import SiteInfo, site_info
from desktop.services.users import get_actor

P = ParamSpec("P")
R = TypeVar("R")


class Backend:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.actor: Actor | None = None

    @property
    def site(self) -> SiteInfo | None:
        return site_info(self.database)

    def login(self, username: str, password: str) -> Actor:
        with self.database.session() as session:
            self.actor = auth.authenticate(session, username, password)
        return self.actor

    def verify(self, password: str) -> None:
        """Unlock: the current user's password again (raises AuthenticationError)."""
        if self.actor is None:
            raise AuthenticationError("Aucun utilisateur n'est connecté.")
        with self.database.session() as session:
            self.actor = auth.authenticate(session, self.actor.username, password)

    def logout(self) -> None:
        self.actor = None

    def refresh_actor(self) -> Actor:
        """Re-read the current user's roles (after an administrator changed them)."""
        assert self.actor is not None
        with self.database.session() as session:
            self.actor = get_actor(session, self.actor.user_id)
        return self.actor

    def can(self, capability: Capability) -> bool:
        return self.actor is not None and self.actor.can(capability)

    def call(
        self,
        function: Callable[Concatenate[Session, Actor, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """Run one service function as the logged-in user, in its own unit of work."""
        if self.actor is None:
            raise AuthenticationError("Connectez-vous pour continuer.")
        with self.database.session() as session:
            return function(session, self.actor, *args, **kwargs)

    def call_anonymous(
        self, function: Callable[Concatenate[Session, P], R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Run a service function that needs no logged-in user (e.g. site set-up checks)."""
        with self.database.session() as session:
            return function(session, *args, **kwargs)
