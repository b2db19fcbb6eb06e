"""The change log is written by the flush hook for every synced table, in the same transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from desktop.models import (
    AppendOnlyViolation,
    Base,
    ChangeLogEntry,
    Person,
    Synced,
    Visit,
)
from desktop.models.clock import HlcValue, HybridLogicalClock
from desktop.services.database import open_database
from desktop.vocabulary import FirstVisitAnswer, Gender


def _person(number: str = "A-000001") -> Person:
    return Person(number=number, first_name="Hélène", last_name="Dupré", search_key="helene dupre")


def test_every_table_is_synced_or_explicitly_local() -> None:
    local = {"local_state", "login_throttle", "change_log", "sync_conflict"}
    for mapper in Base.registry.mappers:
        table = mapper.local_table.name
        assert issubclass(mapper.class_, Synced) or table in local, table


def test_insert_and_update_are_logged_with_increasing_clock(db) -> None:
    with db.session() as session:
        person = _person()
        session.add(person)
        session.flush()
        person_id = person.id
        created_hlc = person.hlc
    with db.session() as session:
        person = session.get(Person, person_id)
        person.city = "Bordeaux"
    with db.session() as session:
        entries = session.scalars(
            select(ChangeLogEntry)
            .where(ChangeLogEntry.row_id == str(person_id))
            .order_by(ChangeLogEntry.seq)
        ).all()
        person = session.get(Person, person_id)
        all_seqs = session.scalars(select(ChangeLogEntry.seq).order_by(ChangeLogEntry.seq)).all()
    assert [e.table_name for e in entries] == ["person", "person"]
    assert "first_name" in entries[0].fields
    assert entries[1].fields == ["city"]
    assert entries[1].hlc > entries[0].hlc == created_hlc
    assert person.hlc == entries[1].hlc
    assert person.origin_device == str(db.device.device_id)
    assert all_seqs == list(range(1, len(all_seqs) + 1))


def test_failed_transaction_leaves_no_change_log(db) -> None:
    with db.session() as session:
        before = session.scalar(select(ChangeLogEntry.seq).order_by(ChangeLogEntry.seq.desc()))
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(_person("A-000009"))
        session.add(_person("A-000009"))
        session.flush()
    with db.session() as session:
        after = session.scalar(select(ChangeLogEntry.seq).order_by(ChangeLogEntry.seq.desc()))
        assert session.scalar(select(Person).where(Person.number == "A-000009")) is None
    assert after == before


def test_synced_rows_are_never_hard_deleted(db) -> None:
    with db.session() as session:
        session.add(_person())
    with pytest.raises(AppendOnlyViolation), db.session() as session:
        session.delete(session.scalar(select(Person)))


def test_append_only_rows_refuse_updates_in_orm_and_sql(db, admin) -> None:
    with db.session() as session:
        session.add(
            Visit(
                at=dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC),
                anonymous_first_visit=FirstVisitAnswer.YES,
                anonymous_gender=Gender.FEMALE,
                reasons=["information"],
            )
        )
    with pytest.raises(AppendOnlyViolation), db.session() as session:
        session.scalar(select(Visit)).reasons = ["autre"]
    for statement in (
        "UPDATE visit SET reasons = '[]'",
        "DELETE FROM visit",
        "UPDATE audit_entry SET action = 'x'",
        "DELETE FROM audit_entry",
    ):
        with pytest.raises(IntegrityError, match="append-only"), db.session() as session:
            session.execute(text(statement))


def test_clock_is_monotonic_even_when_the_wall_clock_goes_back() -> None:
    wall = iter([100.0, 100.0, 99.0, 101.0, 101.0, 101.0])
    clock = HybridLogicalClock("dev", wall=lambda: next(wall))
    values = [clock.now() for _ in range(4)]
    assert values == sorted(values) and len(set(values)) == 4
    clock.observe(HlcValue(200_000, 3, "other").encode())
    assert HlcValue.decode(clock.now()) > HlcValue(200_000, 3, "other")


def _seqs(session) -> list[int]:
    return list(session.scalars(select(ChangeLogEntry.seq).order_by(ChangeLogEntry.seq)))


def test_numbers_stay_consecutive_across_flushes_savepoints_and_connections(db) -> None:
    with db.session() as session:
        session.add(_person("A-000001"))
        session.flush()
        savepoint = session.begin_nested()
        session.add(_person("A-000002"))
        session.flush()
        savepoint.rollback()  # its change-log row is gone: the next change reuses the number
        session.add(_person("A-000003"))
        session.flush()
        session.add(_person("A-000004"))
    other = open_database(db.path)  # another connection writes between our transactions
    try:
        with other.session() as session:
            session.add(_person("A-000005"))
    finally:
        other.close()
    with db.session() as session:
        session.add(_person("A-000006"))
    with db.session() as session:
        seqs = _seqs(session)
        assert seqs == list(range(1, len(seqs) + 1))
        logged = session.scalars(select(ChangeLogEntry.row_id).order_by(ChangeLogEntry.seq))
        persons = {str(p.id): p.number for p in session.scalars(select(Person))}
        assert [persons[r] for r in logged if r in persons] == [
            "A-000001",
            "A-000003",
            "A-000004",
            "A-000005",
            "A-000006",
        ]


def test_setting_a_value_to_itself_logs_nothing(db) -> None:
    with db.session() as session:
        session.add(_person())
    with db.session() as session:
        before = _seqs(session)
        person = session.scalar(select(Person))
        person.city = person.city
        person.first_name = "Hélène"
    with db.session() as session:
        assert _seqs(session) == before
