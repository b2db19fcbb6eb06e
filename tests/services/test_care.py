from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.models import AuditEntry, Case, CaseNote
from desktop.services import care, crypto
from desktop.services.auth import authenticate
from desktop.services.errors import PermissionDenied
from desktop.vocabulary import CaseStatus, Gender, IdentifiedHow, NoteLevel
from tests.world import add_care_team, add_person


@pytest.fixture
def team(db):
    """A social worker, a psychologist, their level keys and one case."""
    with db.session() as session:
        social_id, _psy_id = add_care_team(session)
        person = add_person(session, "Pierre", "Lambert", gender=Gender.MALE)
        case = Case(
            person_id=person.id,
            status=CaseStatus.SUPPORT,
            identified_how=IdentifiedHow.REVEALED,
            opened_on=dt.date(2026, 3, 1),
            created_by=social_id,
        )
        session.add(case)
        session.flush()
        case_id = case.id
    with db.session() as session:
        social_actor = authenticate(session, "cesf", "social-pass-1")
        psy_actor = authenticate(session, "psy", "psy-pass-1")
        rings = {
            "social": crypto.unlock(session, social_actor.user_id, "social-pass-1"),
            "psy": crypto.unlock(session, psy_actor.user_id, "psy-pass-1"),
        }
    return social_actor, psy_actor, rings, case_id


def test_note_levels_and_encryption_at_rest(db, team) -> None:
    social, psy, rings, case_id = team
    with db.session() as session:
        care.add_note(
            session,
            social,
            rings["social"],
            case_id,
            NoteLevel.TEAM,
            "Épuisé : s'occupe de son épouse atteinte d'Alzheimer.",
        )
        care.add_note(
            session,
            psy,
            rings["psy"],
            case_id,
            NoteLevel.PSYCHOLOGIST,
            "Culpabilité importante, à revoir dans 15 jours.",
        )
        with pytest.raises(PermissionDenied):
            care.add_note(session, social, rings["social"], case_id, NoteLevel.PSYCHOLOGIST, "x")
    with db.session() as session:
        seen_by_social = care.read_notes(session, social, rings["social"], case_id)
        seen_by_psy = care.read_notes(session, psy, rings["psy"], case_id)
        stored = b"".join(session.scalars(select(CaseNote.body_ct)))
        actions = session.scalars(select(AuditEntry.action)).all()
    assert [n.level for n in seen_by_social] == [NoteLevel.TEAM]
    assert seen_by_social[0].author == "Nadia Social"
    assert [n.text[:8] for n in seen_by_psy] == ["Épuisé :", "Culpabil"]
    assert b"Alzheimer" not in stored and "Culpabilité".encode() not in stored
    wal = db.path.with_name(db.path.name + "-wal")
    on_disk = db.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert b"Pierre" in on_disk  # the check below would see clear text
    assert b"Alzheimer" not in on_disk
    assert actions.count("note_ecrite") == 2 and actions.count("notes_lues") == 2


def test_moved_ciphertext_does_not_decrypt(db, team) -> None:
    social, _psy, rings, case_id = team
    with db.session() as session:
        first = care.add_note(session, social, rings["social"], case_id, NoteLevel.TEAM, "Un")
        second = care.add_note(session, social, rings["social"], case_id, NoteLevel.TEAM, "Deux")
    with db.engine.begin() as connection:
        blob = connection.exec_driver_sql(
            "SELECT body_ct FROM case_note WHERE id = ?", (first.id.hex,)
        ).scalar()
        connection.exec_driver_sql(
            "UPDATE case_note SET body_ct = ? WHERE id = ?", (blob, second.id.hex)
        )
    with pytest.raises(crypto.DecryptionFailed), db.session() as session:
        care.read_notes(session, social, rings["social"], case_id)
