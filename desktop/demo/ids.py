"""Reproducible UUIDv7-shaped ids: the simulated moment and a seeded random stream."""

from __future__ import annotations

import datetime as dt
import random
import uuid

_MS_MASK = (1 << 48) - 1
_RAND_B_BITS = 62


class IdFactory:
    """UUIDv7-shaped ids from the simulated time and a seeded stream (deterministic)."""

    def __init__(self, rng: random.Random) -> None:
        self._bits = rng.getrandbits

    def __call__(self, at: dt.datetime) -> uuid.UUID:
        ms = int(at.timestamp() * 1000) & _MS_MASK
        rand = self._bits(74)
        value = (
            ms << 80
            | 0x7 << 76
            | (rand >> _RAND_B_BITS) << 64
            | 0b10 << 62
            | (rand & ((1 << _RAND_B_BITS) - 1))
        )
        return uuid.UUID(int=value)
