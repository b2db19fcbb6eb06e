"""Demographic tables of the demo population and small draws from them.

Contacts are fictitious by construction: e-mail addresses use the reserved ``.example``
top-level domain and phone numbers come from the ranges ARCEP reserves for fiction
(06 39 98 xx xx, 05 36 49 xx xx), so a demo file never reaches a real person.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

from desktop.services.people import fold
from desktop.vocabulary import Employment, HeardFrom

CITIES = (
    ("33000", "Bordeaux", 20),
    ("33800", "Bordeaux", 9),
    ("33300", "Bordeaux", 8),
    ("33100", "Bordeaux", 6),
    ("33200", "Bordeaux", 7),
    ("33700", "Mérignac", 7),
    ("33600", "Pessac", 6),
    ("33400", "Talence", 6),
    ("33130", "Bègles", 4),
    ("33110", "Le Bouscat", 4),
    ("33150", "Cenon", 3),
    ("33270", "Floirac", 2),
    ("33310", "Lormont", 2),
    ("33140", "Villenave-d'Ornon", 3),
    ("33320", "Eysines", 2),
    ("33520", "Bruges", 2),
    ("33170", "Gradignan", 2),
    ("33185", "Le Haillan", 1),
    ("33160", "Saint-Médard-en-Jalles", 1),
)
CITY_WEIGHTS = tuple(w for *_, w in CITIES)

MAIL_DOMAINS = (
    "orange.example",
    "gmail.example",
    "free.example",
    "laposte.example",
    "sfr.example",
    "wanadoo.example",
    "hotmail.example",
)

HEARD_FROM_2019 = (
    (HeardFrom.INSURER, 30),
    (HeardFrom.WORD_OF_MOUTH, 22),
    (HeardFrom.PASSING_BY, 18),
    (HeardFrom.PARTNER, 10),
    (HeardFrom.PRESS, 8),
    (HeardFrom.EVENT, 6),
    (HeardFrom.SOCIAL_MEDIA, 4),
    (HeardFrom.WEBSITE, 1),
    (HeardFrom.OTHER, 1),
)
HEARD_FROM_LATER = (
    (HeardFrom.WORD_OF_MOUTH, 30),
    (HeardFrom.PASSING_BY, 18),
    (HeardFrom.SOCIAL_MEDIA, 14),
    (HeardFrom.PARTNER, 13),
    (HeardFrom.WEBSITE, 9),
    (HeardFrom.INSURER, 8),
    (HeardFrom.PRESS, 3),
    (HeardFrom.EVENT, 3),
    (HeardFrom.OTHER, 2),
)

# Mean age on the first visit: retired people first, then younger people since Covid.
MEAN_AGE_BY_YEAR = {2019: 62.0, 2020: 58.0}
MEAN_AGE_LATER = 52.0
AGE_SD = 13.0


_V = TypeVar("_V")


def pick(rng: random.Random, table: Sequence[tuple[_V, int]]) -> _V:
    """One value of a (value, weight) table."""
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def age_on_arrival(rng: random.Random, year: int) -> int:
    mean = MEAN_AGE_BY_YEAR.get(year, MEAN_AGE_LATER)
    return max(21, min(93, round(rng.gauss(mean, AGE_SD))))


def employment(rng: random.Random, age: int, year: int) -> Employment:
    """Working-age newcomers are more often job seekers or employees since 2020."""
    if rng.random() < 0.04:
        return Employment.UNKNOWN
    table: tuple[tuple[Employment, int], ...]
    if age >= 67:
        table = ((Employment.RETIRED, 92), (Employment.INACTIVE, 5), (Employment.SELF_EMPLOYED, 3))
    elif age >= 60:
        table = (
            (Employment.RETIRED, 55),
            (Employment.EMPLOYED, 25),
            (Employment.JOB_SEEKER, 10 if year < 2020 else 14),
            (Employment.INACTIVE, 8),
            (Employment.SELF_EMPLOYED, 4),
        )
    else:
        covid = year >= 2020
        table = (
            (Employment.EMPLOYED, 50 if covid else 45),
            (Employment.JOB_SEEKER, 24 if covid else 13),
            (Employment.SELF_EMPLOYED, 7),
            (Employment.INACTIVE, 12 if covid else 20),
            (Employment.STUDENT, 5 if age < 27 else 0),
            (Employment.RETIRED, 0 if age < 55 else 6),
        )
    return pick(rng, table)


def email(rng: random.Random, first: str, last: str) -> str:
    first_part = fold(first).replace(" ", "-").replace("'", "")
    last_part = fold(last).replace(" ", "").replace("'", "")
    separator = rng.choice((".", ".", "-", ""))
    suffix = str(rng.randint(1, 99)) if rng.random() < 0.35 else ""
    return f"{first_part}{separator}{last_part}{suffix}@{rng.choice(MAIL_DOMAINS)}"


def fiction_phone(rng: random.Random, *, mobile: bool) -> str:
    """E.164 number in a range reserved for fiction by ARCEP."""
    prefix = "+33639 98" if mobile else "+33536 49"
    return f"{prefix}{rng.randint(0, 9999):04d}".replace(" ", "")


def city(rng: random.Random) -> tuple[str, str]:
    postal, name, _ = rng.choices(CITIES, weights=CITY_WEIGHTS)[0]
    return postal, name
