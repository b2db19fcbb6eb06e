"""Visits ("passages"): what counts as one.

Visits are append-only: undoing one appends a cancelling visit that names it. Every count,
list and "first visit" reads visits through :func:`counted`, so an undone visit vanishes
everywhere while both rows stay in the file.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import aliased

from desktop.models import Visit


def counted() -> ColumnElement[bool]:
    """The condition on :class:`Visit` rows that count: neither a cancelling entry nor
    cancelled by one."""
    cancelling = aliased(Visit)
    cancelled_ids = select(cancelling.cancels_visit_id).where(
        cancelling.cancels_visit_id.is_not(None)
    )
    return and_(Visit.cancels_visit_id.is_(None), Visit.id.not_in(cancelled_ids))
