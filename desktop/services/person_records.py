"""Newcomers and the person's record: duplicates, creation, edits, consents, flags.

Consents are events (:class:`~desktop.models.ConsentEvent`): giving or withdrawing one
appends a dated row naming the staff member; the current state is the last event of each
kind. A flag to the social team is stored for its inbox; the desk only ever reads back
« signalé le … par … ». Nothing here reads anything about a case.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import BindParameter, bindparam, select
from sqlalchemy.orm import Session

from desktop.models import ConsentEvent, MeetingFlag, Person, User
from desktop.services.cash.common import device_series
from desktop.services.clock import local_day, new_row_id, now
from desktop.services.contact import phone_shown
from desktop.services.errors import NotFound, ValidationError
from desktop.services.formatting import date_short, datetime_short
from desktop.services.merged import person_ids_of
from desktop.services.numbering import next_person_number
from desktop.services.permissions import Actor, Capability, require
from desktop.services.person_checks import (
    NewPerson,
    PersonEdit,
    check_edit,
    check_new_person,
)
from desktop.services.reads import reads
from desktop.services.search import fold, search_key
from desktop.services.search_index import search_index
from desktop.vocabulary import CONSENT_LABELS, ConsentKind, FlagReason, FlagStatus

__all__ = ["NewPerson", "PersonEdit", "check_edit", "check_new_person"]  # re-exported

FLAG_COMMENT_MAX = 280  # MeetingFlag.comment
NAME_SCORE_MIN = 88  # rapidfuzz ratio (0–100) of the folded « first last » names
DUPLICATES_MAX = 4  # what the newcomer dialog shows beside the form


# --- Duplicates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateCandidate:
    """A known person who may be the newcomer, and why (« même téléphone »…)."""

    id: uuid.UUID
    number: str
    first_name: str
    last_name: str
    usage_name: str
    phone: str  # shown in the French format
    email: str
    reasons: tuple[str, ...]
    last_visit_on: dt.date | None

    @property
    def full_name(self) -> str:
        usage = f" ({self.usage_name})" if self.usage_name else ""
        return f"{self.first_name} {self.last_name}{usage}"

    @property
    def label(self) -> str:
        """« Marie Dupont (A-000012) — même téléphone, nom proche »"""
        return f"{self.full_name} ({self.number}) — {', '.join(self.reasons)}"


class PossibleDuplicates(ValidationError):
    """The newcomer may already be known: the desk chooses « c'est cette personne » or
    « créer quand même »."""

    def __init__(self, candidates: list[DuplicateCandidate]) -> None:
        count = len(candidates)
        super().__init__(
            "Cette personne est peut-être déjà connue : vérifiez "
            + ("la fiche proposée" if count == 1 else f"les {count} fiches proposées")
            + " avant de créer une nouvelle fiche."
        )
        self.candidates = candidates


def _folded_names(session: Session) -> dict[uuid.UUID, list[str]]:
    """Every known person's folded « first last » (and « first usage »), kept with the
    search index until the next change."""
    index = search_index(session)
    memo = index.memo
    if "folded_names" not in memo:
        memo["folded_names"] = {
            entry.id: [
                fold(f"{entry.first_name} {name}") for name in (entry.last_name, entry.usage_name)
                if name
            ]
            for entry in index.entries.values()
        }  # fmt: skip
    return memo["folded_names"]  # type: ignore[return-value]


def _candidates(session: Session, new: NewPerson) -> list[DuplicateCandidate]:
    index = search_index(session)
    reasons: dict[uuid.UUID, list[str]] = {}
    scores: dict[uuid.UUID, float] = {}
    for entry in index.entries.values():
        if new.phone and entry.phone == new.phone:
            reasons.setdefault(entry.id, []).append("même téléphone")
        if new.email and entry.email == new.email.lower():
            reasons.setdefault(entry.id, []).append("même e-mail")
    wanted = [fold(f"{new.first_name} {name}") for name in (new.last_name, new.usage_name) if name]
    if wanted:
        names = _folded_names(session)
        choices = {(person, i): name for person, folded in names.items()
                   for i, name in enumerate(folded)}  # fmt: skip
        for typed in wanted:
            for _name, score, (person, _i) in process.extract(
                typed, choices, scorer=fuzz.ratio, score_cutoff=NAME_SCORE_MIN, limit=20
            ):
                if score > scores.get(person, 0):
                    scores[person] = score
        for person, score in scores.items():
            reasons.setdefault(person, []).append("même nom" if score == 100 else "nom proche")
    ordered = sorted(reasons, key=lambda p: (-len(reasons[p]), -scores.get(p, 0)))
    found = []
    for person_id in ordered[:DUPLICATES_MAX]:
        entry = index.entries[person_id]
        found.append(
            DuplicateCandidate(
                id=entry.id, number=entry.number, first_name=entry.first_name,
                last_name=entry.last_name, usage_name=entry.usage_name,
                phone=phone_shown(entry.phone), email=entry.email,
                reasons=tuple(reasons[person_id]),
                last_visit_on=local_day(entry.last_visit_at) if entry.last_visit_at else None,
            )
        )  # fmt: skip
    return found


@reads
def possible_duplicates(session: Session, actor: Actor, new: NewPerson) -> list[DuplicateCandidate]:
    """Known persons who may be the newcomer: same phone, same e-mail, or a close name
    (accents, case and one or two letters forgiven). Most reasons first."""
    require(actor, Capability.RECEPTION)
    return _candidates(session, check_new_person(new))


# --- Creating and editing -------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRef:
    """The person created or edited."""

    id: uuid.UUID
    number: str
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def create_person(
    session: Session, actor: Actor, new: NewPerson, *, despite_duplicates: bool = False
) -> PersonRef:
    """Record a newcomer (numbered in this device's series) with the consents given.

    Refused (French, every field at once) when the input is invalid or the data consent is
    missing; raises :class:`PossibleDuplicates` when someone known may be the same person,
    unless ``despite_duplicates`` (« créer quand même »)."""
    require(actor, Capability.RECEPTION)
    clean = check_new_person(new)
    if not despite_duplicates:
        candidates = _candidates(session, clean)
        if candidates:
            raise PossibleDuplicates(candidates)
    at = now(session)
    person = Person(
        id=new_row_id(session),
        number=next_person_number(session, device_series(session)),
        first_name=clean.first_name,
        last_name=clean.last_name,
        usage_name=clean.usage_name,
        search_key=search_key(clean.first_name, clean.last_name, clean.usage_name),
        phone=clean.phone,
        email=clean.email,
        heard_from=clean.heard_from,
        created_at=at,
        created_by=actor.user_id,
    )
    session.add(person)
    session.flush()
    given = (
        (ConsentKind.DATA, clean.consent_data),
        (ConsentKind.NEWSLETTER, clean.newsletter),
        (ConsentKind.PHOTOS, clean.photos),
    )
    for kind, yes in given:
        if yes:
            _append_consent(session, actor, person.id, kind, True, at)
    session.flush()
    return PersonRef(person.id, person.number, person.first_name, person.last_name)


def known_person(session: Session, person_id: uuid.UUID) -> Person:
    """The person (not deleted nor merged away), else a French NotFound."""
    person = session.get(Person, person_id)
    if person is None or person.deleted:
        raise NotFound("Cette personne n'existe pas ou plus (fiche supprimée ou fusionnée).")
    return person


def update_person(
    session: Session, actor: Actor, person_id: uuid.UUID, edit: PersonEdit
) -> PersonRef:
    """Change the person's names, contacts, how they heard of the place and caregiver
    status (its date is set when it changes). Every refusal at once, nothing half-written."""
    require(actor, Capability.RECEPTION)
    person = known_person(session, person_id)
    clean = check_edit(edit)
    if clean.caregiver_status is not person.caregiver_status:
        person.caregiver_status = clean.caregiver_status
        person.caregiver_status_at = now(session)
    fields = {
        "first_name": clean.first_name, "last_name": clean.last_name,
        "usage_name": clean.usage_name, "phone": clean.phone, "email": clean.email,
        "heard_from": clean.heard_from,
    }  # fmt: skip
    for name, value in fields.items():
        if getattr(person, name) != value:
            setattr(person, name, value)
    key = search_key(clean.first_name, clean.last_name, clean.usage_name)
    if person.search_key != key:
        person.search_key = key
    session.flush()
    return PersonRef(person.id, person.number, person.first_name, person.last_name)


# --- Consents -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentRecord:
    """One consent given or withdrawn, when and by whom."""

    kind: ConsentKind
    given: bool
    at: dt.datetime
    recorded_by: str  # the staff member's display name ('' when unknown)

    @property
    def label(self) -> str:
        """« 03/12/2026 14:30 — Lettre d'information : donné (Léa Dubois) »"""
        verb = "donné" if self.given else "retiré"
        who = f" ({self.recorded_by})" if self.recorded_by else ""
        return f"{datetime_short(self.at)} — {CONSENT_LABELS[self.kind]} : {verb}{who}"


def _append_consent(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    kind: ConsentKind,
    given: bool,
    at: dt.datetime,
) -> None:
    session.add(
        ConsentEvent(
            id=new_row_id(session), person_id=person_id, consent=kind, given=given, at=at,
            recorded_by=actor.user_id,
        )
    )  # fmt: skip


@functools.cache
def _reads() -> dict[str, Any]:
    """The person card's consent and flag reads, built once (only the person changes)."""
    person: BindParameter[uuid.UUID] = bindparam("person_id")
    return {
        "consents": select(
            ConsentEvent.consent, ConsentEvent.given, ConsentEvent.at, User.display_name
        )
        .outerjoin(User, User.id == ConsentEvent.recorded_by)
        .where(ConsentEvent.person_id.in_(bindparam("person_ids", expanding=True)))
        .order_by(ConsentEvent.at.desc(), ConsentEvent.id.desc()),
        "flags": select(MeetingFlag.raised_at, User.display_name)
        .outerjoin(User, User.id == MeetingFlag.raised_by)
        .where(
            MeetingFlag.person_id == person,
            MeetingFlag.deleted.is_(False),
            MeetingFlag.status != FlagStatus.HANDLED,
        )
        .order_by(MeetingFlag.raised_at.desc()),
    }


def consent_records(session: Session, person_id: uuid.UUID) -> list[ConsentRecord]:
    """The person's consent events, newest first, with who recorded each (those given
    under a record merged into this one included: consent events are never rewritten)."""
    ids = list(person_ids_of(session, person_id))
    rows = session.connection().execute(_reads()["consents"], {"person_ids": ids}).all()
    return [ConsentRecord(kind, given, at, name or "") for kind, given, at, name in rows]


def current_consents(history: list[ConsentRecord]) -> dict[ConsentKind, ConsentRecord | None]:
    """The last event of each kind in a newest-first ``history`` (None: never asked)."""
    current: dict[ConsentKind, ConsentRecord | None] = dict.fromkeys(ConsentKind)
    for record in history:
        if current[record.kind] is None:
            current[record.kind] = record
    return current


@reads
def consent_history(session: Session, actor: Actor, person_id: uuid.UUID) -> list[ConsentRecord]:
    """Every consent event of the person, newest first."""
    require(actor, Capability.RECEPTION)
    known_person(session, person_id)
    return consent_records(session, person_id)


def set_consent(
    session: Session, actor: Actor, person_id: uuid.UUID, kind: ConsentKind, given: bool
) -> list[ConsentRecord]:
    """Give or withdraw one consent (an appended, dated event; nothing when the state is
    already that one). Returns the history, newest first."""
    require(actor, Capability.RECEPTION)
    known_person(session, person_id)
    history = consent_records(session, person_id)
    last = current_consents(history)[ConsentKind(kind)]
    if (last is not None and last.given) == given:
        return history  # already so (withdrawing one never given included)
    _append_consent(session, actor, person_id, ConsentKind(kind), given, now(session))
    session.flush()
    return consent_records(session, person_id)


# --- Flags to the social team ---------------------------------------------------------------


@dataclass(frozen=True)
class FlagNotice:
    """What the desk sees of a flag: that it was sent, when and by whom — nothing else."""

    raised_at: dt.datetime
    raised_by: str

    @property
    def label(self) -> str:
        """« signalé le 03/12/2026 par Léa Dubois »"""
        who = f" par {self.raised_by}" if self.raised_by else ""
        return f"signalé le {date_short(local_day(self.raised_at))}{who}"


def flag_to_social_team(
    session: Session, actor: Actor, person_id: uuid.UUID, reason: FlagReason, comment: str = ""
) -> FlagNotice:
    """« Signaler à l'équipe sociale »: a reason category and a short text (≤ 280
    characters) for the social team's inbox."""
    require(actor, Capability.RECEPTION)
    known_person(session, person_id)
    text = comment.strip()
    if len(text) > FLAG_COMMENT_MAX:
        raise ValidationError(
            f"Le message est trop long ({FLAG_COMMENT_MAX} caractères au plus, {len(text)} "
            "saisis) : quelques mots suffisent, l'équipe sociale prendra contact.",
            "comment",
        )
    try:
        chosen = FlagReason(reason)
    except ValueError:
        raise ValidationError("Choisissez le motif du signalement.", "reason") from None
    at = now(session)
    session.add(
        MeetingFlag(
            id=new_row_id(session), person_id=person_id, reason=chosen, comment=text,
            raised_by=actor.user_id, raised_at=at, status=FlagStatus.NEW,
        )
    )  # fmt: skip
    session.flush()
    return FlagNotice(at, actor.display_name)


def pending_flags(session: Session, person_id: uuid.UUID) -> list[FlagNotice]:
    """The person's flags not handled yet, newest first, as the desk sees them."""
    rows = session.connection().execute(_reads()["flags"], {"person_id": person_id}).all()
    return [FlagNotice(at, name or "") for at, name in rows]
