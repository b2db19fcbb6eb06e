from __future__ import annotations

import datetime as dt

import pytest

from desktop.models import Membership, Person
from desktop.services.contact import normalised_email, phone_e164
from desktop.services.errors import ValidationError
from desktop.services.people import fold, search_persons
from tests.world import add_person


def _add(session, number, first, last, **extra) -> Person:
    return add_person(session, first, last, number=number, **extra)


def test_fold_ignores_case_accents_hyphens_and_apostrophes() -> None:
    assert fold("  Hélène  D'Aubigné-Lefèvre ") == "helene d aubigne lefevre"


def test_search_by_name_prefixes_number_phone_and_email(db, admin) -> None:
    with db.session() as session:
        helene = _add(
            session,
            "A-000001",
            "Hélène",
            "Dupré",
            phone="+33612345678",
            email="helene.dupre@example.org",
        )
        _add(session, "A-000002", "Marc", "Dupont")
        _add(session, "A-000003", "Élodie", "Marchand", deleted=True)
        session.add(
            Membership(
                number="AD-A-2026-0001",
                person_id=helene.id,
                valid_from=dt.date(2026, 1, 10),
                valid_until=dt.date(2027, 1, 9),
                amount_cents=2900,
                met_team_on=dt.date(2026, 1, 3),
                charter_accepted_at=dt.datetime(2026, 1, 10, tzinfo=dt.UTC),
            )
        )
    on = dt.date(2026, 11, 25)
    with db.session() as session:

        def names(query: str) -> list[str]:
            return [p.full_name for p in search_persons(session, admin, query, on=on)]

        assert names("dup") == ["Marc Dupont", "Hélène Dupré"]
        assert names("HELENE dup") == ["Hélène Dupré"]
        assert names("dupre hel") == ["Hélène Dupré"]
        assert names("a-000002") == ["Marc Dupont"]
        assert names("06 12 34 56 78") == ["Hélène Dupré"]
        assert names("Helene.Dupre@example.org") == ["Hélène Dupré"]
        assert names("marchand") == []  # tombstoned
        assert names("   ") == []
        (found,) = search_persons(session, admin, "hélène", on=on)
        assert found.membership_valid_until == dt.date(2027, 1, 9)
        (marc,) = search_persons(session, admin, "marc", on=on)
        assert marc.membership_valid_until is None


def test_phones_match_in_e164_and_digits_alone_do_not(db, admin) -> None:
    with db.session() as session:
        _add(session, "A-000001", "Hélène", "Dupré", phone="+33612345678")
        _add(session, "A-000002", "Marc", "Dupont", phone="+33556000002")
    with db.session() as session:

        def names(query: str) -> list[str]:
            return [p.full_name for p in search_persons(session, admin, query)]

        for typed in ("06 12 34 56 78", "+33612345678", "0033 6 12 34 56 78", "06.12.34.56.78"):
            assert names(typed) == ["Hélène Dupré"], typed
        # A person number is not the end of a phone number.
        assert names("A-000002") == ["Marc Dupont"]
        assert names("000002") == []
        assert names("12 34 56 78") == []  # too short to be a phone


def test_contact_forms() -> None:
    assert phone_e164("05 56 00 00 02") == "+33556000002"
    assert phone_e164("+44 20 7946 0958") == "+442079460958"
    assert phone_e164("Dupont") is None
    assert normalised_email(" Helene.Dupre@Example.ORG ") == "Helene.Dupre@example.org"
    with pytest.raises(ValidationError, match="n'est pas une adresse e-mail") as caught:
        normalised_email("helene@", "email")
    assert caught.value.field == "email"
