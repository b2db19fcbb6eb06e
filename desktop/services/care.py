"""Confidential case follow-up: listing cases, reading and writing encrypted notes.

Only the social team sees that a case exists; psychologist-level notes are for the
psychologist only. Every read or write is recorded in the audit log (metadata only).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Case, CaseNote, Person, User
from desktop.services import audit
from desktop.services.clock import new_row_id, now
from desktop.services.crypto import KeyRing, location
from desktop.services.errors import NotFound, ValidationError
from desktop.services.permissions import Actor, Capability, require
from desktop.vocabulary import AuditAction, AuditEntity, CaseStatus, NoteLevel

MAX_NOTE_LENGTH = 20_000


@dataclass(frozen=True)
class CaseSummary:
    id: uuid.UUID
    person_id: uuid.UUID
    person_name: str
    status: CaseStatus
    opened_on: dt.date
    closed_on: dt.date | None


@dataclass(frozen=True)
class NoteView:
    id: uuid.UUID
    level: NoteLevel
    author: str
    written_at: dt.datetime
    text: str


def _require_level(actor: Actor, level: NoteLevel) -> None:
    require(actor, Capability.CASES)
    if level is NoteLevel.PSYCHOLOGIST:
        require(actor, Capability.PSYCHOLOGIST_NOTES)


def list_cases(session: Session, actor: Actor) -> list[CaseSummary]:
    require(actor, Capability.CASES)
    rows = session.execute(
        select(Case, Person.first_name, Person.last_name)
        .join(Person, Person.id == Case.person_id)
        .where(Case.deleted.is_(False))
        .order_by(Person.last_name, Person.first_name)
    ).all()
    audit.record(session, actor, AuditAction.CASES_LISTED, AuditEntity.CARE_CASE)
    return [
        CaseSummary(
            case.id, case.person_id, f"{first} {last}", case.status, case.opened_on, case.closed_on
        )
        for case, first, last in rows
    ]


def _case(session: Session, case_id: uuid.UUID) -> Case:
    case = session.get(Case, case_id)
    if case is None or case.deleted:
        raise NotFound("Ce dossier n'existe pas.")
    return case


def note_location(note_id: uuid.UUID, level: NoteLevel) -> bytes:
    return location(CaseNote.__tablename__, "body_ct", note_id, level)


def add_note(
    session: Session,
    actor: Actor,
    keyring: KeyRing,
    case_id: uuid.UUID,
    level: NoteLevel,
    text: str,
) -> NoteView:
    """Seal and store a note at ``level`` (team, or psychologist only)."""
    _require_level(actor, level)
    _case(session, case_id)
    body = text.strip()
    if not body:
        raise ValidationError("La note est vide.", "text")
    if len(body) > MAX_NOTE_LENGTH:
        raise ValidationError("La note est trop longue (20 000 caractères au plus).", "text")
    note_id = new_row_id(session)
    version, blob = keyring.seal(level, body, note_location(note_id, level))
    note = CaseNote(
        id=note_id,
        case_id=case_id,
        level=level,
        key_version=version,
        author_id=actor.user_id,
        written_at=now(session),
        body_ct=blob,
    )
    session.add(note)
    audit.record(session, actor, AuditAction.NOTE_WRITTEN, AuditEntity.CARE_CASE, case_id)
    return NoteView(note_id, level, actor.display_name, note.written_at, body)


def read_notes(
    session: Session, actor: Actor, keyring: KeyRing, case_id: uuid.UUID
) -> list[NoteView]:
    """The case's notes the actor may read, decrypted, oldest first."""
    require(actor, Capability.CASES)
    _case(session, case_id)
    levels = [NoteLevel.TEAM]
    if actor.can(Capability.PSYCHOLOGIST_NOTES):
        levels.append(NoteLevel.PSYCHOLOGIST)
    rows = session.execute(
        select(CaseNote, User.display_name)
        .join(User, User.id == CaseNote.author_id)
        .where(CaseNote.case_id == case_id, CaseNote.deleted.is_(False), CaseNote.level.in_(levels))
        .order_by(CaseNote.written_at)
    ).all()
    audit.record(session, actor, AuditAction.NOTES_READ, AuditEntity.CARE_CASE, case_id)
    return [
        NoteView(
            note.id,
            note.level,
            author,
            note.written_at,
            keyring.unseal(
                note.level, note.key_version, note.body_ct, note_location(note.id, note.level)
            ),
        )
        for note, author in rows
    ]
