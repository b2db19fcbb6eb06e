"""The desk's search: folding, ranking, phones, codes, the facts each result carries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from desktop.models import MeetingFlag, Membership, Person, Registration, Visit
from desktop.services.database import Database
from desktop.services.errors import NotFound
from desktop.services.formatting import to_utc
from desktop.services.people import (
    MembershipState,
    SearchResult,
    find_by_code,
    find_persons,
    search_persons,
)
from desktop.services.permissions import Actor
from desktop.services.search import Match, fold, one_typo_match, parse_query, search_key
from desktop.vocabulary import FlagReason, FlagStatus, RegistrationStatus
from tests.frozen_clock import set_clock
from tests.world import add_person, add_session

NOON = to_utc(dt.date(2026, 5, 12), dt.time(12))
TODAY = dt.date(2026, 5, 12)


def _find(db: Database, actor: Actor, text: str, **kw: object) -> list[SearchResult]:
    with db.read_session() as session:
        set_clock(session, NOON)
        return find_persons(session, actor, text, **kw)


def _names(results: list[SearchResult]) -> list[str]:
    return [f"{r.first_name} {r.last_name}" for r in results]


def _visit(session: Session, person: Person | None, at: dt.datetime) -> None:
    assert person is not None
    session.add(Visit(at=at, person_id=person.id, reasons=["activite"]))
    session.flush()


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hélène", "helene"),
        ("ŒUVRAY", "oeuvray"),
        ("Lætitia", "laetitia"),
        ("Strauß", "strauss"),
        ("L'Hôte", "l hote"),
        ("L’Hôte", "l hote"),
        ("Jean-Éric", "jean eric"),
        ("  Ça,  va ! ", "ca va"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_search_key_adds_several_word_names_run_together() -> None:
    assert search_key("Jean-Éric", "L'Hôte", "Œuvray") == "jean eric jeaneric l hote lhote oeuvray"


@pytest.fixture
def people(db: Database) -> dict[str, tuple[uuid.UUID, str]]:
    with db.session() as session:
        set_clock(session, NOON)
        made = {
            "helene": add_person(session, "Hélène", "Lefèvre", phone="+33612345678"),
            "oeuvray": add_person(session, "Anne", "Œuvray", email="anne.o@example.org"),
            "lhote": add_person(session, "Paul", "L'Hôte"),
            "jean": add_person(session, "Jean-Éric", "Martin"),
            "dupont": add_person(session, "Marie", "Dupont"),
            "usage": add_person(session, "Claire", "Petit", usage_name="Durand"),
            "marion": add_person(session, "Marion", "Roux"),
            "mariette": add_person(session, "Mariette", "Blanc"),
        }
        return {name: (p.id, p.number) for name, p in made.items()}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("helene", "Hélène Lefèvre"),
        ("HELENE", "Hélène Lefèvre"),
        ("oeuvray", "Anne Œuvray"),
        ("Œuv", "Anne Œuvray"),
        ("lhote", "Paul L'Hôte"),
        ("l hote", "Paul L'Hôte"),
        ("l'hôte", "Paul L'Hôte"),
        ("jean eric", "Jean-Éric Martin"),
        ("jean-eric", "Jean-Éric Martin"),
        ("lefevre helene", "Hélène Lefèvre"),
        ("durand", "Claire Petit"),
        ("06 12 34 56 78", "Hélène Lefèvre"),
        ("+33612345678", "Hélène Lefèvre"),
        ("0612", "Hélène Lefèvre"),
        ("06.12.34", "Hélène Lefèvre"),
        ("+3361", "Hélène Lefèvre"),
        ("anne.o@example.org", "Anne Œuvray"),
        ("anne.o@ex", "Anne Œuvray"),
    ],
)
def test_found_first(
    db: Database, admin: Actor, people: dict[str, tuple[uuid.UUID, str]], typed: str, expected: str
) -> None:
    results = _find(db, admin, typed)
    assert results and _names(results)[0] == expected, _names(results)


def test_by_person_number_and_its_prefix(db: Database, admin: Actor, people) -> None:
    _id, number = people["dupont"]
    assert _names(_find(db, admin, number)) == ["Marie Dupont"]
    assert _find(db, admin, number)[0].match is Match.EXACT
    assert "Marie Dupont" in _names(_find(db, admin, number[:-1]))
    assert "Marie Dupont" in _names(_find(db, admin, number.lower().replace("-", " ")))


def test_one_typo_comes_after_exact_and_prefix_matches(db: Database, admin: Actor, people) -> None:
    with db.session() as session:
        add_person(session, "Luc", "Dupond")
    results = _find(db, admin, "dupond")
    assert _names(results) == ["Luc Dupond", "Marie Dupont"]
    assert [r.match for r in results] == [Match.EXACT, Match.FUZZY]
    assert _names(_find(db, admin, "dupomt marie")) == ["Marie Dupont"]
    assert _find(db, admin, "dupo")[0].match is Match.PREFIX
    assert _find(db, admin, "dpt") == []  # too short for a typo
    assert not one_typo_match(["dupond", "marei"], ["marie", "dupont"])  # two typos


def test_exact_before_prefix_then_recent_visitors_first(db: Database, admin: Actor, people) -> None:
    with db.session() as session:
        set_clock(session, NOON)
        _visit(session, session.get(Person, people["mariette"][0]), NOON - dt.timedelta(days=1))
        _visit(session, session.get(Person, people["marion"][0]), NOON - dt.timedelta(days=30))
        add_person(session, "Mari", "Zed")
    results = _find(db, admin, "mari")
    # the exact word first, then the prefixes: latest visitor first, then never seen (by name)
    assert _names(results) == ["Mari Zed", "Mariette Blanc", "Marion Roux", "Marie Dupont"]
    assert [r.match for r in results] == [Match.EXACT, Match.PREFIX, Match.PREFIX, Match.PREFIX]


def test_the_index_follows_changes_and_forgets_a_rolled_back_person(
    db: Database, admin: Actor, people
) -> None:
    assert _find(db, admin, "zoé") == []
    with db.session() as session:
        add_person(session, "Zoé", "Arnaud")
    assert _names(_find(db, admin, "zoe")) == ["Zoé Arnaud"]
    with pytest.raises(RuntimeError), db.session() as session:
        add_person(session, "Yvette", "Horner")
        assert _names(find_persons(session, admin, "yvette")) == ["Yvette Horner"]
        raise RuntimeError("rolled back")
    with db.session() as session:
        add_person(session, "Xavier", "Wolf")  # the same change-log ids, other rows
        zoe = session.query(Person).filter_by(first_name="Zoé").one()
        zoe.deleted = True
    assert _find(db, admin, "yvette") == []
    assert _names(_find(db, admin, "xavier")) == ["Xavier Wolf"]
    assert _find(db, admin, "zoe") == []


def test_result_status_fields(db: Database, admin: Actor, people) -> None:
    with db.session() as session:
        set_clock(session, NOON)
        helene = session.get(Person, people["helene"][0])
        dupont = session.get(Person, people["dupont"][0])
        jean = session.get(Person, people["jean"][0])
        assert helene is not None and dupont is not None and jean is not None
        common = {"amount_cents": 1000, "met_team_on": TODAY, "charter_accepted_at": NOON}
        session.add_all([
            Membership(number="AD-A-2026-0001", person_id=helene.id, valid_from=TODAY,
                       valid_until=dt.date(2027, 5, 11), **common),
            Membership(number="AD-A-2025-0001", person_id=dupont.id,
                       valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2025, 12, 31), **common),
            Membership(number="AD-A-2026-0002", person_id=dupont.id, valid_from=TODAY,
                       valid_until=dt.date(2027, 1, 1), cancelled=True, **common),
        ])  # fmt: skip
        occurrence = add_session(session, TODAY, title="Atelier couture", hour=14)
        tomorrow = add_session(session, TODAY + dt.timedelta(days=1), title="Demain")
        for place in (occurrence, tomorrow):
            session.add(Registration(occurrence_id=place.id, person_id=helene.id,
                                     status=RegistrationStatus.REGISTERED))  # fmt: skip
        _visit(session, helene, NOON - dt.timedelta(days=3))
        _visit(session, jean, NOON - dt.timedelta(hours=1))  # today only: still a first visit
        session.add(MeetingFlag(person_id=dupont.id, reason=FlagReason.SEEMS_CAREGIVER,
                                comment="secret", raised_by=admin.user_id,
                                raised_at=to_utc(dt.date(2026, 5, 2), dt.time(10))))
        session.add(MeetingFlag(person_id=helene.id, reason=FlagReason.SEEMS_CAREGIVER,
                                raised_by=admin.user_id, status=FlagStatus.HANDLED))  # fmt: skip
    [h] = _find(db, admin, "helene")
    assert h.membership.state is MembershipState.VALID
    assert h.membership.label == "à jour jusqu'au 11/05/2027"
    assert [(r.title, r.label) for r in h.today_registrations] == [
        ("Atelier couture", "14:00 Atelier couture")
    ]
    assert h.first_visit is False and h.flagged_on is None and h.flag_label == ""
    assert h.last_visit_at == NOON - dt.timedelta(days=3)
    [d] = _find(db, admin, "dupont")
    assert d.membership.state is MembershipState.EXPIRED
    assert d.membership.label == "expirée depuis le 01/01/2026"
    assert d.first_visit is True and d.today_registrations == ()
    assert d.flag_label == "signalé le 02/05/2026"
    [j] = _find(db, admin, "jean eric")
    assert j.membership.label == "non adhérent·e" and j.first_visit is True


def test_nothing_about_a_case_or_a_flag_text_in_a_result() -> None:
    names = {f.name for f in dataclasses.fields(SearchResult)}
    assert names == {
        "id", "number", "first_name", "last_name", "usage_name", "phone", "email", "match",
        "last_visit_at", "first_visit", "membership", "today_registrations", "flagged_on",
    }  # fmt: skip
    assert not any(word in name for name in names for word in ("case", "note", "reason"))


def test_find_by_code(db: Database, admin: Actor, people) -> None:
    person_id, number = people["dupont"]
    with db.session() as session:
        set_clock(session, NOON)
        session.add(Membership(number="AD-A-2026-0042", person_id=person_id, valid_from=TODAY,
                               valid_until=dt.date(2027, 5, 11), amount_cents=1000,
                               met_team_on=TODAY, charter_accepted_at=NOON))  # fmt: skip
    with db.read_session() as session:
        set_clock(session, NOON)
        assert find_by_code(session, admin, number).id == person_id
        assert find_by_code(session, admin, f" {number.lower()} ").id == person_id
        assert find_by_code(session, admin, "ad-a-2026-0042").id == person_id
        with pytest.raises(NotFound, match="Aucune personne ne correspond au code « Z-999 »"):
            find_by_code(session, admin, "Z-999")


def test_the_payer_picker_search_still_returns_summaries(
    db: Database, admin: Actor, people
) -> None:
    with db.read_session() as session:
        set_clock(session, NOON)
        [summary] = search_persons(session, admin, "oeuvray")
    assert summary.full_name == "Anne Œuvray" and summary.membership_valid_until is None


def test_query_parsing() -> None:
    assert parse_query("0612").phone == "+33612"
    assert parse_query("0033 6 12").phone == "+33612"
    assert parse_query("06 12 34 56 78").phone == "+33612345678"
    assert parse_query("06 12 34 56 7").phone == "+3361234567"  # not yet whole: a start
    assert parse_query("a-12").code == "A-12" and parse_query("a-12").words == ()
    assert parse_query("  ").empty
    assert parse_query("1").words == ("1",)  # one digit: no phone


# --- property: any stored name is found by any of its words, typed in any form ------------

UNITS = {
    "a": "aàâäAÀÂÄ", "e": "eéèêëEÉÈÊË", "i": "iîïIÎÏ", "o": "oôöOÔÖ", "u": "uùûüUÙÛÜ",
    "c": "cçCÇ", "n": "nñNÑ", "b": "bB", "d": "dD", "l": "lL", "m": "mM", "r": "rR", "t": "tT",
    "oe": ("oe", "œ", "Œ", "OE", "Oe"), "ae": ("ae", "æ", "Æ", "AE"), "ss": ("ss", "ß", "SS"),
}  # fmt: skip
unit_words = st.lists(st.sampled_from(sorted(UNITS)), min_size=2, max_size=8)


def _spelled(units: list[str], data: st.DataObject) -> str:
    return "".join(data.draw(st.sampled_from(list(UNITS[u]))) for u in units)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(unit_words, min_size=2, max_size=4),
    separators=st.lists(st.sampled_from([" ", "-", "'", "’"]), min_size=3, max_size=3),
    data=st.data(),
)
def test_any_word_of_a_stored_name_finds_it(
    db: Database, admin: Actor, words: list[list[str]], separators: list[str], data: st.DataObject
) -> None:
    spelled = [_spelled(units, data) for units in words]
    first = spelled[0]
    last = separators[0].join(spelled[1:])
    with db.session() as session:
        person_id = add_person(session, first, last).id
    typed = _spelled(data.draw(st.sampled_from(words)), data)
    results = _find(db, admin, typed, limit=10_000)
    assert person_id in {r.id for r in results}, (first, last, typed)


def test_results_follow_new_registrations_memberships_and_flags(
    db: Database, admin: Actor, people
) -> None:
    [before] = _find(db, admin, "dupont")
    assert before.today_registrations == () and before.membership.until is None
    person_id = people["dupont"][0]
    with db.session() as session:
        set_clock(session, NOON)
        occurrence = add_session(session, TODAY, title="Café des aidants", hour=16)
        session.add(Registration(occurrence_id=occurrence.id, person_id=person_id,
                                 status=RegistrationStatus.WAITLISTED))  # fmt: skip
        session.add(Membership(number="AD-A-2026-0009", person_id=person_id, valid_from=TODAY,
                               valid_until=dt.date(2027, 5, 11), amount_cents=1000,
                               met_team_on=TODAY, charter_accepted_at=NOON))  # fmt: skip
        session.add(MeetingFlag(person_id=person_id, reason=FlagReason.ASKED_MEETING,
                                raised_by=admin.user_id, raised_at=NOON))  # fmt: skip
    [after] = _find(db, admin, "dupont")
    assert [r.label for r in after.today_registrations] == [
        "16:00 Café des aidants (liste d'attente)"
    ]
    assert after.membership.state is MembershipState.VALID
    assert after.flagged_on == TODAY


def test_a_visit_logged_after_a_search_moves_the_visitor_up(db: Database, admin: Actor, people):
    assert _names(_find(db, admin, "mari")) == ["Mariette Blanc", "Marie Dupont", "Marion Roux"]
    with db.session() as session:
        _visit(session, session.get(Person, people["marion"][0]), NOON - dt.timedelta(hours=2))
    assert _names(_find(db, admin, "mari")) == ["Marion Roux", "Mariette Blanc", "Marie Dupont"]
    with db.session() as session:  # an older visit typed in late: still in recency order
        _visit(session, session.get(Person, people["mariette"][0]), NOON - dt.timedelta(days=9))
        _visit(session, session.get(Person, people["dupont"][0]), NOON - dt.timedelta(hours=1))
    assert _names(_find(db, admin, "mari")) == ["Marie Dupont", "Marion Roux", "Mariette Blanc"]


def test_two_letters_and_digits_are_no_person_number() -> None:
    assert parse_query("ab12").code == "" and parse_query("ab12").words == ("ab12",)
