"""Finding persons at the desk: by name (accents and case ignored), number, phone or e-mail."""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from contextlib import suppress
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from desktop.models import Membership, Person
from desktop.services.clock import today
from desktop.services.contact import normalised_email, phone_e164
from desktop.services.errors import ValidationError
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.vocabulary import CaregiverStatus


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text used for searching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("-", " ").replace("'", " ").split())


def search_key(first_name: str, last_name: str) -> str:
    """The value stored in ``Person.search_key``: both orders match a prefix search."""
    return f"{fold(first_name)} {fold(last_name)}"


@dataclass(frozen=True)
class PersonSummary:
    id: uuid.UUID
    number: str
    first_name: str
    last_name: str
    email: str
    phone: str
    birth_year: int | None
    caregiver_status: CaregiverStatus
    membership_valid_until: dt.date | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def _summaries(session: Session, persons: list[Person], on: dt.date) -> list[PersonSummary]:
    ids = [p.id for p in persons]
    valid = dict(
        session.execute(
            select(Membership.person_id, func.max(Membership.valid_until))
            .where(
                Membership.person_id.in_(ids),
                Membership.deleted.is_(False),
                Membership.cancelled.is_(False),
                Membership.valid_from <= on,
                Membership.valid_until >= on,
            )
            .group_by(Membership.person_id)
        ).all()
    )
    return [
        PersonSummary(
            id=p.id,
            number=p.number,
            first_name=p.first_name,
            last_name=p.last_name,
            email=p.email,
            phone=p.phone,
            birth_year=p.birth_year,
            caregiver_status=p.caregiver_status,
            membership_valid_until=valid.get(p.id),
        )
        for p in persons
    ]


@reads
def search_persons(
    session: Session, actor: Actor, query: str, *, limit: int = 30, on: dt.date | None = None
) -> list[PersonSummary]:
    """Persons matching every word of ``query`` (name prefix), or a number, phone or e-mail."""
    require(actor, Capability.RECEPTION)
    on = on or today(session)
    words = fold(query).split()
    if not words:
        return []
    raw = query.strip()
    name_matches = and_(
        *(
            or_(Person.search_key.like(f"{word}%"), Person.search_key.like(f"% {word}%"))
            for word in words
        )
    )
    conditions = [name_matches, Person.number == raw.upper()]
    if "@" in raw:
        with suppress(ValidationError):  # not an address: names and numbers still match
            conditions.append(func.lower(Person.email) == normalised_email(raw).lower())
    phone = phone_e164(raw)
    if phone is not None:  # phones are stored in E.164
        conditions.append(Person.phone == phone)
    statement = select(Person).where(Person.deleted.is_(False), or_(*conditions))
    persons = session.scalars(
        statement.order_by(Person.last_name, Person.first_name).limit(limit)
    ).all()
    return _summaries(session, list(persons), on)


@reads
def get_person(
    session: Session, actor: Actor, person_id: uuid.UUID, on: dt.date | None = None
) -> PersonSummary | None:
    require(actor, Capability.RECEPTION)
    person = session.get(Person, person_id)
    if person is None or person.deleted:
        return None
    return _summaries(session, [person], on or today(session))[0]
