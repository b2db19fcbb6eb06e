"""A table and a column mapping → an :class:`ImportPlan` (typed records and row errors)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from desktop.services.errors import FieldChecks, ValidationError
from desktop.services.imports import values
from desktop.services.imports.formats import FIELD_LABELS, Field, Format, recognise
from desktop.services.imports.records import ImportPlan, MembershipRecord, PersonRecord, RowError
from desktop.services.imports.table import FileRefused, Row, Table, read_table
from desktop.services.progress import ProgressCallback, report
from desktop.vocabulary import Gender

PROGRESS_EVERY = 500
_FIELD_VALUES = frozenset(f.value for f in Field)
_MEMBERSHIP = frozenset(
    {
        Field.MEMBERSHIP_NUMBER,
        Field.MEMBERSHIP_FROM,
        Field.MEMBERSHIP_UNTIL,
        Field.MEMBERSHIP_AMOUNT,
        Field.MEMBERSHIP_PAID_AT,
    }
)
T = TypeVar("T")
Parser = Callable[[str, Field], T]  # one cell's text → its value, or a ValidationError
# Systems whose row id is one person: a repeat in the file is a duplicate row. A HelloAsso
# order may hold several memberships, so its repeats are numbered instead.
_ONE_PERSON_PER_KEY = {Format.PAHEKO, Format.RESSOURCERIE, Format.OTHER}


def read_persons(
    data: bytes, *, progress: ProgressCallback | None = None, every: int = PROGRESS_EVERY
) -> ImportPlan:
    """The plan of a person file's bytes with the mapping its headers suggest.

    Raises :class:`FileRefused` (French) when the file cannot be read as a person table.
    """
    table = read_table(data)
    kind, mapping = recognise(table.headers)
    return plan_with_mapping(table, mapping, kind=kind, progress=progress, every=every)


def plan_with_mapping(
    table: Table,
    mapping: Mapping[str, Field],
    *,
    kind: Format | None = None,
    progress: ProgressCallback | None = None,
    every: int = PROGRESS_EVERY,
) -> ImportPlan:
    """The plan of ``table`` read through ``mapping`` (header → field, e.g. edited by the
    person); ``kind`` defaults to the format the headers are recognised as."""
    kind = recognise(table.headers)[0] if kind is None else kind
    columns = _columns(table, mapping)
    reader = _RowReader(kind, columns, len(table.headers))
    total, every = len(table.rows), max(1, every)
    report(progress, 0, total)
    for done, row in enumerate(table.rows, start=1):
        reader.read(row)
        if done % every == 0:
            report(progress, done, total)
    report(progress, total, total)
    ordered = tuple((table.headers[i], field) for field, i in sorted(columns.items(), key=_col))
    return ImportPlan(
        format=kind,
        encoding=table.encoding,
        separator=table.separator,
        mapping=ordered,
        records=tuple(reader.records),
        errors=tuple(reader.errors),
        table=table,
    )


def _col(item: tuple[Field, int]) -> int:
    return item[1]


def _columns(table: Table, mapping: Mapping[str, Field]) -> dict[Field, int]:
    """field → column index, checked: known headers, each field once, names present."""
    index = {header: i for i, header in enumerate(table.headers)}
    columns: dict[Field, int] = {}
    for header, field in mapping.items():
        if header not in index:
            raise ValidationError(f"La colonne « {header} » n'existe pas dans ce fichier.")
        field = Field(field)
        if field in columns:
            raise ValidationError(
                f"Deux colonnes pour le champ « {FIELD_LABELS[field]} » : « "
                f"{table.headers[columns[field]]} » et « {header} ». Gardez-en une seule."
            )
        columns[field] = index[header]
    has_names = {Field.FIRST_NAME, Field.LAST_NAME} <= columns.keys()
    if not has_names and Field.FULL_NAME not in columns:
        found = ", ".join(f"« {h} »" for h in table.headers[:12])
        raise FileRefused(
            "Colonnes du nom et du prénom introuvables : ce fichier n'est pas reconnu comme "
            f"une liste de personnes (colonnes lues : {found}). Indiquez quelle colonne "
            "contient quoi."
        )
    return columns


@dataclass
class _RowReader:
    kind: Format
    columns: dict[Field, int]
    width: int

    def __post_init__(self) -> None:
        self.records: list[PersonRecord] = []
        self.errors: list[RowError] = []
        self.keys: dict[str, int] = {}  # source reference → line first seen

    def read(self, row: Row) -> None:
        cells = row.cells
        if len(cells) != self.width and (
            len(cells) < self.width or any(c.strip() for c in cells[self.width :])
        ):
            self.errors.append(
                RowError(
                    row.line,
                    None,
                    f"{len(cells)} valeur(s) au lieu de {self.width} : un séparateur ou un "
                    "guillemet manque ou est en trop.",
                )
            )
            return
        # Only the cells with something in them: an empty cell is checked by no one.
        text = {field: cells[i] for field, i in self.columns.items() if cells[i].strip()}
        checks = FieldChecks()
        reference = checks.run(self._reference, row.line, text)
        record = self._record(checks, row.line, reference or "", text)
        refusals = [
            RowError(row.line, Field(e.field) if e.field in _FIELD_VALUES else None, e.message)
            for e in checks.errors
        ]
        self.errors.extend(sorted(refusals, key=self._position))  # in the file's column order
        if not checks.errors:
            self.records.append(record)

    def _position(self, error: RowError) -> int:
        column = self.columns.get(error.field) if error.field is not None else None
        if column is None and error.field in (Field.FIRST_NAME, Field.LAST_NAME):
            column = self.columns.get(Field.FULL_NAME)
        return self.width if column is None else column

    def _reference(self, line: int, text: dict[Field, str]) -> str:
        key = " ".join(text.get(Field.SOURCE_KEY, "").split())
        if self.kind is Format.RESSOURCERIE:
            key = " ".join(text.get(Field.NUMBER, "").split())
        if not key:
            return ""
        reference = f"{self.kind.value}:{key}"
        if reference in self.keys:
            if self.kind in _ONE_PERSON_PER_KEY:
                raise ValidationError(
                    f"« {key} » figure déjà ligne {self.keys[reference]} : ligne en double.",
                    Field.NUMBER if self.kind is Format.RESSOURCERIE else Field.SOURCE_KEY,
                )
            repeat = 2
            while f"{reference}#{repeat}" in self.keys:
                repeat += 1
            reference = f"{reference}#{repeat}"
        self.keys[reference] = line
        return reference

    def _record(
        self, checks: FieldChecks, line: int, reference: str, text: dict[Field, str]
    ) -> PersonRecord:
        """The row's record; every refusal goes to ``checks`` (the record is then unused)."""

        def value(parse: Parser[T], field: Field) -> T | None:
            cell = text.get(field)
            return None if cell is None else checks.run(parse, cell, field)

        value(values.order_status, Field.ORDER_STATUS)
        get = text.get
        first_raw, last_raw = get(Field.FIRST_NAME, ""), get(Field.LAST_NAME, "")
        first_field, last_field = Field.FIRST_NAME, Field.LAST_NAME
        split_refused = False
        if Field.FULL_NAME in text and not (first_raw or last_raw):
            split = checks.run(values.split_full_name, text[Field.FULL_NAME], Field.FULL_NAME)
            first_raw, last_raw = split if split is not None else ("", "")
            first_field = last_field = Field.FULL_NAME
            split_refused = split is None  # it said why already
        first = checks.run(values.name, first_raw, first_field) or ""
        last = checks.run(values.name, last_raw, last_field) or ""
        if not split_refused:  # a name refused for what it holds is not also « manquant »
            if not first_raw.strip():
                checks.errors.append(ValidationError("Prénom manquant.", Field.FIRST_NAME))
            if not last_raw.strip():
                checks.errors.append(ValidationError("Nom manquant.", Field.LAST_NAME))
        return PersonRecord(
            line=line,
            source_reference=reference,
            first_name=first,
            last_name=last,
            number=" ".join(get(Field.NUMBER, "").split()).upper(),
            usage_name=value(values.name, Field.USAGE_NAME) or "",
            phone=value(values.phone, Field.PHONE) or "",
            email=value(values.email, Field.EMAIL) or "",
            birth_year=value(values.birth_year, Field.BIRTH_YEAR),
            gender=value(values.gender, Field.GENDER) or Gender.UNKNOWN,
            heard_from=value(values.heard_from, Field.HEARD_FROM),
            consent_data_at=value(values.consent, Field.CONSENT_DATA),
            consent_newsletter_at=value(values.consent, Field.CONSENT_NEWSLETTER),
            consent_photos_at=value(values.consent, Field.CONSENT_PHOTOS),
            registered_at=value(values.moment, Field.REGISTERED_AT),
            membership=self._membership(checks, text) if text.keys() & _MEMBERSHIP else None,
        )

    def _membership(self, checks: FieldChecks, text: dict[Field, str]) -> MembershipRecord:
        def value(parse: Parser[T], field: Field) -> T | None:
            cell = text.get(field)
            return None if cell is None else checks.run(parse, cell, field)

        valid_from = value(values.day, Field.MEMBERSHIP_FROM)
        valid_until = value(values.day, Field.MEMBERSHIP_UNTIL)
        if valid_from and valid_until and valid_until < valid_from:
            checks.errors.append(
                ValidationError("La fin de l'adhésion précède son début.", Field.MEMBERSHIP_UNTIL)
            )
        return MembershipRecord(
            number=" ".join(text.get(Field.MEMBERSHIP_NUMBER, "").split()).upper(),
            valid_from=valid_from,
            valid_until=valid_until,
            amount_cents=value(values.amount, Field.MEMBERSHIP_AMOUNT),
            paid_at=value(values.moment, Field.MEMBERSHIP_PAID_AT),
        )
