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
import uuid
from dataclasses import dataclass

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
from desktop.services.imports.formats import Field, Format
from desktop.services.imports.known import (
    Directory,
    Known,
    fold_cached,
    folded_names,
    load_directory,
)
from desktop.services.imports.records import ImportPlan, MembershipRecord, PersonRecord, RowError
from desktop.services.imports.report import Difference, ImportMode, ImportReport, refusal_message
from desktop.services.numbering import (
    parse_membership_number,
    parse_person_number,
    person_number,
)
from desktop.services.people import search_key
from desktop.services.permissions import Actor, Capability, require
from desktop.services.progress import ProgressCallback, report
from desktop.vocabulary import AuditAction, AuditEntity, ConsentKind, Gender

__all__ = ["Difference", "ImportMode", "ImportReport", "apply_plan"]  # callers import them here
PROGRESS_EVERY = 500
FLUSH_EVERY = 2000


class _Refused(Exception):
    def __init__(self, message: str, field: Field | None = None) -> None:
        super().__init__(message)
        self.message, self.field = message, field


@dataclass
class _Importer:
    session: Session
    actor: Actor
    plan: ImportPlan
    directory: Directory
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

    def match(self, record: PersonRecord) -> Known | None:
        d = self.directory
        membership_ref = _membership_reference(self.plan.format, record)
        if membership_ref and membership_ref in d.membership_person:
            found = d.by_id.get(d.membership_person[membership_ref])
            if found is not None:
                return found
        if record.source_reference in d.by_reference:
            return d.by_id[d.by_reference[record.source_reference]]
        names = folded_names(record.first_name, record.last_name)
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
            known = self.create(record, folded_names(record.first_name, record.last_name))
        else:
            self.compare(record, known)
        if record.membership is not None:
            self.membership(record, record.membership, known)

    def create(self, record: PersonRecord, names: tuple[str, str]) -> Known:
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
        known = Known(
            person_id, number, record.first_name, record.last_name, record.usage_name,
            record.phone, record.email, record.birth_year, record.gender, record.heard_from,
            names,
        )  # fmt: skip
        self.directory.add(known, record.source_reference)
        self.created += 1
        return known

    def compare(self, record: PersonRecord, known: Known) -> None:
        gender = None if record.gender is Gender.UNKNOWN else record.gender
        pairs: tuple[tuple[Field, object, object], ...] = (
            (Field.FIRST_NAME, fold_cached(record.first_name), known.names[0]),
            (Field.LAST_NAME, fold_cached(record.last_name), known.names[1]),
            (Field.USAGE_NAME, fold_cached(record.usage_name), fold_cached(known.usage_name)),
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

    def membership(self, record: PersonRecord, wanted: MembershipRecord, known: Known) -> None:
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
        raise ValidationError(refusal_message(plan.errors, len(plan.errors)))
    session.connection()  # the write lock first: numbers are read under it
    importer = _Importer(
        session=session,
        actor=actor,
        plan=plan,
        directory=load_directory(session),
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
        raise ValidationError(refusal_message(importer.refused, len(importer.refused)))
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
