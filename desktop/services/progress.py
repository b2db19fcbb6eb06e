"""Cooperative progress and cancel for long service work (no Qt).

A long service function takes ``progress: ProgressCallback | None``, calls it now and then
with (done, total) and lets :class:`Cancelled` propagate: the caller's unit of work rolls
back, so a cancelled job leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[int, int], None]


class Cancelled(Exception):
    """The person cancelled the work (raised by the progress callback)."""


def report(progress: ProgressCallback | None, done: int, total: int) -> None:
    """Call ``progress`` when there is one (it may raise Cancelled)."""
    if progress is not None:
        progress(done, total)
