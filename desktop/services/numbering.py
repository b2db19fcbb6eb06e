"""Human-facing numbers of persons, memberships and receipts.

Formats (series = the creating device's letter, so two devices never collide):

* person: ``{series}-{seq:06d}``, e.g. ``A-000123`` (one sequence per series);
* membership: ``AD-{series}-{year}-{seq:04d}``, e.g. ``AD-A-2024-0042`` (one sequence per
  series and calendar year of ``valid_from``; more digits past 9999).
* receipt: ``{series}-{year}-{seq:06d}``, e.g. ``A-2024-000042`` (consecutive per series and
  Paris year, allocated by ``desktop.services.cash.receipts``).

The ``AD-`` prefix and the four-digit sequence keep a membership number from ever looking like
a receipt number, and a person number has no year. The ``next_*`` functions read the
database; the ``*_number`` formatters are for callers that allocate numbers themselves.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import Membership, Person
from desktop.services.errors import ValidationError

MEMBERSHIP_PREFIX = "AD"
PERSON_RE = re.compile(r"^(?P<series>[A-Z])-(?P<seq>\d{6,})$")
MEMBERSHIP_RE = re.compile(r"^AD-(?P<series>[A-Z])-(?P<year>\d{4})-(?P<seq>\d{4,})$")
# What a person may type for a receipt: any case, spaces, fewer digits (« a-2024-42 »).
_TYPED_RECEIPT_RE = re.compile(r"^(?P<series>[A-Z])-(?P<year>\d{4})-(?P<seq>\d{1,9})$")


def person_number(series: str, seq: int) -> str:
    """``A-000123``"""
    return f"{series}-{seq:06d}"


def membership_number(series: str, year: int, seq: int) -> str:
    """``AD-A-2024-0042``"""
    return f"{MEMBERSHIP_PREFIX}-{series}-{year:04d}-{seq:04d}"


def receipt_number(series: str, year: int, seq: int) -> str:
    """``A-2024-000042``"""
    return f"{series}-{year:04d}-{seq:06d}"


def parse_receipt_number(text: str, field: str = "number") -> tuple[str, int, int]:
    """(series, year, seq) of a receipt number as stored or typed (« a-2024-42 » too).

    Raises a French ValidationError naming ``field`` when the text is not a receipt number.
    """
    cleaned = "".join(text.split()).upper()
    match = _TYPED_RECEIPT_RE.fullmatch(cleaned)
    if match is None or int(match["seq"]) == 0:
        shown = text.strip()
        raise ValidationError(
            f"« {shown} » n'est pas un numéro de reçu : il s'écrit comme A-2026-000042."
            if shown
            else "Indiquez le numéro du reçu, par exemple A-2026-000042.",
            field,
        )
    return match["series"], int(match["year"]), int(match["seq"])


def parse_person_number(number: str) -> tuple[str, int] | None:
    """(series, seq) of a person number, or None when it is not one."""
    match = PERSON_RE.fullmatch(number)
    return (match["series"], int(match["seq"])) if match else None


def parse_membership_number(number: str) -> tuple[str, int, int] | None:
    """(series, year, seq) of a membership number, or None when it is not one."""
    match = MEMBERSHIP_RE.fullmatch(number)
    return (match["series"], int(match["year"]), int(match["seq"])) if match else None


def _last_seq(session: Session, column, prefix: str, parse) -> int:  # type: ignore[no-untyped-def]
    # Longest then greatest: zero-padded numbers sort as text until they gain a digit.
    number = session.scalar(
        select(column)
        .where(column.startswith(prefix, autoescape=True))
        .order_by(func.length(column).desc(), column.desc())
        .limit(1)
    )
    parsed = parse(number) if number else None
    return parsed[-1] if parsed else 0


def next_person_number(session: Session, series: str) -> str:
    """The next free person number of ``series`` (tombstoned persons keep theirs)."""
    last = _last_seq(session, Person.number, f"{series}-", parse_person_number)
    return person_number(series, last + 1)


def last_membership_seq(session: Session, series: str, year: int) -> int:
    """The highest membership sequence of ``series`` for ``year`` (0 when none)."""
    prefix = f"{MEMBERSHIP_PREFIX}-{series}-{year:04d}-"
    return _last_seq(session, Membership.number, prefix, parse_membership_number)


def next_membership_number(session: Session, series: str, year: int) -> str:
    """The next free membership number of ``series`` for ``year``."""
    return membership_number(series, year, last_membership_seq(session, series, year) + 1)
