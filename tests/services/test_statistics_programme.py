from __future__ import annotations

import datetime as dt

from desktop.models import Activity, Occurrence, Person, Registration, Visit
from desktop.services import programme, statistics
from desktop.services.formatting import to_utc
from desktop.vocabulary import (
    ActivityCategory,
    CaregiverStatus,
    FirstVisitAnswer,
    Gender,
    PriceCategory,
    RegistrationStatus,
)

DAY = dt.date(2026, 11, 24)


def test_overview_counts_without_names(db, admin) -> None:
    with db.session() as session:
        old = Person(
            number="A-000001",
            first_name="Anne",
            last_name="Old",
            search_key="anne old",
            gender=Gender.FEMALE,
            first_visit_on=dt.date(2025, 1, 7),
            caregiver_status=CaregiverStatus.REVEALED,
        )
        new = Person(
            number="A-000002",
            first_name="Paul",
            last_name="New",
            search_key="paul new",
            gender=Gender.MALE,
            first_visit_on=DAY,
            caregiver_status=CaregiverStatus.ON_ARRIVAL,
        )
        session.add_all([old, new])
        session.flush()
        at = to_utc(DAY, dt.time(10))
        session.add_all(
            [
                Visit(at=at, person_id=old.id, reasons=["activite"]),
                Visit(at=at + dt.timedelta(hours=2), person_id=old.id, reasons=["convivialite"]),
                Visit(at=at, person_id=new.id, reasons=["accompagnement"]),
                Visit(at=at, anonymous_first_visit=FirstVisitAnswer.YES, reasons=["information"]),
                Visit(at=to_utc(DAY + dt.timedelta(days=1), dt.time(0, 30)), person_id=new.id),
            ]
        )
    with db.session() as session:
        figures = statistics.overview(session, admin, DAY, DAY)
    assert (figures.visits, figures.anonymous_visits) == (4, 1)
    assert (figures.distinct_persons, figures.new_persons, figures.returning_persons) == (2, 1, 1)
    assert (figures.women, figures.caregivers_on_arrival, figures.caregivers_revealed) == (1, 1, 1)


def test_occurrences_of_a_period_with_fill_level(db, admin) -> None:
    with db.session() as session:
        yoga = Activity(
            title="Yoga doux",
            category=ActivityCategory.PHYSICAL,
            capacity=2,
            price_category=PriceCategory.PAID,
        )
        session.add(yoga)
        session.flush()
        occurrence = Occurrence(
            activity_id=yoga.id,
            starts_at=to_utc(DAY, dt.time(10)),
            ends_at=to_utc(DAY, dt.time(11, 30)),
            capacity=2,
        )
        later = Occurrence(
            activity_id=yoga.id,
            starts_at=to_utc(DAY, dt.time(23, 30)),
            ends_at=to_utc(DAY + dt.timedelta(days=1), dt.time(1)),
            capacity=2,
        )
        outside = Occurrence(
            activity_id=yoga.id,
            starts_at=to_utc(DAY + dt.timedelta(days=1), dt.time(0, 30)),
            ends_at=to_utc(DAY + dt.timedelta(days=1), dt.time(2)),
            capacity=2,
        )
        session.add_all([occurrence, later, outside])
        session.flush()
        for i, status in enumerate(
            [
                RegistrationStatus.REGISTERED,
                RegistrationStatus.PRESENT,
                RegistrationStatus.WAITLISTED,
                RegistrationStatus.CANCELLED,
            ]
        ):
            person = Person(
                number=f"A-00000{i}", first_name="P", last_name=str(i), search_key=f"p {i}"
            )
            session.add(person)
            session.flush()
            session.add(
                Registration(occurrence_id=occurrence.id, person_id=person.id, status=status)
            )
    with db.session() as session:
        found = programme.list_occurrences(session, admin, DAY, DAY)
    assert [o.starts_at for o in found] == [to_utc(DAY, dt.time(10)), to_utc(DAY, dt.time(23, 30))]
    first = found[0]
    assert (first.registered, first.waitlisted, first.places_left) == (2, 1, 0)
    assert found[1].registered == 0 and found[1].places_left == 2
