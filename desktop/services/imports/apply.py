"""Writing an :class:`ImportPlan` into the data file: new persons, their imported
memberships and consents, in one unit of work (README.md, "Person import and export").

Policy
------
* **All or nothing** (``ImportMode.ALL_OR_NOTHING``, the default): a plan with refused rows
  writes nothing and raises a French :class:`ValidationError` listing them. With
  ``ImportMode.VALID_ONLY`` (the command line's ``--valid-only``, the dialog's confirmation)
  the valid rows are written and the refused ones reported by line.
* **Matching** a row to a person already here, in this order: the membership's source
  reference (an order imported before), the person's source reference (same file, same
  system), the person number (our own format only, and only when the folded names agree:
  another site's ``A-000001`` is somebody else), then the same folded first and last names
  *and* the same e-mail or phone. Never on names alone (homonyms) nor on a contact alone (a
  couple shares one payer e-mail in HelloAsso). Several candidates: the row is refused.
* A matched person is **never updated**: what the file says differently is reported per line
  (``ImportReport.differences``). Only a membership the person does not have yet is added.
* Imported memberships were paid elsewhere (HelloAsso): no receipt (``receipt_id`` NULL),
  ``source_reference`` set, numbered like the others; the file's number (our own format) is
  kept when free. The team meeting and charter are not in such files: the validity start
  (and the payment moment, else that day's midnight) stand for them.
* Consents given in the file become :class:`ConsentEvent` rows of the new person, recorded
  by the importing staff member.

Everything happens in the caller's unit of work; an error (or :class:`Cancelled` from the
progress callback) propagates and the caller rolls back: nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import ConsentEvent, Membership, Person
from desktop.models.base import Synced
from desktop.models.changelog import insert_rows
from desktop.services import audit
from desktop.services.cash.common import device_series
from desktop.services.cash.memberships import (
    add_months,
    membership_numbered,
    next_membership_number,
)
from desktop.services.cash.tariffs import membership_validity_months
from desktop.services.clock import new_row_id, now
from desktop.services.errors import ValidationError
from desktop.services.formatting import PARIS, to_utc
from desktop.services.imports.formats import FIELD_LABELS, Field, Format
from desktop.services.imports.records import ImportPlan, MembershipRecord, PersonRecord, RowError
from desktop.services.numbering import (
    parse_membership_number,
    parse_person_number,
    person_number,
)
from desktop.services.people import fold, search_key
from desktop.services.permissions import Actor, Capability, require
from desktop.services.progress import ProgressCallback, report
from desktop.vocabulary import AuditAction, AuditEntity, ConsentKind, Gender

PROGRESS_EVERY = 500
FLUSH_EVERY = 2000
SHOWN_REFUSALS = 20  # in the all-or-nothing refusal message


class ImportMode(StrEnum):
    ALL_OR_NOTHING = "tout_ou_rien"
    VALID_ONLY = "lignes_valides"


@dataclass(frozen=True)
class Difference:
    """A matched person whose stored values differ from the file's (nothing was changed)."""

    line: int
    number: str
    fields: tuple[Field, ...]

    @property
    def label(self) -> str:
        """« ligne 4 : A-000012 diffère (téléphone, e-mail) — fiche inchangée »"""
        names = ", ".join(FIELD_LABELS[f] for f in self.fields)
        return f"ligne {self.line} : {self.number} diffère ({names}) — fiche inchangée"


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote and what it left alone, line by line where it matters."""

    mode: ImportMode
    format: Format
    rows: int
    created: int
    unchanged: int  # matched, the file says nothing new
    differences: tuple[Difference, ...]  # matched, the file differs: reported, not applied
    memberships_created: int
    memberships_skipped: int  # already imported (same reference or number): not doubled
    consents_recorded: int
    refused: tuple[RowError, ...]  # refused lines (plan and matching), none written

    @property
    def matched(self) -> int:
        return self.unchanged + len(self.differences)

    @property
    def refused_lines(self) -> tuple[int, ...]:
        return tuple(sorted({e.line for e in self.refused}))

    def summary_fr(self) -> str:
        """One French sentence: « 12 personnes créées, 3 déjà connues (1 avec des
        différences, non modifiée), 12 adhésions créées, 2 déjà importées, 1 ligne refusée. »"""
        parts = [
            f"{self.created} personne(s) créée(s)",
            f"{self.matched} déjà connue(s)"
            + (
                f" (dont {len(self.differences)} avec des différences, non modifiée(s))"
                if self.differences
                else ""
            ),
            f"{self.memberships_created} adhésion(s) créée(s)",
        ]
        if self.memberships_skipped:
            parts.append(f"{self.memberships_skipped} adhésion(s) déjà importée(s)")
        if self.consents_recorded:
            parts.append(f"{self.consents_recorded} consentement(s) enregistré(s)")
        parts.append(f"{len(self.refused_lines)} ligne(s) refusée(s)")
        return ", ".join(parts) + "."


@dataclass(slots=True)
class _Known:
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


_fold = functools.lru_cache(maxsize=65_536)(fold)  # a file repeats its first names


def _names(first: str, last: str) -> tuple[str, str]:
    return _fold(first), _fold(last)


@dataclass
class _Directory:
    """Every person and imported membership of the site, indexed for matching."""

    by_id: dict[uuid.UUID, _Known] = field(default_factory=dict)
    by_reference: dict[str, uuid.UUID] = field(default_factory=dict)
    by_number: dict[str, uuid.UUID] = field(default_factory=dict)
    taken_numbers: set[str] = field(default_factory=set)  # tombstones keep theirs
    by_email: dict[tuple[tuple[str, str], str], set[uuid.UUID]] = field(default_factory=dict)
    by_phone: dict[tuple[tuple[str, str], str], set[uuid.UUID]] = field(default_factory=dict)
    membership_person: dict[str, uuid.UUID] = field(default_factory=dict)  # reference → person
    membership_numbers: dict[str, uuid.UUID] = field(default_factory=dict)  # number → person

    def add(self, known: _Known, reference: str) -> None:
        self.by_id[known.id] = known
        self.by_number[known.number] = known.id
        self.taken_numbers.add(known.number)
        if reference:
            self.by_reference.setdefault(reference, known.id)
        if known.email:  # the local part's case is kept but rarely meant
            self.by_email.setdefault((known.names, known.email.lower()), set()).add(known.id)
        if known.phone:
            self.by_phone.setdefault((known.names, known.phone), set()).add(known.id)


def _directory(session: Session) -> _Directory:
    directory = _Directory()
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
        known = _Known(
            pid, number, first, last, usage, phone, email, born, gender, heard,
            _names(first, last),
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


class _Refused(Exception):
    def __init__(self, message: str, field: Field | None = None) -> None:
        super().__init__(message)
        self.message, self.field = message, field


@dataclass
class _Importer:
    session: Session
    actor: Actor
    plan: ImportPlan
    directory: _Directory
    series: str
    validity_months: int
    at: dt.datetime

    def __post_init__(self) -> None:
        self.created = self.unchanged = 0
        self.memberships_created = self.memberships_skipped = self.consents = 0
        self.differences: list[Difference] = []
        self.refused: list[RowError] = []
        self.pending: dict[type[Synced], list[dict[str, object]]] = {
            Person: [],
            Membership: [],
            ConsentEvent: [],
        }
        self.kept_numbers = self._kept_numbers()
        self.next_seq = self._last_seq() + 1

    # --- numbers -------------------------------------------------------------------------

    def _kept_numbers(self) -> set[str]:
        """Numbers of the file (own format) that new persons keep: free and well formed."""
        kept = set()
        for record in self.plan.records:
            number = record.number
            taken = self.directory.taken_numbers
            if number and parse_person_number(number) and number not in taken:
                kept.add(number)
        return kept

    def _last_seq(self) -> int:
        seqs = [0]
        for number in self.directory.taken_numbers | self.kept_numbers:
            parsed = parse_person_number(number)
            if parsed is not None and parsed[0] == self.series:
                seqs.append(parsed[1])
        return max(seqs)

    def _new_number(self, record: PersonRecord) -> str:
        if record.number in self.kept_numbers and record.number not in self.directory.by_number:
            return record.number
        number = person_number(self.series, self.next_seq)
        self.next_seq += 1
        return number

    # --- matching ------------------------------------------------------------------------

    def match(self, record: PersonRecord) -> _Known | None:
        d = self.directory
        membership_ref = _membership_reference(self.plan.format, record)
        if membership_ref and membership_ref in d.membership_person:
            found = d.by_id.get(d.membership_person[membership_ref])
            if found is not None:
                return found
        if record.source_reference in d.by_reference:
            return d.by_id[d.by_reference[record.source_reference]]
        names = _names(record.first_name, record.last_name)
        if record.number and record.number in d.by_number:
            found = d.by_id[d.by_number[record.number]]
            if found.names == names:
                return found
            if record.number not in self.kept_numbers:  # ours, someone else's now
                raise _Refused(
                    f"Le numéro {record.number} est ici celui de {found.first_name} "
                    f"{found.last_name} : ce n'est pas la même personne. Retirez le numéro "
                    "de la ligne pour la créer avec un nouveau numéro.",
                    Field.NUMBER,
                )
        candidates: set[uuid.UUID] = set()
        if record.email:
            candidates |= d.by_email.get((names, record.email.lower()), set())
        if record.phone:
            candidates |= d.by_phone.get((names, record.phone), set())
        if len(candidates) > 1:
            numbers = ", ".join(sorted(d.by_id[c].number for c in candidates))
            raise _Refused(
                f"Plusieurs personnes portent ce nom avec ce contact ({numbers}) : "
                "fusionnez-les avant d'importer cette ligne."
            )
        return d.by_id[candidates.pop()] if candidates else None

    # --- writing -------------------------------------------------------------------------

    def row(self, record: PersonRecord) -> None:
        try:
            if record.membership is not None:
                _membership_start(record.membership)  # refused before anything is written
            known = self.match(record)
        except _Refused as refused:
            self.refused.append(RowError(record.line, refused.field, refused.message))
            return
        if known is None:
            known = self.create(record, _names(record.first_name, record.last_name))
        else:
            self.compare(record, known)
        if record.membership is not None:
            self.membership(record, record.membership, known)

    def create(self, record: PersonRecord, names: tuple[str, str]) -> _Known:
        person_id = new_row_id(self.session)
        number = self._new_number(record)
        self.pending[Person].append(
            {
                "id": person_id,
                "number": number,
                "first_name": record.first_name,
                "last_name": record.last_name,
                "usage_name": record.usage_name,
                "search_key": search_key(record.first_name, record.last_name, record.usage_name),
                "email": record.email,
                "phone": record.phone,
                "birth_year": record.birth_year,
                "gender": record.gender,
                "heard_from": record.heard_from,
                "created_at": record.registered_at or self.at,
                "created_by": self.actor.user_id,
                "source_reference": record.source_reference,
                "deleted": False,
            }
        )
        for kind, at in (
            (ConsentKind.DATA, record.consent_data_at),
            (ConsentKind.NEWSLETTER, record.consent_newsletter_at),
            (ConsentKind.PHOTOS, record.consent_photos_at),
        ):
            if at is not None:
                self.pending[ConsentEvent].append(
                    {
                        "id": new_row_id(self.session), "person_id": person_id,
                        "consent": kind, "given": True, "at": at,
                        "recorded_by": self.actor.user_id,
                    }
                )  # fmt: skip
                self.consents += 1
        known = _Known(
            person_id, number, record.first_name, record.last_name, record.usage_name,
            record.phone, record.email, record.birth_year, record.gender, record.heard_from,
            names,
        )  # fmt: skip
        self.directory.add(known, record.source_reference)
        self.created += 1
        return known

    def compare(self, record: PersonRecord, known: _Known) -> None:
        gender = None if record.gender is Gender.UNKNOWN else record.gender
        pairs: tuple[tuple[Field, object, object], ...] = (
            (Field.FIRST_NAME, _fold(record.first_name), known.names[0]),
            (Field.LAST_NAME, _fold(record.last_name), known.names[1]),
            (Field.USAGE_NAME, _fold(record.usage_name), _fold(known.usage_name)),
            (Field.PHONE, record.phone, known.phone),
            (Field.EMAIL, record.email.lower(), known.email.lower()),
            (Field.BIRTH_YEAR, record.birth_year, known.birth_year),
            (Field.GENDER, gender, known.gender),
            (Field.HEARD_FROM, record.heard_from, known.heard_from),
        )
        differing = [
            name for name, theirs, ours in pairs if theirs not in (None, "") and theirs != ours
        ]
        if differing:
            self.differences.append(Difference(record.line, known.number, tuple(differing)))
        else:
            self.unchanged += 1

    def membership(self, record: PersonRecord, wanted: MembershipRecord, known: _Known) -> None:
        d = self.directory
        reference = _membership_reference(self.plan.format, record)
        if (reference and reference in d.membership_person) or (
            wanted.number and d.membership_numbers.get(wanted.number) == known.id
        ):
            self.memberships_skipped += 1
            return
        paid_at = wanted.paid_at
        start = _membership_start(wanted)
        until = wanted.valid_until or (
            add_months(start, self.validity_months) - dt.timedelta(days=1)
        )
        number = wanted.number
        if not (number and parse_membership_number(number) and number not in d.membership_numbers):
            number = next_membership_number(self.session, self.series, start.year)
        membership_numbered(self.session, number)
        self.pending[Membership].append(
            {
                "id": new_row_id(self.session),
                "number": number,
                "person_id": known.id,
                "valid_from": start,
                "valid_until": until,
                "amount_cents": wanted.amount_cents or 0,
                "met_team_on": start,
                "charter_accepted_at": paid_at or to_utc(start, dt.time(0)),
                "recorded_by": self.actor.user_id,
                "receipt_id": None,
                "cancelled": False,
                "source_reference": reference or None,
                "deleted": False,
            }
        )
        d.membership_numbers[number] = known.id
        if reference:
            d.membership_person[reference] = known.id
        self.memberships_created += 1

    def flush(self) -> None:
        """Write what is pending: persons first (the other rows name them)."""
        for model, rows in self.pending.items():
            insert_rows(self.session, model, rows)
            rows.clear()


def _membership_start(wanted: MembershipRecord) -> dt.date:
    """The first day of an imported membership: its own, else the payment's day."""
    if wanted.valid_from is not None:
        return wanted.valid_from
    if wanted.paid_at is not None:
        return wanted.paid_at.astimezone(PARIS).date()
    raise _Refused(
        "Adhésion sans date de début ni date de paiement : la ligne n'est pas importée.",
        Field.MEMBERSHIP_FROM,
    )


def _membership_reference(kind: Format, record: PersonRecord) -> str:
    """The membership's own reference: the HelloAsso order (one per membership), or our
    own format's membership number; Paheko and other files carry none."""
    membership = record.membership
    if membership is None:
        return ""
    if kind is Format.RESSOURCERIE:
        return f"{kind.value}:{membership.number}" if membership.number else ""
    if kind is Format.HELLOASSO:
        return record.source_reference
    return ""


def _refusal_message(errors: Iterable[RowError], count: int) -> str:
    lines = []
    for error in list(errors)[:SHOWN_REFUSALS]:
        label = f"{FIELD_LABELS[error.field]} : " if error.field is not None else ""
        lines.append(f"ligne {error.line} : {label}{error.message}")
    more = count - len(lines)
    tail = f"\n… et {more} autre(s) erreur(s)." if more > 0 else ""
    return (
        "Import refusé, rien n'a été écrit : des lignes ne peuvent pas être importées "
        "(corrigez le fichier, ou importez seulement les lignes valides).\n"
        + "\n".join(lines)
        + tail
    )


def apply_plan(
    session: Session,
    actor: Actor,
    plan: ImportPlan,
    *,
    mode: ImportMode = ImportMode.ALL_OR_NOTHING,
    progress: ProgressCallback | None = None,
    every: int = PROGRESS_EVERY,
) -> ImportReport:
    """Write ``plan`` (see the module docstring for the policy); the caller commits.

    Administration only: an import writes hundreds of persons' data at once from an outside
    file, which only the person answerable for the data kept may decide (like backups and
    sync). Raises :class:`ValidationError` in all-or-nothing mode when a line is refused;
    lets :class:`Cancelled` from ``progress`` through (the caller rolls back).
    """
    require(actor, Capability.ADMINISTRATION)
    mode = ImportMode(mode)
    if mode is ImportMode.ALL_OR_NOTHING and plan.errors:
        raise ValidationError(_refusal_message(plan.errors, len(plan.errors)))
    session.connection()  # the write lock first: numbers are read under it
    importer = _Importer(
        session=session,
        actor=actor,
        plan=plan,
        directory=_directory(session),
        series=device_series(session),
        validity_months=membership_validity_months(session),
        at=now(session),
    )
    total, every = len(plan.records), max(1, every)
    report(progress, 0, total)
    for done, record in enumerate(plan.records, start=1):
        importer.row(record)
        if done % FLUSH_EVERY == 0:
            importer.flush()
        if done % every == 0:
            report(progress, done, total)
    if mode is ImportMode.ALL_OR_NOTHING and importer.refused:
        raise ValidationError(_refusal_message(importer.refused, len(importer.refused)))
    importer.flush()
    refused = tuple(sorted((*plan.errors, *importer.refused), key=lambda e: e.line))
    result = ImportReport(
        mode=mode,
        format=plan.format,
        rows=plan.row_count,
        created=importer.created,
        unchanged=importer.unchanged,
        differences=tuple(importer.differences),
        memberships_created=importer.memberships_created,
        memberships_skipped=importer.memberships_skipped,
        consents_recorded=importer.consents,
        refused=refused,
    )
    audit.record(
        session,
        actor,
        AuditAction.PERSONS_IMPORTED,
        AuditEntity.PERSON,
        "",
        detail=(
            f"{plan.format.value} {plan.row_count} lignes : {result.created} créées, "
            f"{result.matched} reconnues, {result.memberships_created} adhésions, "
            f"{len(result.refused_lines)} refusées"
        ),
    )
    report(progress, total, total)
    return result
