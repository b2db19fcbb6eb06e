"""Bulk insertion through the ORM (so the change-log hook stamps every synced row)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from desktop.demo.context import Progress
from desktop.models import Base

BATCH = 1000
TABLE_ORDER = {table.name: i for i, table in enumerate(Base.metadata.sorted_tables)}


class Writer:
    """Adds rows in batches, flushing each, and reports progress between batches."""

    def __init__(
        self, session: Session, progress: Progress, total: int, start: float, end: float
    ) -> None:
        self.session = session
        self.progress = progress
        self.total = max(1, total)
        self.start, self.end = start, end
        self.done = 0

    def _report(self, label: str | None = None) -> None:
        share = min(1.0, self.done / self.total)
        self.progress.report(self.start + (self.end - self.start) * share, label)

    def write(self, label: str, rows: Iterable[Base]) -> int:
        """Insert rows of one entity (parents must already be written)."""
        self._report(label)
        batch: list[Base] = []
        written = 0
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                written += self._flush(batch)
        if batch:
            written += self._flush(batch)
        return written

    def write_mixed(self, label: str, rows: Iterable[Base]) -> int:
        """Insert rows of several entities, parents first (foreign-key order)."""
        groups: dict[str, list[Base]] = {}
        for row in rows:
            groups.setdefault(row.__tablename__, []).append(row)
        written = 0
        for name in sorted(groups, key=TABLE_ORDER.__getitem__):
            written += self.write(label, groups[name])
        return written

    def _flush(self, batch: list[Base]) -> int:
        count = len(batch)
        self.session.add_all(batch)
        self.session.flush()
        batch.clear()  # the session holds flushed rows weakly: let them go
        self.done += count
        self._report()
        return count
