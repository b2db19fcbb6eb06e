"""The role matrix of DESIGN.md, checked on Actor and on the guarded service functions."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from desktop.models import Case
from desktop.services import audit, care, people, programme, settings, statistics, users
from desktop.services.crypto import KeyRing
from desktop.services.errors import PermissionDenied
from desktop.services.permissions import Actor, Capability
from desktop.vocabulary import CaseStatus, Gender, IdentifiedHow, NoteLevel, Role
from tests.world import add_person

Y, N = True, False
# capability: (accueil, animation, social, psychologue, admin) — copied from DESIGN.md.
MATRIX = {
    Capability.RECEPTION: (Y, Y, Y, Y, Y),
    Capability.CASH: (Y, Y, N, N, Y),
    Capability.CASH_READ: (Y, Y, N, N, Y),
    Capability.PROGRAMME: (Y, Y, N, N, Y),
    Capability.CASES: (N, N, Y, Y, N),
    Capability.PSYCHOLOGIST_NOTES: (N, N, N, Y, N),
    Capability.STATISTICS: (Y, Y, Y, Y, Y),
    Capability.ADMINISTRATION: (N, N, N, N, Y),
}
ROLES = (Role.ACCUEIL, Role.ANIMATION, Role.SOCIAL, Role.PSYCHOLOGUE, Role.ADMIN)


def actor(*roles: Role) -> Actor:
    return Actor(uuid.uuid4(), "x", "X", frozenset(roles))


@pytest.mark.parametrize("capability", list(Capability))
@pytest.mark.parametrize("role", ROLES)
def test_single_role_matrix(capability: Capability, role: Role) -> None:
    assert actor(role).can(capability) is MATRIX[capability][ROLES.index(role)]


def test_several_roles_add_up() -> None:
    both = actor(Role.ACCUEIL, Role.SOCIAL)
    assert both.can(Capability.CASH) and both.can(Capability.CASES)
    assert not both.can(Capability.PSYCHOLOGIST_NOTES)
    assert not actor().capabilities()


def test_grants_without_a_role_hold_only_what_they_name() -> None:
    reader = Actor(uuid.uuid4(), "x", "X", frozenset(), frozenset({Capability.CASH_READ}))
    assert reader.capabilities() == {Capability.CASH_READ}
    assert not reader.can(Capability.CASH)


DAY = dt.date(2026, 11, 25)
RING = KeyRing({(NoteLevel.TEAM, 1): bytes(32), (NoteLevel.PSYCHOLOGIST, 1): bytes(range(32))})


def _case_id(session) -> uuid.UUID:
    person = add_person(session, "Jean", "Aidant", gender=Gender.MALE)
    case = Case(
        person_id=person.id,
        status=CaseStatus.SPOTTED,
        identified_how=IdentifiedHow.REVEALED,
        opened_on=DAY,
        created_by=ADMIN_ID[0],
    )
    session.add(case)
    session.flush()
    return case.id


ADMIN_ID: list[uuid.UUID] = []

# Representative guarded service calls per capability: (name, call(session, actor)).
GUARDED = {
    Capability.RECEPTION: [
        ("search_persons", lambda s, a: people.search_persons(s, a, "jean")),
    ],
    Capability.PROGRAMME: [
        ("list_occurrences", lambda s, a: programme.list_occurrences(s, a, DAY, DAY)),
    ],
    Capability.CASES: [
        ("list_cases", lambda s, a: care.list_cases(s, a)),
        ("team note", lambda s, a: care.add_note(s, a, RING, _case_id(s), NoteLevel.TEAM, "Vu.")),
        ("read notes", lambda s, a: care.read_notes(s, a, RING, _case_id(s))),
    ],
    Capability.PSYCHOLOGIST_NOTES: [
        (
            "psychologist note",
            lambda s, a: care.add_note(s, a, RING, _case_id(s), NoteLevel.PSYCHOLOGIST, "Privé."),
        ),
    ],
    Capability.STATISTICS: [
        ("overview", lambda s, a: statistics.overview(s, a, DAY, DAY)),
    ],
    Capability.ADMINISTRATION: [
        ("list_users", lambda s, a: users.list_users(s, a)),
        ("set_setting", lambda s, a: settings.set_setting(s, a, "idle_lock_minutes", 7)),
        ("audit entries", lambda s, a: audit.list_entries(s, a)),
        (
            "create_user",
            lambda s, a: users.create_user(
                s, a, "nouvelle", "Nouvelle Personne", "bonjour-123", [Role.ACCUEIL]
            ),
        ),
    ],
}


def test_every_capability_has_guarded_services() -> None:
    cash = {Capability.CASH, Capability.CASH_READ}  # see tests/cash/test_permissions.py
    assert set(GUARDED) >= set(Capability) - cash


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("capability", "name", "call"),
    [(cap, name, call) for cap, calls in GUARDED.items() for name, call in calls],
)
def test_services_enforce_the_matrix(db, admin, role, capability, name, call) -> None:
    ADMIN_ID[:] = [admin.user_id]
    acting = Actor(admin.user_id, admin.username, admin.display_name, frozenset({role}))
    allowed = MATRIX[capability][ROLES.index(role)]
    with db.session() as session:
        if allowed:
            call(session, acting)
        else:
            with pytest.raises(PermissionDenied) as error:
                call(session, acting)
            assert error.value.message  # French, shown as is
        session.rollback()
