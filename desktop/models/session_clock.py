"""The clock of a unit of work: its current UTC instant and where new row ids come from.

A clock is attached to each session once, by whoever opens it (``Database.session``): the
real time and fresh UUIDv7 by default; a caller that simulates time attaches a
``ManualClock`` it moves itself. Services read it through
``desktop.services.clock``; the flush hook below fills the ``default=utcnow`` and
``default=new_id`` columns from it, so every row a session writes follows its clock.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import event, inspect
from sqlalchemy.orm import Mapper, Session

from desktop.models.base import new_id, utcnow

KEY = "clock"


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current instant (aware, UTC)."""
        ...

    def new_id(self) -> uuid.UUID:
        """A new row id (UUIDv7-shaped: ids made later sort later)."""
        ...


class SystemClock:
    """The machine's time and fresh UUIDv7: what the application always uses."""

    def now(self) -> dt.datetime:
        return utcnow()

    def new_id(self) -> uuid.UUID:
        return new_id()


class ManualClock:
    """A clock that shows the instant it is set to; ids drawn from ``ids(instant)``.

    Without ``ids`` the ids are fresh UUIDv7; a seeded ``ids`` makes a simulated history
    reproducible (same ids, hence the same receipt hashes).
    """

    def __init__(
        self, at: dt.datetime, ids: Callable[[dt.datetime], uuid.UUID] | None = None
    ) -> None:
        self.set(at)
        self.ids = ids

    def set(self, at: dt.datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("a clock is set to an aware datetime")
        self._at = at.astimezone(dt.UTC)

    def advance(self, delta: dt.timedelta) -> None:
        self._at += delta

    def now(self) -> dt.datetime:
        return self._at

    def new_id(self) -> uuid.UUID:
        return new_id() if self.ids is None else self.ids(self._at)


SYSTEM_CLOCK = SystemClock()


def attach_clock(session: Session, clock: Clock) -> None:
    session.info[KEY] = clock


def session_clock(session: Session) -> Clock:
    """The clock attached to ``session`` (the system clock when none was)."""
    clock: Clock = session.info.get(KEY, SYSTEM_CLOCK)
    return clock


_CLOCK_DEFAULTS: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _clock_defaults(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(moment columns, id columns) of ``cls`` whose default is ``utcnow`` / ``new_id``."""
    found = _CLOCK_DEFAULTS.get(cls)
    if found is None:
        moments: list[str] = []
        ids: list[str] = []
        mapper: Mapper[Any] = inspect(cls)
        for attr in mapper.column_attrs:
            default = attr.columns[0].default
            origin = getattr(getattr(default, "arg", None), "__wrapped__", None)
            if origin is utcnow:
                moments.append(attr.key)
            elif origin is new_id:
                ids.append(attr.key)
        found = _CLOCK_DEFAULTS[cls] = (tuple(moments), tuple(ids))
    return found


@event.listens_for(Session, "before_flush")
def _fill_clock_defaults(session: Session, flush_context: Any, instances: Any) -> None:
    """New rows take their unset creation moments and ids from the session's clock."""
    if not session.new:
        return
    clock = session_clock(session)
    moment: dt.datetime | None = None
    for obj in session.new:
        moments, ids = _clock_defaults(type(obj))
        if not (moments or ids):
            continue
        values = inspect(obj).dict
        for key in ids:
            if values.get(key) is None:
                setattr(obj, key, clock.new_id())
        for key in moments:
            if values.get(key) is None:
                if moment is None:
                    moment = clock.now()
                setattr(obj, key, moment)
