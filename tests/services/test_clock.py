"""The clock of a unit of work: services read it, rows follow it, today is Paris's day."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from desktop.models import AuditEntry, ChangeLogEntry, Person
from desktop.services import audit, clock, users
from desktop.services.clock import ManualClock
from desktop.services.database import Database
from desktop.views.cash.common import paris_today
from desktop.vocabulary import Gender, Role

MOMENT = dt.datetime(2021, 3, 14, 9, 30, tzinfo=dt.UTC)


def _counter_ids() -> tuple[list[uuid.UUID], ManualClock]:
    drawn: list[uuid.UUID] = []

    def ids(at: dt.datetime) -> uuid.UUID:
        drawn.append(uuid.UUID(int=int(at.timestamp()) << 64 | len(drawn) + 1))
        return drawn[-1]

    return drawn, ManualClock(MOMENT, ids)


def test_sessions_carry_the_database_clock_and_rows_follow_it(db: Database, admin) -> None:
    drawn, manual = _counter_ids()
    db.clock = manual
    with db.session() as session:
        assert clock.now(session) == MOMENT
        info = users.create_user(session, admin, "lea", "Léa", "bonjour-123", [Role.ACCUEIL])
        person = Person(
            number="A-000001", first_name="Marie", last_name="Dupont", search_key="marie dupont",
            gender=Gender.FEMALE,
        )  # fmt: skip
        session.add(person)
        session.flush()
        manual.advance(dt.timedelta(minutes=5))
        audit.record(session, admin, "essai")
    with db.session() as session:
        stored = session.get(Person, person.id)
        assert stored is not None and stored.created_at == MOMENT  # a default=utcnow column
        assert person.id in drawn and info.id in drawn  # default=new_id columns
        moments = session.scalars(select(AuditEntry.at).order_by(AuditEntry.seq)).all()
        assert moments[-2:] == [MOMENT, MOMENT + dt.timedelta(minutes=5)]
        logged = session.scalars(
            select(ChangeLogEntry.recorded_at).where(ChangeLogEntry.row_id == str(person.id))
        ).all()
        assert logged == [MOMENT]


def test_the_default_clock_is_the_machine_s(db: Database) -> None:
    before = dt.datetime.now(dt.UTC)
    with db.session() as session:
        moment = clock.now(session)
        first, second = clock.new_row_id(session), clock.new_row_id(session)
    assert before <= moment <= dt.datetime.now(dt.UTC)
    assert first.version == 7 and first != second


def test_today_is_the_paris_day_of_the_session_clock(db: Database) -> None:
    db.clock = ManualClock(dt.datetime(2026, 6, 30, 22, 30, tzinfo=dt.UTC))  # 00:30 in Paris
    with db.session() as session:
        assert clock.today(session) == dt.date(2026, 7, 1)
    db.clock = ManualClock(dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC))  # 23:30 in Paris
    with db.session() as session:
        assert clock.today(session) == dt.date(2026, 12, 31)


def test_read_sessions_follow_the_database_clock_too(db: Database) -> None:
    db.clock = ManualClock(MOMENT)
    with db.read_session() as session:
        assert clock.now(session) == MOMENT
        assert clock.today(session) == dt.date(2021, 3, 14)


def test_the_cash_views_take_today_from_the_service_layer(monkeypatch) -> None:
    monkeypatch.setattr(
        "desktop.models.session_clock.SYSTEM_CLOCK.now",
        lambda: dt.datetime(2026, 3, 28, 23, 15, tzinfo=dt.UTC),  # 00:15 on the 29th in Paris
    )
    assert clock.machine_today() == dt.date(2026, 3, 29)
    assert paris_today() == dt.date(2026, 3, 29)
