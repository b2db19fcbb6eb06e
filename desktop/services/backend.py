"""What the GUI holds: the open database, the logged-in staff member, one call per action.

``backend.call(service_function, *args)`` opens one session (one unit of work), passes it
and the acting user to the service, commits, and returns the service's frozen dataclasses.
Views never see a Session. A function declared ``@reads`` (desktop/services/reads.py) runs
in a deferred read transaction that never waits for a writer; any other in a write one.

After every call the backend reads the change log past the last entry it has seen and,
when something changed (here, or in another process writing the same file), calls its
listeners with a :class:`~desktop.services.changes.Changes` on the calling thread
(:meth:`subscribe`). No Qt here: the views' bridge turns this into one Qt signal.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from desktop.services import auth
from desktop.services.changes import NO_CHANGES, Changes, changes_since, last_change_id
from desktop.services.database import Database
from desktop.services.errors import AuthenticationError
from desktop.services.permissions import Actor, Capability
from desktop.services.reads import is_read_only
from desktop.services.setup import SiteInfo, site_info
from desktop.services.users import get_actor

P = ParamSpec("P")
R = TypeVar("R")
Listener = Callable[[Changes], None]
log = logging.getLogger(__name__)


class _Collector:
    """Changes held back on one thread by :meth:`Backend.collecting`."""

    def __init__(self) -> None:
        self.changes = NO_CHANGES


class Backend:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.actor: Actor | None = None
        self._listeners: list[Listener] = []
        self._seen_lock = threading.Lock()
        self._local = threading.local()
        with database.read_session() as session:
            self._seen = last_change_id(session)

    # Change publication ----------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(changes)`` after each operation that changed something.

        Listeners run on the thread that made the call. Returns the unsubscribe function.
        """
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def poll(self) -> Changes:
        """Read what changed since the last look (here or in another process); publish it."""
        with self._seen_lock, self.database.read_session() as session:
            changes, self._seen = changes_since(session, self._seen)
        if changes:
            self.publish(changes)
        return changes

    def publish(self, changes: Changes) -> None:
        """Hand ``changes`` to the listeners (or to the thread's :meth:`collecting` block)."""
        collector: _Collector | None = getattr(self._local, "collector", None)
        if collector is not None:
            collector.changes = collector.changes.merged(changes)
            return
        for listener in list(self._listeners):
            listener(changes)

    @contextlib.contextmanager
    def collecting(self) -> Iterator[_Collector]:
        """Hold back the changes of the calls made in this block on this thread.

        The operation helper uses it to hand a result to its callback first, then
        :meth:`publish` ``collector.changes``.
        """
        outer = getattr(self._local, "collector", None)
        collector = _Collector()
        self._local.collector = collector
        try:
            yield collector
        finally:
            self._local.collector = outer

    def _session(self, read_only: bool) -> contextlib.AbstractContextManager[Session]:
        return self.database.read_session() if read_only else self.database.session()

    @property
    def site(self) -> SiteInfo | None:
        return site_info(self.database)

    def login(self, username: str, password: str) -> Actor:
        try:
            with self.database.session() as session:
                self.actor = auth.authenticate(session, username, password)
        finally:
            self._after_call()
        return self.actor

    def verify(self, password: str) -> None:
        """Unlock: the current user's password again (raises AuthenticationError)."""
        if self.actor is None:
            raise AuthenticationError("Aucun utilisateur n'est connecté.")
        try:
            with self.database.session() as session:
                self.actor = auth.authenticate(session, self.actor.username, password)
        finally:
            self._after_call()

    def logout(self) -> None:
        self.actor = None

    def refresh_actor(self) -> Actor:
        """Re-read the current user's roles (after an administrator changed them)."""
        assert self.actor is not None
        with self.database.read_session() as session:
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
        """Run one service function as the logged-in user, in its own unit of work.

        A read transaction when ``function`` is declared ``@reads``, else a write one.
        """
        return self._run(is_read_only(function), function, *args, **kwargs)

    def _run(
        self,
        read_only: bool,
        function: Callable[Concatenate[Session, Actor, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        if self.actor is None:
            raise AuthenticationError("Connectez-vous pour continuer.")
        try:
            with self._session(read_only) as session:
                return function(session, self.actor, *args, **kwargs)
        finally:
            self._after_call()

    def call_anonymous(
        self, function: Callable[Concatenate[Session, P], R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """Run a service function that needs no logged-in user (e.g. site set-up checks)."""
        try:
            with self._session(is_read_only(function)) as session:
                return function(session, *args, **kwargs)
        finally:
            self._after_call()

    def _after_call(self) -> None:
        # A failed call may still have committed (e.g. a login failure is remembered).
        try:
            self.poll()
        except Exception:  # the call's own outcome matters more than the notification
            log.exception("reading the change log failed")
