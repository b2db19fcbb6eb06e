"""Freezing the clock services read (``desktop.services.clock``), for tests of dated work."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from sqlalchemy.orm import Session

from desktop.models.session_clock import session_clock
from desktop.services.clock import ManualClock, attach_clock


def set_clock(
    session: Session,
    moment: dt.datetime,
    ids: Callable[[dt.datetime], uuid.UUID] | None = None,
) -> ManualClock:
    """Make the session's clock show ``moment`` from now on (ids from ``ids`` if given).

    The session keeps one ManualClock: setting it again moves it (and keeps its ids).
    """
    clock = session_clock(session)
    if not isinstance(clock, ManualClock):
        clock = ManualClock(moment, ids)
        attach_clock(session, clock)
    clock.set(moment)
    if ids is not None:
        clock.ids = ids
    return clock


def clocked(
    session: Session,
    moment: dt.datetime,
    ids: Callable[[dt.datetime], uuid.UUID] | None = None,
) -> Session:
    """``session`` with its clock set to ``moment`` (``set_clock``), for use inline:
    ``close_day(clocked(session, evening), actor, day)``."""
    set_clock(session, moment, ids)
    return session
