"""The persons and imported memberships of a site, indexed for matching import rows
(see ``apply``'s docstring for the order in which they are matched)."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Membership, Person
from desktop.services.people import fold
from desktop.vocabulary import Gender


@dataclass(slots=True)
class Known:
    """A person as matching sees it (from the file or created by this import)."""

    id: uuid.UUID
    number: str
    first_name: str
    last_name: str
    usage_name: str
    phone: str
    email: str
    birth_year: int | None
    gender: Gender
    heard_from: object
    names: tuple[str, str]  # folded first and last names


fold_cached = functools.lru_cache(maxsize=65_536)(fold)  # a file repeats its first names


def folded_names(first: str, last: str) -> tuple[str, str]:
    return fold_cached(first), fold_cached(last)


@dataclass
class Directory:
    """Every person and imported membership of the site, indexed for matching."""

    by_id: dict[uuid.UUID, Known] = field(default_factory=dict)
    by_reference: dict[str, uuid.UUID] = field(default_factory=dict)
    by_number: dict[str, uuid.UUID] = field(default_factory=dict)
    taken_numbers: set[str] = field(default_factory=set)  # tombstones keep theirs
    by_email: dict[tuple[tuple[str, str], str], set[uuid.UUID]] = field(default_factory=dict)
    by_phone: dict[tuple[tuple[str, str], str], set[uuid.UUID]] = field(default_factory=dict)
    membership_person: dict[str, uuid.UUID] = field(default_factory=dict)  # reference → person
    membership_numbers: dict[str, uuid.UUID] = field(default_factory=dict)  # number → person

    def add(self, known: Known, reference: str) -> None:
        self.by_id[known.id] = known
        self.by_number[known.number] = known.id
        self.taken_numbers.add(known.number)
        if reference:
            self.by_reference.setdefault(reference, known.id)
        if known.email:  # the local part's case is kept but rarely meant
            self.by_email.setdefault((known.names, known.email.lower()), set()).add(known.id)
        if known.phone:
            self.by_phone.setdefault((known.names, known.phone), set()).add(known.id)


def load_directory(session: Session) -> Directory:
    directory = Directory()
    survivors: dict[uuid.UUID, uuid.UUID] = {}
    tombstones: list[tuple[uuid.UUID, str]] = []
    rows = session.execute(
        select(
            Person.id, Person.number, Person.first_name, Person.last_name, Person.usage_name,
            Person.phone, Person.email, Person.birth_year, Person.gender, Person.heard_from,
            Person.source_reference, Person.deleted, Person.merged_into_id,
        )
    )  # fmt: skip
    for (pid, number, first, last, usage, phone, email, born, gender, heard, reference,
         deleted, merged_into) in rows:  # fmt: skip
        directory.taken_numbers.add(number)
        if deleted:
            if merged_into is not None:
                survivors[pid] = merged_into
                if reference:
                    tombstones.append((merged_into, reference))
            continue
        known = Known(
            pid, number, first, last, usage, phone, email, born, gender, heard,
            folded_names(first, last),
        )  # fmt: skip
        directory.add(known, reference)
    # A merged person's reference leads to the person it was merged into.
    for survivor, reference in tombstones:
        target = _follow(survivor, survivors)
        if target in directory.by_id:
            directory.by_reference.setdefault(reference, target)
    for reference, number, person_id, deleted, cancelled in session.execute(
        select(
            Membership.source_reference, Membership.number, Membership.person_id,
            Membership.deleted, Membership.cancelled,
        )
    ):  # fmt: skip
        target = _follow(person_id, survivors)
        directory.membership_numbers[number] = target
        if reference and not (deleted or cancelled):
            directory.membership_person[reference] = target
        elif reference:
            directory.membership_person.setdefault(reference, target)
    return directory


def _follow(person_id: uuid.UUID, survivors: dict[uuid.UUID, uuid.UUID]) -> uuid.UUID:
    for _ in range(20):  # a merge chain is short; never loop on a damaged file
        if person_id not in survivors:
            break
        person_id = survivors[person_id]
    return person_id
