"""What reading a person file gives: typed records, row errors and the plan holding them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.services.imports.formats import Field, Format
from desktop.services.imports.table import Table
from desktop.vocabulary import Gender, HeardFrom


@dataclass(frozen=True)
class MembershipRecord:
    """A membership read from the file; what the file does not say is None."""

    number: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    amount_cents: int | None = None
    paid_at: dt.datetime | None = None  # aware, UTC


@dataclass(frozen=True)
class PersonRecord:
    """One valid row. Datetimes are aware UTC; phone E.164 or ""; e-mail normalised or "".

    ``source_reference`` (« helloasso:… », « paheko:… », « ressourcerie:… ») names the row
    in the system it came from, so importing the same file again finds the same persons.
    """

    line: int
    source_reference: str
    first_name: str
    last_name: str
    number: str = ""
    usage_name: str = ""
    phone: str = ""
    email: str = ""
    birth_year: int | None = None
    gender: Gender = Gender.UNKNOWN
    heard_from: HeardFrom | None = None
    consent_data_at: dt.datetime | None = None
    consent_newsletter_at: dt.datetime | None = None
    consent_photos_at: dt.datetime | None = None
    registered_at: dt.datetime | None = None
    membership: MembershipRecord | None = None


@dataclass(frozen=True)
class RowError:
    """Why the row starting on file line ``line`` was refused (French, one field each)."""

    line: int
    field: Field | None
    message: str


@dataclass(frozen=True)
class ImportPlan:
    """A file read and checked, nothing written: its format, the mapping used, the valid
    rows and the refused ones (every problem of a row at once)."""

    format: Format
    encoding: str
    separator: str
    mapping: tuple[tuple[str, Field], ...]  # (header, field), in column order
    records: tuple[PersonRecord, ...]
    errors: tuple[RowError, ...]
    table: Table

    @property
    def row_count(self) -> int:
        return len(self.table.rows)

    @property
    def refused_lines(self) -> tuple[int, ...]:
        return tuple(sorted({e.line for e in self.errors}))
