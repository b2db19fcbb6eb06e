"""Writing person records in the app's own CSV format (the import reads it back).

UTF-8 with a BOM (spreadsheets then show accents right), ``;`` separators, CRLF line ends,
amounts with a decimal comma, days as dd/mm/yyyy and consent moments as ISO 8601 with the
Paris offset (unambiguous across the autumn clock change, exact to the second).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import ConsentEvent, Membership, Person
from desktop.services.formatting import local
from desktop.services.imports.formats import OWN_COLUMNS, Field
from desktop.services.imports.records import MembershipRecord, PersonRecord
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.vocabulary import ConsentKind, Gender


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def _moment(value: dt.datetime | None) -> str:
    return local(value).replace(microsecond=0).isoformat(sep=" ") if value is not None else ""


def _cents(value: int | None) -> str:
    return "" if value is None else f"{value // 100},{value % 100:02d}"


def _cells(record: PersonRecord) -> dict[Field, str]:
    membership = record.membership
    return {
        Field.NUMBER: record.number,
        Field.FIRST_NAME: record.first_name,
        Field.LAST_NAME: record.last_name,
        Field.USAGE_NAME: record.usage_name,
        Field.PHONE: record.phone,
        Field.EMAIL: record.email,
        Field.BIRTH_YEAR: "" if record.birth_year is None else str(record.birth_year),
        Field.GENDER: "" if record.gender is Gender.UNKNOWN else record.gender.value,
        Field.HEARD_FROM: record.heard_from.value if record.heard_from else "",
        Field.CONSENT_DATA: _moment(record.consent_data_at),
        Field.CONSENT_NEWSLETTER: _moment(record.consent_newsletter_at),
        Field.CONSENT_PHOTOS: _moment(record.consent_photos_at),
        Field.MEMBERSHIP_NUMBER: membership.number if membership else "",
        Field.MEMBERSHIP_FROM: _day(membership.valid_from) if membership else "",
        Field.MEMBERSHIP_UNTIL: _day(membership.valid_until) if membership else "",
        Field.MEMBERSHIP_AMOUNT: _cents(membership.amount_cents) if membership else "",
    }


def persons_csv(records: Iterable[PersonRecord]) -> bytes:
    """The records as our own person file (see the module docstring and README.md)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([title for title, _ in OWN_COLUMNS])
    for record in records:
        cells = _cells(record)
        writer.writerow([cells[field] for _, field in OWN_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def _consents(session: Session) -> dict[tuple[object, ConsentKind], dt.datetime | None]:
    """(person, consent) → when it was given, if its latest event gives it (else None)."""
    state: dict[tuple[object, ConsentKind], dt.datetime | None] = {}
    for person_id, kind, given, at in session.execute(
        select(
            ConsentEvent.person_id, ConsentEvent.consent, ConsentEvent.given, ConsentEvent.at
        ).order_by(ConsentEvent.at, ConsentEvent.hlc)
    ):
        state[(person_id, kind)] = at if given else None
    return state


def _latest_memberships(session: Session) -> dict[object, Membership]:
    """Each person's standing membership ending last."""
    latest: dict[object, Membership] = {}
    for membership in session.scalars(
        select(Membership).where(Membership.deleted.is_(False), Membership.cancelled.is_(False))
    ):
        current = latest.get(membership.person_id)
        if current is None or membership.valid_until > current.valid_until:
            latest[membership.person_id] = membership
    return latest


@reads
def person_records(session: Session, actor: Actor) -> list[PersonRecord]:
    """Every person kept (tombstones left out), by number, as our own format's records:
    consents as their current state (the moment given, empty when withdrawn or never), the
    membership ending last."""
    require(actor, Capability.ADMINISTRATION)
    consents = _consents(session)
    memberships = _latest_memberships(session)
    records = []
    persons = session.scalars(
        select(Person).where(Person.deleted.is_(False)).order_by(Person.number)
    )
    for line, person in enumerate(persons, start=2):
        membership = memberships.get(person.id)
        records.append(
            PersonRecord(
                line=line,
                source_reference=f"ressourcerie:{person.number}",
                number=person.number,
                first_name=person.first_name,
                last_name=person.last_name,
                usage_name=person.usage_name,
                phone=person.phone,
                email=person.email,
                birth_year=person.birth_year,
                gender=person.gender,
                heard_from=person.heard_from,
                consent_data_at=consents.get((person.id, ConsentKind.DATA)),
                consent_newsletter_at=consents.get((person.id, ConsentKind.NEWSLETTER)),
                consent_photos_at=consents.get((person.id, ConsentKind.PHOTOS)),
                membership=MembershipRecord(
                    number=membership.number,
                    valid_from=membership.valid_from,
                    valid_until=membership.valid_until,
                    amount_cents=membership.amount_cents,
                )
                if membership is not None
                else None,
            )
        )
    return records


@reads
def export_persons(session: Session, actor: Actor) -> bytes:
    """The site's persons as our own person file (administration: the whole directory)."""
    return persons_csv(person_records(session, actor))
