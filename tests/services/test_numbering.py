"""Human numbers of persons and memberships."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from desktop.models import Membership, Person
from desktop.services.errors import ValidationError
from desktop.services.numbering import (
    membership_number,
    next_membership_number,
    next_person_number,
    parse_membership_number,
    parse_person_number,
    parse_receipt_number,
    person_number,
    receipt_number,
)

RECEIPT_NUMBER = re.compile(r"^[A-Z]-\d{4}-\d{6}$")


def _person(session, number: str) -> Person:
    person = Person(number=number, first_name="Jeanne", last_name="Roux", search_key="jeanne roux")
    session.add(person)
    session.flush()
    return person


def test_formats_round_trip_and_never_look_like_receipts() -> None:
    assert person_number("A", 42) == "A-000042"
    assert membership_number("B", 2024, 7) == "AD-B-2024-0007"
    assert parse_person_number("A-000042") == ("A", 42)
    assert parse_membership_number("AD-B-2024-0007") == ("B", 2024, 7)
    assert parse_person_number("A-2024-000042") is None
    assert parse_membership_number("A-2024-000042") is None
    for number in (person_number("A", 1), membership_number("A", 2024, 1)):
        assert not RECEIPT_NUMBER.fullmatch(number)


def test_next_numbers_follow_the_series_and_the_year(db) -> None:
    with db.session() as session:
        assert next_person_number(session, "A") == "A-000001"
        for seq in (9, 10, 11):
            _person(session, person_number("A", seq))
        _person(session, person_number("B", 500))
        assert next_person_number(session, "A") == "A-000012"
        assert next_person_number(session, "B") == "B-000501"
        owner = _person(session, person_number("A", 12))
        assert next_membership_number(session, "A", 2024) == "AD-A-2024-0001"
        for year, seq in ((2024, 9999), (2024, 10000), (2025, 3)):
            session.add(
                Membership(
                    number=membership_number("A", year, seq),
                    person_id=owner.id,
                    valid_from=dt.date(year, 1, 1),
                    valid_until=dt.date(year, 12, 31),
                    amount_cents=2900,
                    met_team_on=dt.date(year, 1, 1),
                    charter_accepted_at=dt.datetime(year, 1, 1, 10, tzinfo=dt.UTC),
                )
            )
        session.flush()
        assert next_membership_number(session, "A", 2024) == "AD-A-2024-10001"
        assert next_membership_number(session, "A", 2025) == "AD-A-2025-0004"
        assert next_membership_number(session, "B", 2025) == "AD-B-2025-0001"


def test_receipt_numbers_are_formatted_and_parsed_by_one_pair() -> None:
    assert receipt_number("A", 2024, 42) == "A-2024-000042"
    assert receipt_number("B", 2031, 1_234_567) == "B-2031-1234567"
    assert parse_receipt_number("A-2024-000042") == ("A", 2024, 42)
    assert parse_receipt_number(" a-2024-42 ") == ("A", 2024, 42)
    assert parse_receipt_number("B-2031-1234567") == ("B", 2031, 1_234_567)
    for wrong in ("AD-A-2024-0042", "A-000042", "A-24-000042", "A-2024-000000", "reçu 42"):
        with pytest.raises(ValidationError, match="n'est pas un numéro de reçu") as caught:
            parse_receipt_number(wrong, "receipt")
        assert caught.value.field == "receipt"
    with pytest.raises(ValidationError, match="Indiquez le numéro du reçu"):
        parse_receipt_number("  ")
