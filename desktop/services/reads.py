"""Which service functions only read: declared here, once, on the function itself.

``@reads`` marks a service function that writes nothing. The Backend runs such a call in a
deferred read transaction (in WAL mode it never waits for a writer); any other function runs
in a ``BEGIN IMMEDIATE`` write transaction (the safe default). A marked function that writes
anyway fails loudly: the read connection is ``PRAGMA query_only`` and a read session refuses
to flush (desktop/services/database.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_MARK = "__ressourcerie_reads__"


def reads(function: F) -> F:
    """Declare ``function`` read-only (it writes nothing to the database)."""
    setattr(function, _MARK, True)
    return function


def is_read_only(function: Callable[..., Any]) -> bool:
    """True when ``function`` was declared with :func:`reads` (unknown: it may write)."""
    return bool(getattr(function, _MARK, False))
