"""What every demo generator shares: seeded random streams, ids, clock, progress."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from desktop.demo.accounts import Staff
from desktop.demo.calendar import SiteCalendar
from desktop.demo.ids import IdFactory
from desktop.services.errors import DomainError
from desktop.services.formatting import to_utc

T = TypeVar("T")

DEMO_START = dt.date(2019, 4, 1)  # the inauguration
HORIZON = dt.timedelta(weeks=4)  # the programme runs four weeks past "today"
SERIES = "A"


class DemoCancelled(DomainError):
    """The person asked to stop; nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "Création du site de démonstration annulée : aucun fichier n'a été créé ni modifié."
        )


class Progress:
    """Reports (done, total, French label) and raises DemoCancelled when asked to stop."""

    TOTAL = 1000

    def __init__(
        self,
        callback: Callable[[int, int, str], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self._callback = callback
        self._cancelled = cancelled
        self.label = ""

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise DemoCancelled()

    def report(self, fraction: float, label: str | None = None) -> None:
        """Progress as a fraction of the whole build; also checks for cancellation."""
        self.check()
        if label is not None:
            self.label = label
        if self._callback is not None:
            done = max(0, min(self.TOTAL, round(fraction * self.TOTAL)))
            self._callback(done, self.TOTAL, self.label)


@dataclass
class Simulation:
    """The seeded world the generators draw from."""

    seed: int
    scale: float
    today: dt.date
    staff: Staff
    calendar: SiteCalendar
    progress: Progress

    def __post_init__(self) -> None:
        self.now = to_utc(self.today, dt.time(9, 0))  # the demo opens before the doors do
        self.horizon = self.today + HORIZON
        self.new_id = IdFactory(self.rng("ids"))

    def rng(self, stream: str) -> random.Random:
        """An independent seeded stream, so one generator's draws never shift another's."""
        return random.Random(f"ressourcerie-demo:{self.seed}:{stream}")

    def scaled(self, count: float) -> int:
        return max(0, round(count * self.scale))


def weighted_sample(
    rng: random.Random, items: Sequence[T], weights: Sequence[float], k: int
) -> list[T]:
    """``k`` distinct items drawn with probability proportional to weight (Efraimidis–Spirakis)."""
    keyed = [(rng.random() ** (1.0 / w) if w > 0 else -1.0, i) for i, w in enumerate(weights)]
    keyed.sort(reverse=True)
    return [items[i] for _, i in keyed[:k]]


def quota(rng: random.Random, n: int, shares: Sequence[tuple[T, float]]) -> list[T]:
    """Exactly n labels in the given shares (largest remainder), shuffled."""
    raw = [(label, share * n) for label, share in shares]
    counts = [int(x) for _, x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i][1] - counts[i], reverse=True)
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    labels = [label for (label, _), c in zip(raw, counts, strict=True) for _ in range(c)]
    rng.shuffle(labels)
    return labels
