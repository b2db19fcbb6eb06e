"""Merging two records of the same human: the surviving values chosen field by field.

The survivor (``keep``) takes the values chosen from the other record (``merged``), the
earliest first visit, and the rows that may change: registrations, memberships, flags,
reduced-price decisions (and a case, silently, when the survivor has none). The merged
record becomes a tombstone (``deleted``, ``merged_into_id`` = the survivor) so that a later
sync can follow it. Visits, receipts and consent events are append-only: they keep the
merged id and every reader follows it (:mod:`desktop.services.merged`). Receipts, part of
a hash chain, are never rewritten.

A merge is refused when both records hold a registration to the same session, when it
names one record twice, or a record already merged or deleted. It is reserved to the
administration: a wrong merge mixes two people's histories and moves their memberships
and payments, which nobody at the desk could sort out again; the audit log records who
merged what.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import phonenumbers
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import (
    Activity,
    Case,
    ConsentEvent,
    MeetingFlag,
    Membership,
    Occurrence,
    Person,
    ReducedPriceDecision,
    Registration,
    Visit,
)
from desktop.models import Receipt as ReceiptRow
from desktop.services import audit
from desktop.services.errors import NotFound, PermissionDenied, ValidationError
from desktop.services.formatting import date_long, date_short, local, time_short
from desktop.services.merged import person_ids_of
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.services.search import search_key
from desktop.services.visits import counted
from desktop.vocabulary import (
    AuditAction,
    AuditEntity,
    CaregiverStatus,
    Employment,
    Gender,
    RegistrationStatus,
    label,
)

Side = Literal["keep", "merged"]
SIDES: tuple[Side, ...] = ("keep", "merged")
DENIED = (
    "La fusion de deux fiches est réservée à l'administration : une erreur mêlerait "
    "l'historique de deux personnes. Demandez à un·e administrateur·rice."
)
CONFLICTS_SHOWN = 3


def _phone(value: str) -> str:
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _caregiver(person: Person) -> str:
    text = label(person.caregiver_status)
    if person.caregiver_status_at is not None:
        text += f" (depuis le {date_short(local(person.caregiver_status_at).date())})"
    return text


def _text(attribute: str) -> Callable[[Person], str]:
    return lambda person: str(getattr(person, attribute) or "")


def _enum(attribute: str) -> Callable[[Person], str]:
    def shown(person: Person) -> str:
        value = getattr(person, attribute)
        return label(value) if value is not None else ""

    return shown


@dataclass(frozen=True)
class _Spec:
    name: str
    label: str
    shown: Callable[[Person], str]
    columns: tuple[str, ...]  # the Person columns the choice carries
    empty: tuple[object, ...] = ("", None)  # values that say nothing (the other one wins)


FIELDS: tuple[_Spec, ...] = (
    _Spec("first_name", "Prénom", _text("first_name"), ("first_name",)),
    _Spec("last_name", "Nom", _text("last_name"), ("last_name",)),
    _Spec("usage_name", "Nom d'usage", _text("usage_name"), ("usage_name",)),
    _Spec("phone", "Téléphone", lambda p: _phone(p.phone), ("phone",)),
    _Spec("email", "E-mail", _text("email"), ("email",)),
    _Spec("postal_code", "Code postal", _text("postal_code"), ("postal_code",)),
    _Spec("city", "Ville", _text("city"), ("city",)),
    _Spec("birth_year", "Année de naissance", _text("birth_year"), ("birth_year",)),
    _Spec("gender", "Genre", _enum("gender"), ("gender",), ("", None, Gender.UNKNOWN)),
    _Spec(
        "employment",
        "Situation professionnelle",
        _enum("employment"),
        ("employment",),
        ("", None, Employment.UNKNOWN),
    ),
    _Spec("heard_from", "Connu·e par", _enum("heard_from"), ("heard_from",)),
    _Spec(
        "caregiver_status",
        "Statut d'aidant",
        _caregiver,
        ("caregiver_status", "caregiver_status_at"),
        ("", None, CaregiverStatus.UNKNOWN),
    ),
)
FIELD_NAMES = tuple(spec.name for spec in FIELDS)


@dataclass(frozen=True)
class MergeSide:
    """One of the two records as the merge dialog names it."""

    id: uuid.UUID
    number: str
    full_name: str
    first_visit_on: dt.date | None

    @property
    def title(self) -> str:
        """« Marie Dupont (A-000012) »"""
        return f"{self.full_name} ({self.number})"


@dataclass(frozen=True)
class MergeField:
    """One field of both records, as people read it, and the value suggested to keep."""

    name: str
    label: str
    keep: str
    merged: str
    default: Side

    @property
    def differs(self) -> bool:
        return self.keep != self.merged


@dataclass(frozen=True)
class MergeCounts:
    """What goes with the merged record to the survivor."""

    visits: int = 0
    registrations: int = 0
    memberships: int = 0
    receipts: int = 0
    flags: int = 0
    reduced_prices: int = 0
    consents: int = 0

    def lines(self) -> tuple[str, ...]:
        """« 3 passages », « 1 adhésion »… (only what there is)."""
        words = (
            (self.visits, "passage", "passages"),
            (self.registrations, "inscription", "inscriptions"),
            (self.memberships, "adhésion", "adhésions"),
            (self.receipts, "reçu", "reçus"),
            (self.flags, "signalement", "signalements"),
            (self.reduced_prices, "décision de tarif réduit", "décisions de tarif réduit"),
            (self.consents, "consentement enregistré", "consentements enregistrés"),
        )
        return tuple(f"{n} {one if n == 1 else many}" for n, one, many in words if n)

    @property
    def text(self) -> str:
        return ", ".join(self.lines()) or "rien d'autre que la fiche"


@dataclass(frozen=True)
class MergePreview:
    """Both records side by side, what would move, and why the merge is refused (if so)."""

    keep: MergeSide
    merged: MergeSide
    fields: tuple[MergeField, ...]
    moves: MergeCounts
    refusal: str = ""

    @property
    def allowed(self) -> bool:
        return not self.refusal

    @property
    def differing(self) -> tuple[MergeField, ...]:
        return tuple(f for f in self.fields if f.differs)


@dataclass(frozen=True)
class MergeResult:
    survivor: MergeSide
    merged: MergeSide
    taken: tuple[str, ...]  # labels of the fields whose value came from the merged record
    moves: MergeCounts


def _side(person: Person) -> MergeSide:
    return MergeSide(
        person.id,
        person.number,
        f"{person.first_name} {person.last_name}".strip(),
        person.first_visit_on,
    )


def _person(session: Session, person_id: uuid.UUID) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Cette fiche n'existe pas (ou plus).")
    return person


def _default(spec: _Spec, keep: Person, merged: Person) -> Side:
    said = getattr(keep, spec.columns[0])
    other = getattr(merged, spec.columns[0])
    return "merged" if said in spec.empty and other not in spec.empty else "keep"


def _fields(keep: Person, merged: Person) -> tuple[MergeField, ...]:
    return tuple(
        MergeField(
            spec.name, spec.label, spec.shown(keep), spec.shown(merged),
            _default(spec, keep, merged),
        )
        for spec in FIELDS
    )  # fmt: skip


def _count(session: Session, statement: object) -> int:
    return int(session.scalar(statement) or 0)  # type: ignore[call-overload]


def _registration_pairs(
    session: Session, keep: Person, merged: Person
) -> list[tuple[Registration, Registration | None]]:
    """The merged record's registrations, each with the survivor's for the same session."""
    theirs = list(session.scalars(select(Registration).where(Registration.person_id == merged.id)))
    occurrences = [r.occurrence_id for r in theirs]
    ours = {
        r.occurrence_id: r
        for r in session.scalars(
            select(Registration).where(
                Registration.person_id == keep.id, Registration.occurrence_id.in_(occurrences)
            )
        )
    }
    return [(r, ours.get(r.occurrence_id)) for r in theirs]


def _active(registration: Registration) -> bool:
    return not registration.deleted and registration.status is not RegistrationStatus.CANCELLED


def _clashes(pairs: list[tuple[Registration, Registration | None]]) -> list[uuid.UUID]:
    """Sessions both records are registered to (or have both paid for): no merge."""
    return [
        theirs.occurrence_id
        for theirs, ours in pairs
        if ours is not None
        and (
            (_active(theirs) and _active(ours))
            or (theirs.receipt_line_id is not None and ours.receipt_line_id is not None)
        )
    ]


def _clash_refusal(session: Session, keep: Person, merged: Person, clashes: list[uuid.UUID]) -> str:
    rows = session.execute(
        select(Activity.title, Occurrence.starts_at)
        .join(Activity, Activity.id == Occurrence.activity_id)
        .where(Occurrence.id.in_(clashes))
        .order_by(Occurrence.starts_at)
    ).all()
    named = [
        f"« {title} » du {date_long(local(at).date())} à {time_short(at)}" for title, at in rows
    ]
    shown = ", ".join(named[:CONFLICTS_SHOWN])
    if len(named) > CONFLICTS_SHOWN:
        rest = len(named) - CONFLICTS_SHOWN
        shown += f" et {rest} autre{'s' if rest > 1 else ''}"
    one = len(named) == 1
    return (
        f"Fusion impossible : les fiches {_side(keep).title} et {_side(merged).title} sont "
        f"toutes deux inscrites à {'la séance' if one else 'les séances'} {shown}. Annulez "
        f"l'une des deux inscriptions{'' if one else ' à chaque séance'}, puis fusionnez."
    )


def _status_refusal(session: Session, keep: Person, merged: Person) -> str:
    if keep.id == merged.id:
        return "C'est la même fiche : choisissez l'autre fiche de cette personne."
    for person in (keep, merged):
        if person.merged_into_id is not None:
            into = session.get(Person, person.merged_into_id)
            target = f" dans la fiche {_side(into).title}" if into is not None else ""
            return f"La fiche {_side(person).title} a déjà été fusionnée{target}."
        if person.deleted:
            return f"La fiche {_side(person).title} a été supprimée : elle ne peut être fusionnée."
    return ""


def _moves(session: Session, merged: Person, registrations: int) -> MergeCounts:
    ids = person_ids_of(session, merged.id)

    def alive(model: type[Membership] | type[MeetingFlag] | type[ReducedPriceDecision]) -> int:
        return _count(
            session,
            select(func.count())
            .select_from(model)
            .where(model.person_id == merged.id, model.deleted.is_(False)),
        )

    return MergeCounts(
        visits=_count(session, select(func.count()).where(Visit.person_id.in_(ids), counted())),
        registrations=registrations,
        memberships=alive(Membership),
        receipts=_count(session, select(func.count()).where(ReceiptRow.person_id.in_(ids))),
        flags=alive(MeetingFlag),
        reduced_prices=alive(ReducedPriceDecision),
        consents=_count(session, select(func.count()).where(ConsentEvent.person_id.in_(ids))),
    )


def _preview(session: Session, actor: Actor, keep_id: uuid.UUID, merged_id: uuid.UUID) -> tuple[
    MergePreview, Person, Person, list[tuple[Registration, Registration | None]]
]:  # fmt: skip
    keep, merged = _person(session, keep_id), _person(session, merged_id)
    refusal = "" if actor.can(Capability.ADMINISTRATION) else DENIED
    refusal = refusal or _status_refusal(session, keep, merged)
    pairs = _registration_pairs(session, keep, merged) if keep.id != merged.id else []
    if not refusal and (clashes := _clashes(pairs)):
        refusal = _clash_refusal(session, keep, merged, clashes)
    moving = sum(1 for theirs, ours in pairs if ours is None and not theirs.deleted)
    moving += sum(1 for theirs, ours in pairs if ours is not None and _active(theirs))
    preview = MergePreview(
        keep=_side(keep),
        merged=_side(merged),
        fields=_fields(keep, merged),
        moves=_moves(session, merged, moving),
        refusal=refusal,
    )
    return preview, keep, merged, pairs


@reads
def merge_preview(
    session: Session, actor: Actor, keep_id: uuid.UUID, merged_id: uuid.UUID
) -> MergePreview:
    """Both records side by side (the suggested value of each field: the survivor's unless
    it is empty), what would go to the survivor, and the French reason of a refusal."""
    require(actor, Capability.RECEPTION)
    return _preview(session, actor, keep_id, merged_id)[0]


def _choices(choices: Mapping[str, str], preview: MergePreview) -> dict[str, Side]:
    unknown = sorted(set(choices) - set(FIELD_NAMES))
    if unknown:
        raise ValidationError(f"Champ inconnu pour la fusion : {', '.join(unknown)[:200]}.")
    chosen: dict[str, Side] = {}
    for field in preview.fields:
        side = choices.get(field.name, field.default)
        if side not in SIDES:
            raise ValidationError(
                f"« {field.label} » : choisissez la valeur de l'une des deux fiches.", field.name
            )
        chosen[field.name] = "merged" if side == "merged" else "keep"
    return chosen


def _take_fields(keep: Person, merged: Person, chosen: Mapping[str, Side]) -> tuple[str, ...]:
    """Copy the values chosen from ``merged``; the labels of those that changed."""
    taken = []
    for spec in FIELDS:
        if chosen[spec.name] != "merged":
            continue
        if any(getattr(keep, c) != getattr(merged, c) for c in spec.columns):
            taken.append(spec.label)
        for column in spec.columns:
            setattr(keep, column, getattr(merged, column))
    keep.search_key = search_key(keep.first_name, keep.last_name, keep.usage_name)
    firsts = [d for d in (keep.first_visit_on, merged.first_visit_on) if d is not None]
    keep.first_visit_on = min(firsts) if firsts else None
    if not keep.source_reference:
        keep.source_reference = merged.source_reference
    return tuple(taken)


def _move_registrations(
    keep: Person, pairs: list[tuple[Registration, Registration | None]]
) -> None:
    """Re-point the merged record's registrations. For a session both records have a row
    for (the survivor's cancelled or withdrawn: a clash was refused), the survivor's row
    takes over the merged one's place, which is withdrawn; an inactive one stays behind."""
    for theirs, ours in pairs:
        if ours is None:
            theirs.person_id = keep.id
        elif _active(theirs):
            ours.status, ours.waitlist_rank = theirs.status, theirs.waitlist_rank
            ours.registered_at, ours.registered_by = theirs.registered_at, theirs.registered_by
            ours.receipt_line_id = ours.receipt_line_id or theirs.receipt_line_id
            ours.deleted = False
            theirs.receipt_line_id, theirs.deleted = None, True


def _repoint(session: Session, keep: Person, merged: Person) -> None:
    """Memberships, flags, reduced-price decisions (tombstones too) and a case go to
    ``keep``; a case stays behind when ``keep`` has one (only the social team sees it)."""
    rows: list[Membership | MeetingFlag | ReducedPriceDecision] = [
        *session.scalars(select(Membership).where(Membership.person_id == merged.id)),
        *session.scalars(select(MeetingFlag).where(MeetingFlag.person_id == merged.id)),
        *session.scalars(
            select(ReducedPriceDecision).where(ReducedPriceDecision.person_id == merged.id)
        ),
    ]
    for row in rows:
        row.person_id = keep.id
    case = session.scalar(select(Case).where(Case.person_id == merged.id))
    has_case = session.scalar(select(Case.id).where(Case.person_id == keep.id))
    if case is not None and has_case is None:
        case.person_id = keep.id


def _tombstone(merged: Person, keep: Person) -> None:
    merged.deleted = True
    merged.merged_into_id = keep.id


def _detail(preview: MergePreview, taken: tuple[str, ...]) -> str:
    """What the audit keeps: the two numbers, the fields taken, the counts (no content)."""
    parts = [f"{preview.merged.number} fusionnée dans {preview.keep.number}"]
    if taken:
        parts.append(f"repris de {preview.merged.number} : {', '.join(taken).lower()}")
    if lines := preview.moves.lines():
        parts.append("rattachés : " + ", ".join(lines))
    return " ; ".join(parts)


def merge_persons(
    session: Session,
    actor: Actor,
    keep_id: uuid.UUID,
    merged_id: uuid.UUID,
    choices: Mapping[str, Side],
) -> MergeResult:
    """Merge ``merged_id`` into ``keep_id`` (one transaction): each field from the side
    ``choices`` names (a field left out: the suggested side of :func:`merge_preview`);
    the earliest first visit; registrations, memberships, flags and reduced-price
    decisions moved; the merged record a tombstone pointing to the survivor; audited."""
    require(actor, Capability.RECEPTION)
    if not actor.can(Capability.ADMINISTRATION):
        raise PermissionDenied(DENIED)
    preview, keep, merged, pairs = _preview(session, actor, keep_id, merged_id)
    if preview.refusal:
        raise ValidationError(preview.refusal)
    chosen = _choices(choices, preview)
    taken = _take_fields(keep, merged, chosen)
    _move_registrations(keep, pairs)
    session.flush()
    _repoint(session, keep, merged)
    session.flush()
    _tombstone(merged, keep)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.PERSONS_MERGED,
        AuditEntity.PERSON,
        keep.id,
        detail=_detail(preview, taken),
    )
    return MergeResult(_side(keep), preview.merged, taken, preview.moves)
