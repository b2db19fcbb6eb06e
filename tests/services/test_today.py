"""The desk's today panel: opening hours, the day's sessions and their fill, who came in."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from desktop.models import OpeningException, OpeningHours, Registration
from desktop.services import visits
from desktop.services.clock import ManualClock
from desktop.services.database import Database
from desktop.services.errors import PermissionDenied
from desktop.services.formatting import to_utc
from desktop.services.permissions import Actor, Capability, built_in_actor
from desktop.services.today import TodaySession, today_panel
from desktop.vocabulary import ActivityCategory, FirstVisitAnswer, RegistrationStatus
from tests.world import add_person, add_session

TUESDAY = dt.date(2026, 11, 24)
DESK = built_in_actor("accueil", "Accueil", Capability.RECEPTION)  # no programme capability


@pytest.fixture
def clock(db: Database) -> ManualClock:
    db.clock = ManualClock(to_utc(TUESDAY, dt.time(11)))
    return db.clock


def _panel(db: Database, day: dt.date | None = None):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return today_panel(session, DESK, day)


def test_opening_hours_from_the_weekly_template(db: Database, clock: ManualClock) -> None:
    panel = _panel(db)
    assert panel.day == TUESDAY and panel.is_open
    assert panel.opening_label == "Ouvert de 10 h à 18 h"
    assert panel.opening_slots == ((dt.time(10), dt.time(18)),)
    assert _panel(db, TUESDAY - dt.timedelta(days=1)).opening_label == "Ouvert de 14 h à 18 h"
    sunday = _panel(db, TUESDAY - dt.timedelta(days=2))
    assert (sunday.is_open, sunday.opening_label) == (False, "Fermé ce jour-là")
    clock.set(to_utc(TUESDAY + dt.timedelta(days=5), dt.time(11)))
    assert _panel(db).opening_label == "Fermé aujourd'hui"


def test_several_slots_in_a_day(db: Database, clock: ManualClock) -> None:
    with db.session() as session:
        wednesday = session.scalar(select(OpeningHours).where(OpeningHours.weekday == 2))
        wednesday.deleted = True
        session.add_all(
            [
                OpeningHours(weekday=2, opens_at=dt.time(14), closes_at=dt.time(18)),
                OpeningHours(weekday=2, opens_at=dt.time(9, 30), closes_at=dt.time(12, 30)),
            ]
        )
    panel = _panel(db, TUESDAY + dt.timedelta(days=1))
    assert panel.opening_label == "Ouvert de 9 h 30 à 12 h 30 et de 14 h à 18 h"


def test_dated_exceptions(db: Database, clock: ManualClock) -> None:
    saturday = TUESDAY + dt.timedelta(days=4)
    with db.session() as session:
        session.add_all(
            [
                OpeningException(on=TUESDAY, closed=True, label="Jour férié : Noël"),
                OpeningException(
                    on=saturday, opens_at=dt.time(10), closes_at=dt.time(13),
                    label="Samedi d'ouverture",
                ),
            ]
        )  # fmt: skip
    closed = _panel(db)
    assert not closed.is_open
    assert closed.opening_label == "Fermé aujourd'hui — Jour férié : Noël"
    assert closed.opening_note == "Jour férié : Noël"
    opened = _panel(db, saturday)
    assert opened.is_open
    assert opened.opening_label == "Ouvert de 10 h à 13 h — Samedi d'ouverture"


def test_sessions_of_the_day_with_places_and_waitlist(db: Database, clock: ManualClock) -> None:
    with db.session() as session:
        full = add_session(session, TUESDAY, title="Yoga doux", hour=14, capacity=8)
        open_ = add_session(session, TUESDAY, title="Atelier numérique", hour=10, capacity=8,
                            category=ActivityCategory.PRACTICAL)  # fmt: skip
        cancelled = add_session(session, TUESDAY, title="Sophrologie", hour=16)
        cancelled.cancelled = True
        add_session(session, TUESDAY + dt.timedelta(days=1), title="Demain")
        statuses = [(full, RegistrationStatus.REGISTERED)] * 6 + [
            (full, RegistrationStatus.PRESENT),
            (full, RegistrationStatus.ABSENT),
            (full, RegistrationStatus.WAITLISTED),
            (full, RegistrationStatus.WAITLISTED),
            (full, RegistrationStatus.CANCELLED),
        ] + [(open_, RegistrationStatus.REGISTERED)] * 6
        for index, (occurrence, status) in enumerate(statuses):
            person = add_person(session, "P", f"Personne {index}")
            session.add(
                Registration(occurrence_id=occurrence.id, person_id=person.id, status=status)
            )
    panel = _panel(db)
    assert [s.title for s in panel.sessions] == ["Atelier numérique", "Yoga doux", "Sophrologie"]
    assert [s.fill_label for s in panel.sessions] == ["6/8", "8/8 + 2 en attente", "annulée"]
    assert [s.time_label for s in panel.sessions] == [
        "10 h – 11 h 30", "14 h – 15 h 30", "16 h – 17 h 30",
    ]  # fmt: skip
    assert panel.sessions[0].category is ActivityCategory.PRACTICAL
    assert (panel.sessions[0].places_left, panel.sessions[1].places_left) == (2, 0)


def test_fill_label_without_a_waitlist() -> None:
    moment = to_utc(TUESDAY, dt.time(9))
    session = TodaySession(
        uuid.uuid4(), moment, moment + dt.timedelta(minutes=45), "Café", "Salon",
        ActivityCategory.CONVIVIAL, 0, 20, 0, False,
    )  # fmt: skip
    assert (session.fill_label, session.time_label) == ("0/20", "9 h – 9 h 45")


def test_present_people_and_counts(db: Database, admin: Actor, clock: ManualClock) -> None:
    with db.session() as session:
        anne = add_person(session, "Anne", "Martin").id
        paul = add_person(session, "Paul", "Durand").id
        zoe = add_person(session, "Zoé", "Petit").id
        visits.log_visit(session, admin, anne)
        clock.advance(dt.timedelta(minutes=10))
        visits.log_visit(session, admin, paul)
        visits.log_anonymous_visit(session, admin, FirstVisitAnswer.YES)
        undone = visits.log_anonymous_visit(session, admin, FirstVisitAnswer.NO)
        visits.undo_visit(session, admin, undone.id)
        clock.advance(dt.timedelta(hours=2))
        visits.log_visit(session, admin, anne)  # back in the afternoon
        gone = visits.log_visit(session, admin, zoe)
        visits.undo_visit(session, admin, gone.id)
    panel = _panel(db)
    assert [p.person_name for p in panel.present] == ["Anne Martin", "Paul Durand"]
    assert panel.present[0].time_label == "13 h 10"  # her latest visit
    assert (panel.visits_today, panel.anonymous_today) == (4, 1)
    assert _panel(db, TUESDAY + dt.timedelta(days=1)).visits_today == 0


def test_reception_capability_is_required(db: Database, clock: ManualClock) -> None:
    with db.session() as session, pytest.raises(PermissionDenied):
        today_panel(session, built_in_actor("lecture", "Lecture", Capability.CASH_READ))
