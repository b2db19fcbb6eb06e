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

from desktop.services.formatting import local
from desktop.services.imports.formats import OWN_COLUMNS, Field
from desktop.services.imports.records import PersonRecord
from desktop.vocabulary import Gender


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
