"""Visits: logging, the undo window, anonymous answers, the welcome checklist, append-only."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid

import pytest
from sqlalchemy import func, select

from desktop.models import Person, Visit, WelcomeCheck
from desktop.services import statistics, visits
from desktop.services.clock import ManualClock
from desktop.services.database import Database
from desktop.services.errors import NotFound, PermissionDenied, ValidationError
from desktop.services.formatting import to_utc
from desktop.services.people import find_persons
from desktop.services.permissions import Actor, Capability, built_in_actor
from desktop.services.settings import set_setting
from desktop.vocabulary import AgeBracket, FirstVisitAnswer, Gender, VisitReason, WelcomeStep
from tests.frozen_clock import clocked
from tests.world import add_person

DAY = dt.date(2026, 11, 24)  # a Tuesday
MORNING = to_utc(DAY, dt.time(10, 5))


@pytest.fixture
def clock(db: Database) -> ManualClock:
    """Every unit of work of ``db`` reads this clock (set to 10:05 on DAY, Paris)."""
    db.clock = ManualClock(MORNING)
    return db.clock


def _person(db: Database, first: str = "Hélène", last: str = "Lefèvre", **extra: object):
    with db.session() as session:
        person = add_person(session, first, last, **extra)
        return person.id, person.number


def test_logging_a_first_visit(db: Database, admin: Actor, clock: ManualClock) -> None:
    person_id, number = _person(db)
    with db.session() as session:
        row = visits.log_visit(session, admin, person_id)
    assert (row.person_id, row.person_number, row.person_name) == (person_id, number,
                                                                    "Hélène Lefèvre")  # fmt: skip
    assert row.reasons == (VisitReason.ACTIVITY,)  # the default reason
    assert row.first_visit and row.anonymous_first_visit is None and not row.already_logged
    assert row.time_label == "10 h 05" and row.recorded_by_name == "Camille Martin"
    assert row.undoable_until == MORNING + visits.UNDO_WINDOW and row.welcome == frozenset()
    with db.session() as session:
        assert session.get(Person, person_id).first_visit_on == DAY
    clock.advance(dt.timedelta(hours=3))
    with db.session() as session:
        again = visits.log_visit(session, admin, person_id, [VisitReason.CONVIVIALITY])
        listed = visits.day_visits(session, admin)
    assert not again.first_visit and again.time_label == "13 h 05"
    assert [v.id for v in listed] == [again.id, row.id]  # newest first
    assert [v.first_visit for v in listed] == [False, True]
    assert listed[1].undoable_until is None  # logged 3 hours ago


def test_reasons_are_checked_and_ordered(db: Database, admin: Actor, clock: ManualClock) -> None:
    person_id, _ = _person(db)
    with db.session() as session:
        for wrong in ([], ["n'importe quoi"]):
            with pytest.raises(ValidationError) as refused:
                visits.log_visit(session, admin, person_id, wrong)  # type: ignore[arg-type]
            assert refused.value.field == "reasons"
        assert "au moins un motif" in _message(visits.log_visit, session, admin, person_id, [])
        row = visits.log_visit(
            session, admin, person_id,
            [VisitReason.OTHER, VisitReason.INFORMATION, VisitReason.OTHER],
        )  # fmt: skip
    assert row.reasons == (VisitReason.INFORMATION, VisitReason.OTHER)
    assert row.reasons_label == "Information, Autre"


def test_the_default_reason_is_a_setting(db: Database, admin: Actor, clock: ManualClock) -> None:
    person_id, _ = _person(db)
    with db.session() as session:
        set_setting(session, admin, "visit_default_reason", VisitReason.INFORMATION.value)
    with db.session() as session:
        assert visits.log_visit(session, admin, person_id).reasons == (VisitReason.INFORMATION,)
    with db.session() as session, pytest.raises(ValidationError):
        set_setting(session, admin, "visit_default_reason", "cafe")


def test_a_second_scan_within_the_window_is_the_same_visit(
    db: Database, admin: Actor, clock: ManualClock
) -> None:
    person_id, _ = _person(db)
    with db.session() as session:
        first = visits.log_visit(session, admin, person_id)
    clock.advance(dt.timedelta(seconds=30))
    with db.session() as session:
        second = visits.log_visit(session, admin, person_id)
        assert len(visits.day_visits(session, admin)) == 1
    assert second.id == first.id and second.already_logged


def test_undo_appends_a_cancelling_visit(db: Database, admin: Actor, clock: ManualClock) -> None:
    person_id, _ = _person(db)
    with db.session() as session:
        row = visits.log_visit(session, admin, person_id, [VisitReason.SUPPORT])
    clock.advance(dt.timedelta(seconds=90))
    with db.session() as session:
        undone = visits.undo_visit(session, admin, row.id)
    assert undone.id == row.id and undone.undoable_until is None
    with db.session() as session:
        assert visits.day_visits(session, admin) == []
        assert visits.last_undoable(session, admin) is None
        assert session.get(Person, person_id).first_visit_on is None  # none is left
        cancel = session.scalar(select(Visit).where(Visit.cancels_visit_id == row.id))
        assert cancel.person_id == person_id and cancel.reasons == ["accompagnement"]
        assert cancel.at == MORNING + dt.timedelta(seconds=90)
        assert session.scalar(select(func.count()).select_from(Visit)) == 2  # nothing deleted
    clock.advance(dt.timedelta(minutes=5))
    with db.session() as session:
        assert visits.log_visit(session, admin, person_id).first_visit  # first again


def test_undo_after_two_minutes_is_refused(db: Database, admin: Actor, clock: ManualClock) -> None:
    person_id, _ = _person(db)
    with db.session() as session:
        row = visits.log_visit(session, admin, person_id)
    with db.session() as session:
        late = clocked(session, MORNING + visits.UNDO_WINDOW + dt.timedelta(seconds=1))
        assert visits.last_undoable(late, admin) is None
        with pytest.raises(ValidationError) as refused:
            visits.undo_visit(late, admin, row.id)
    assert refused.value.message == "Ce passage ne peut plus être annulé (plus de 2 minutes)."
    with db.session() as session:  # exactly two minutes: still in time
        just = clocked(session, MORNING + visits.UNDO_WINDOW)
        assert visits.undo_visit(just, admin, row.id).undoable_until is None


def test_double_undo_is_refused(db: Database, admin: Actor, clock: ManualClock) -> None:
    person_id, _ = _person(db)
    with db.session() as session:
        row = visits.log_visit(session, admin, person_id)
        visits.undo_visit(session, admin, row.id)
    with db.session() as session:
        assert _message(visits.undo_visit, session, admin, row.id) == visits.ALREADY_UNDONE
        cancel_id = session.scalar(select(Visit.id).where(Visit.cancels_visit_id == row.id))
        assert "déjà l'annulation" in _message(visits.undo_visit, session, admin, cancel_id)
        with pytest.raises(NotFound):
            visits.undo_visit(session, admin, person_id)  # no visit has that id
        assert session.scalar(select(func.count()).select_from(Visit)) == 2


def test_a_cancellation_written_meanwhile_is_reported_in_french(
    db: Database, admin: Actor, clock: ManualClock, monkeypatch
) -> None:
    """The UNIQUE cancels_visit_id refuses a second cancellation the check did not see (a
    sync applied in between): the same French refusal, and nothing half-written."""
    person_id, _ = _person(db)
    with db.session() as session:
        row = visits.log_visit(session, admin, person_id)
        visits.undo_visit(session, admin, row.id)
    monkeypatch.setattr(visits, "_undone", lambda session, visit_id: False)
    with db.session() as session:
        assert _message(visits.undo_visit, session, admin, row.id) == visits.ALREADY_UNDONE
        assert session.scalar(select(func.count()).select_from(Visit)) == 2  # still usable


def test_the_unique_cancellation_holds_in_the_file(
    db: Database, admin: Actor, clock: ManualClock
) -> None:
    """Even a writer skipping the service cannot cancel a visit twice."""
    person_id, _ = _person(db)
    with db.session() as session:
        row = visits.log_visit(session, admin, person_id)
        visits.undo_visit(session, admin, row.id)
    connection = sqlite3.connect(db.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            connection.execute(
                "INSERT INTO visit (id, hlc, origin_device, at, person_id, reasons, "
                "cancels_visit_id) SELECT 'ffffffffffffffffffffffffffffffff', '', '', at, "
                "person_id, reasons, cancels_visit_id FROM visit WHERE cancels_visit_id IS NOT NULL"
            )
    finally:
        connection.close()


def test_raw_update_or_delete_of_a_visit_is_refused(
    db: Database, admin: Actor, clock: ManualClock
) -> None:
    person_id, _ = _person(db)
    with db.session() as session:
        row = visits.log_visit(session, admin, person_id)
        visits.tick_welcome(session, admin, row.id, WelcomeStep.PRESENT_PLACE, True)
    connection = sqlite3.connect(db.path)
    try:
        for statement in (
            "UPDATE visit SET reasons = '[]'",
            "DELETE FROM visit",
            "UPDATE welcome_check SET done = 0",
            "DELETE FROM welcome_check",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                connection.execute(statement)
        assert connection.execute("SELECT count(*) FROM visit").fetchone() == (1,)
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("answer", "first"),
    [(FirstVisitAnswer.YES, True), (FirstVisitAnswer.NO, False), (FirstVisitAnswer.UNKNOWN, False)],
)
def test_anonymous_visit_with_each_answer(
    db: Database, admin: Actor, clock: ManualClock, answer: FirstVisitAnswer, first: bool
) -> None:
    with db.session() as session:
        row = visits.log_anonymous_visit(
            session, admin, answer, Gender.FEMALE, AgeBracket.FROM_60_TO_74
        )
    assert row.anonymous and row.person_name == "Anonyme" and row.person_number == ""
    assert (row.anonymous_first_visit, row.first_visit) == (answer, first)
    assert (row.anonymous_gender, row.anonymous_age_bracket) == (
        Gender.FEMALE, AgeBracket.FROM_60_TO_74,
    )  # fmt: skip
    with db.session() as session:
        undone = visits.undo_visit(session, admin, row.id)
        cancel = session.scalar(select(Visit).where(Visit.cancels_visit_id == row.id))
    assert undone.anonymous_first_visit is answer
    assert (cancel.person_id, cancel.anonymous_first_visit) == (None, answer)
    assert (cancel.anonymous_gender, cancel.anonymous_age_bracket) == (
        Gender.FEMALE, AgeBracket.FROM_60_TO_74,
    )  # fmt: skip


def test_anonymous_answers_are_checked(db: Database, admin: Actor, clock: ManualClock) -> None:
    with db.session() as session:
        for args, field in (
            (("peut-être",), "first_visit"),
            ((FirstVisitAnswer.YES, "robot"), "gender"),
            ((FirstVisitAnswer.YES, None, "centenaire"), "age_bracket"),
        ):
            with pytest.raises(ValidationError) as refused:
                visits.log_anonymous_visit(session, admin, *args)  # type: ignore[arg-type]
            assert refused.value.field == field
        plain = visits.log_anonymous_visit(session, admin, FirstVisitAnswer.UNKNOWN)
    assert plain.anonymous_gender is None and plain.reasons == (VisitReason.ACTIVITY,)


def test_welcome_ticks_last_per_step_counts(
    db: Database, admin: Actor, clock: ManualClock
) -> None:
    person_id, _ = _person(db)
    with db.session() as session:
        row = visits.log_visit(session, admin, person_id)
    steps = [
        (WelcomeStep.PRESENT_PLACE, True),
        (WelcomeStep.OFFER_PROGRAMME, True),
        (WelcomeStep.PRESENT_PLACE, False),
        (WelcomeStep.PRESENT_PLACE, True),
        (WelcomeStep.OFFER_NEWSLETTER, False),  # already unticked: nothing written
        (WelcomeStep.OFFER_PROGRAMME, True),  # already ticked: nothing written
        (WelcomeStep.OFFER_PROGRAMME, False),
    ]
    for step, done in steps:
        clock.advance(dt.timedelta(seconds=5))
        with db.session() as session:
            ticked = visits.tick_welcome(session, admin, row.id, step, done)
    assert ticked.welcome == frozenset({WelcomeStep.PRESENT_PLACE})
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(WelcomeCheck)) == 5
        assert visits.day_visits(session, admin)[0].welcome == {WelcomeStep.PRESENT_PLACE}
        with pytest.raises(ValidationError):
            visits.tick_welcome(session, admin, row.id, "danser", True)  # type: ignore[arg-type]
        visits.undo_visit(session, admin, row.id)
    with db.session() as session:
        refused = _message(visits.tick_welcome, session, admin, row.id,
                           WelcomeStep.OFFER_PROGRAMME, True)  # fmt: skip
    assert "annulé" in refused


def test_merged_deleted_or_unknown_persons_are_refused(
    db: Database, admin: Actor, clock: ManualClock
) -> None:
    survivor_id, survivor_number = _person(db)
    with db.session() as session:
        merged = add_person(session, "Helene", "Lefevre", merged_into_id=survivor_id, deleted=True)
        gone = add_person(session, "Paul", "Martin", deleted=True)
    with db.session() as session:
        message = _message(visits.log_visit, session, admin, merged.id)
        assert f"fusionnée avec celle de {survivor_number}" in message
        assert "supprimée" in _message(visits.log_visit, session, admin, gone.id)
        with pytest.raises(NotFound):
            visits.log_visit(session, admin, uuid.UUID(int=12345))
        assert session.scalar(select(func.count()).select_from(Visit)) == 0


def test_last_undoable_is_the_latest_still_in_time(
    db: Database, admin: Actor, clock: ManualClock
) -> None:
    first_id, _ = _person(db)
    second_id, _ = _person(db, "Paul", "L'Hôte")
    with db.session() as session:
        assert visits.last_undoable(session, admin) is None
        one = visits.log_visit(session, admin, first_id)
    clock.advance(dt.timedelta(seconds=60))
    with db.session() as session:
        two = visits.log_anonymous_visit(session, admin, FirstVisitAnswer.NO)
        assert visits.last_undoable(session, admin).id == two.id
        visits.undo_visit(session, admin, two.id)
        assert visits.last_undoable(session, admin).id == one.id
    clock.advance(dt.timedelta(seconds=61))
    with db.session() as session:
        assert visits.last_undoable(session, admin) is None
        visits.log_visit(session, admin, second_id)
        assert visits.last_undoable(session, admin).person_name == "Paul L'Hôte"


def test_day_visits_of_another_day(db: Database, admin: Actor, clock: ManualClock) -> None:
    person_id, _ = _person(db)
    with db.session() as session:
        visits.log_visit(session, admin, person_id)
    clock.advance(dt.timedelta(days=1))
    with db.session() as session:
        assert visits.day_visits(session, admin) == []
        [row] = visits.day_visits(session, admin, DAY)
    assert row.person_id == person_id and row.undoable_until is None


def test_reception_capability_is_required(db: Database, clock: ManualClock) -> None:
    person_id, _ = _person(db)
    cashier = built_in_actor("lecture", "Lecture", Capability.CASH_READ)
    with db.session() as session:
        for call, args in (
            (visits.log_visit, (person_id,)),
            (visits.log_anonymous_visit, (FirstVisitAnswer.YES,)),
            (visits.day_visits, ()),
            (visits.last_undoable, ()),
        ):
            with pytest.raises(PermissionDenied):
                call(session, cashier, *args)


def test_a_built_in_actor_records_no_staff_account(db: Database, clock: ManualClock) -> None:
    person_id, _ = _person(db)
    desk = built_in_actor("ligne-de-commande", "Ligne de commande", Capability.RECEPTION)
    with db.session() as session:
        row = visits.log_visit(session, desk, person_id)
        assert session.get(Visit, row.id).recorded_by is None
    assert row.recorded_by_name == ""


def test_first_visit_on_follows_the_counted_visits(
    db: Database, admin: Actor, clock: ManualClock
) -> None:
    """Logged on the first visit, kept by a later one, back to the earlier day on undo."""
    person_id, _ = _person(db)
    with db.session() as session:
        visits.log_visit(session, admin, person_id)
    clock.advance(dt.timedelta(days=7))
    with db.session() as session:
        later = visits.log_visit(session, admin, person_id)
        assert session.get(Person, person_id).first_visit_on == DAY
        visits.undo_visit(session, admin, later.id)
        assert session.get(Person, person_id).first_visit_on == DAY
    known_id, _ = _person(db, "Anne", "Ancienne", first_visit_on=dt.date(2020, 3, 3))
    with db.session() as session:
        row = visits.log_visit(session, admin, known_id)
        visits.undo_visit(session, admin, row.id)
        assert session.get(Person, known_id).first_visit_on == dt.date(2020, 3, 3)


# --- What reads visits through counted() ----------------------------------------------------


def test_the_search_forgets_an_undone_visit(db: Database, admin: Actor, clock: ManualClock) -> None:
    """The in-memory index, refreshed from the change log, drops the first and last visit
    of a person whose only visit was undone (the person row itself unchanged)."""
    person_id, _ = _person(db, first_visit_on=dt.date(2020, 3, 3))  # known before any visit
    other_id, _ = _person(db, "Hélène", "Lefort")
    with db.session() as session:
        [result] = find_persons(session, admin, "lefevre")  # builds the index
        assert result.last_visit_at is None
        row = visits.log_visit(session, admin, person_id)
        visits.log_visit(session, admin, other_id)
    with db.session() as session:
        [result] = find_persons(session, admin, "lefevre")
        assert result.last_visit_at == MORNING
        visits.undo_visit(session, admin, row.id)
    with db.session() as session:
        [result] = find_persons(session, admin, "lefevre")
        ranked = [r.id for r in find_persons(session, admin, "helene")]
    assert (result.last_visit_at, result.first_visit) == (None, True)
    assert ranked == [other_id, person_id]  # the recent visitor first


def test_statistics_skip_an_undone_visit(db: Database, admin: Actor, clock: ManualClock) -> None:
    kept_id, _ = _person(db)
    undone_id, _ = _person(db, "Paul", "Martin")
    with db.session() as session:
        visits.log_visit(session, admin, kept_id)
        undone = visits.log_visit(session, admin, undone_id)
        visits.log_anonymous_visit(session, admin, FirstVisitAnswer.YES)
        anonymous = visits.log_anonymous_visit(session, admin, FirstVisitAnswer.NO)
        visits.undo_visit(session, admin, undone.id)
        visits.undo_visit(session, admin, anonymous.id)
    with db.session() as session:
        figures = statistics.overview(session, admin, DAY, DAY)
    assert (figures.visits, figures.anonymous_visits) == (2, 1)
    assert (figures.distinct_persons, figures.new_persons, figures.returning_persons) == (1, 1, 0)


def _message(call, *args) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        call(*args)
    return refused.value.message
