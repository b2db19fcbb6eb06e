"""What time it is for a service: the clock of its unit of work, and today in Paris.

Services never read the machine's clock: they ask the session (``now``, ``today``,
``new_row_id``), whose clock ``Database.session`` attached once (real time by default;
a caller that simulates time attaches a ``ManualClock`` it moves itself). "Today" is the
Europe/Paris day of that instant, computed here only.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from desktop.models.session_clock import (
    SYSTEM_CLOCK,
    Clock,
    ManualClock,
    SystemClock,
    attach_clock,
    session_clock,
)
from desktop.services.formatting import local

__all__ = [
    "SYSTEM_CLOCK",
    "Clock",
    "ManualClock",
    "SystemClock",
    "attach_clock",
    "local_day",
    "machine_today",
    "new_row_id",
    "now",
    "today",
]


def now(session: Session) -> dt.datetime:
    """The current instant of the session's unit of work (aware, UTC)."""
    return session_clock(session).now()


def new_row_id(session: Session) -> uuid.UUID:
    """An id for a row the session is creating, from its clock's id source."""
    return session_clock(session).new_id()


def local_day(moment: dt.datetime) -> dt.date:
    """The Europe/Paris calendar day of an aware datetime."""
    return local(moment).date()


def today(session: Session) -> dt.date:
    """Today in Europe/Paris, by the session's clock."""
    return local_day(now(session))


def machine_today() -> dt.date:
    """Today in Europe/Paris by the machine's clock (what the GUI's date fields start at)."""
    return local_day(SYSTEM_CLOCK.now())
