"""Hybrid logical clock (HLC) used to order changes across devices.

A clock value is a fixed-width string ``"{wall_ms:013d}.{counter:04d}.{device}"`` so that
plain string comparison orders values the way the clock does, in SQL as in Python.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_COUNTER = 9999


@dataclass(frozen=True, order=True)
class HlcValue:
    wall_ms: int
    counter: int
    device: str

    def encode(self) -> str:
        return f"{self.wall_ms:013d}.{self.counter:04d}.{self.device}"

    @classmethod
    def decode(cls, text: str) -> HlcValue:
        wall, counter, device = text.split(".", 2)
        return cls(int(wall), int(counter), device)


class HybridLogicalClock:
    """Thread-safe HLC for one device; ``now()`` is strictly increasing."""

    def __init__(self, device: str, wall: Callable[[], float] = time.time) -> None:
        self.device = device
        self._wall = wall
        self._last = HlcValue(0, 0, device)
        self._lock = threading.Lock()

    def now(self) -> str:
        with self._lock:
            physical = int(self._wall() * 1000)
            if physical > self._last.wall_ms:
                self._last = HlcValue(physical, 0, self.device)
            else:
                self._advance_counter(self._last.wall_ms)
            return self._last.encode()

    def observe(self, remote: str) -> None:
        """Merge a clock value received from another device (sync import)."""
        other = HlcValue.decode(remote)
        with self._lock:
            physical = int(self._wall() * 1000)
            top = max(physical, self._last.wall_ms, other.wall_ms)
            if top == self._last.wall_ms == other.wall_ms:
                self._advance_counter(top, max(self._last.counter, other.counter))
            elif top == self._last.wall_ms:
                self._advance_counter(top)
            elif top == other.wall_ms:
                self._advance_counter(top, other.counter)
            else:
                self._last = HlcValue(top, 0, self.device)

    def _advance_counter(self, wall_ms: int, counter: int | None = None) -> None:
        base = self._last.counter if counter is None else counter
        if base >= MAX_COUNTER:
            self._last = HlcValue(wall_ms + 1, 0, self.device)
        else:
            self._last = HlcValue(wall_ms, base + 1, self.device)
