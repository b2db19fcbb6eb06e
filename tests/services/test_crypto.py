from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from desktop.models import DataKeyWrap
from desktop.services import crypto
from desktop.services.users import add_user
from desktop.vocabulary import NoteLevel, Role
from tests.world import add_care_team


def test_seal_round_trip_and_binding() -> None:
    key = bytes(range(32))
    where = crypto.location("case_note", "body_ct", uuid.UUID(int=1), NoteLevel.TEAM)
    blob = crypto.seal(key, "Épuisée, s'occupe de sa mère — 3 nuits/semaine", where)
    assert "mère".encode() not in blob
    assert crypto.unseal(key, blob, where).startswith("Épuisée")
    elsewhere = crypto.location("case_note", "body_ct", uuid.UUID(int=2), NoteLevel.TEAM)
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unseal(key, blob, elsewhere)
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unseal(key, tampered, where)


def test_level_keys_unwrap_only_for_holders_with_their_password(db) -> None:
    with db.session() as session:
        social_id, psy_id = add_care_team(session)
    with db.session() as session:
        social_ring = crypto.unlock(session, social_id, "social-pass-1")
        psy_ring = crypto.unlock(session, psy_id, "psy-pass-1")
        wrong = crypto.unlock(session, psy_id, "not-the-password")
        salts = set(session.scalars(select(DataKeyWrap.salt).where(DataKeyWrap.user_id == psy_id)))
    assert social_ring.has(NoteLevel.TEAM) and not social_ring.has(NoteLevel.PSYCHOLOGIST)
    assert psy_ring.has(NoteLevel.TEAM) and psy_ring.has(NoteLevel.PSYCHOLOGIST)
    assert wrong.keys == {}
    assert len(salts) == 1
    where = b"case_note|body_ct|x|psychologue"
    version, blob = psy_ring.seal(NoteLevel.PSYCHOLOGIST, "Note privée", where)
    assert psy_ring.unseal(NoteLevel.PSYCHOLOGIST, version, blob, where) == "Note privée"
    with pytest.raises(crypto.DomainError):
        social_ring.unseal(NoteLevel.PSYCHOLOGIST, version, blob, where)
    assert social_ring.current(NoteLevel.TEAM)[1] == psy_ring.current(NoteLevel.TEAM)[1]


def test_a_level_key_is_created_once(db) -> None:
    with db.session() as session:
        user = add_user(session, "cesf", "Nadia Social", "social-pass-1", [Role.SOCIAL])
        crypto.create_level_key(session, NoteLevel.TEAM, [(user.id, "social-pass-1")])
        with pytest.raises(crypto.DomainError):
            crypto.create_level_key(session, NoteLevel.TEAM, [(user.id, "social-pass-1")])
