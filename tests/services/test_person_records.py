"""Newcomers, duplicates, edits, consents as events, flags and the person card."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid

import pytest

from desktop.models import ConsentEvent, MeetingFlag, Occurrence, Person, Registration, Visit
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.receipts import issue_receipt
from desktop.services.database import Database
from desktop.services.errors import NotFound, ValidationError, ValidationErrors
from desktop.services.formatting import to_utc
from desktop.services.permissions import Actor
from desktop.services.person_card import person_card
from desktop.services.person_checks import NO_DATA_CONSENT
from desktop.services.person_records import (
    NewPerson,
    PersonEdit,
    PossibleDuplicates,
    check_new_person,
    consent_history,
    create_person,
    flag_to_social_team,
    possible_duplicates,
    set_consent,
    update_person,
)
from desktop.services.users import add_user, get_actor
from desktop.vocabulary import (
    CaregiverStatus,
    ConsentKind,
    FlagReason,
    FlagStatus,
    HeardFrom,
    PaymentMethod,
    RegistrationStatus,
    Role,
)
from tests.frozen_clock import set_clock
from tests.world import add_person, add_session

MORNING = to_utc(dt.date(2026, 5, 12), dt.time(10))
MARIE = NewPerson(
    first_name=" Marie ",
    last_name="Dupont",
    phone="06 12 34 56 78",
    email="Marie.Dupont@Example.ORG",
    heard_from=HeardFrom.WORD_OF_MOUTH,
    consent_data=True,
    newsletter=True,
)


def _create(db: Database, actor: Actor, new: NewPerson, *, despite: bool = False, at=MORNING):
    with db.session() as session:
        set_clock(session, at)
        return create_person(session, actor, new, despite_duplicates=despite)


def _fields(error: ValidationError) -> dict[str | None, str]:
    errors = error.errors if isinstance(error, ValidationErrors) else [error]
    return {e.field: e.message for e in errors}


# --- Checks ---------------------------------------------------------------------------------


def test_every_field_error_at_once_in_french() -> None:
    with pytest.raises(ValidationErrors) as refused:
        check_new_person(
            NewPerson(
                first_name="",
                last_name="x" * 5000,
                phone="pas un numéro",
                email="marie@",
                consent_data=True,
            )
        )
    fields = _fields(refused.value)
    assert set(fields) == {"first_name", "last_name", "phone", "email"}
    assert fields["first_name"] == "Indiquez le prénom de la personne."
    assert "80 caractères au plus" in fields["last_name"]
    assert "n'est pas un numéro de téléphone" in fields["phone"]
    assert "n'est pas une adresse e-mail" in fields["email"]


def test_cleaned_phone_in_e164_and_email_normalised() -> None:
    clean = check_new_person(MARIE)
    assert clean.first_name == "Marie"
    assert clean.phone == "+33612345678"
    assert clean.email == "Marie.Dupont@example.org"
    assert check_new_person(NewPerson("A", "B", phone="+32 470 12 34 56", consent_data=True)).phone
    pasted = check_new_person(NewPerson("A", "B", phone="", consent_data=True))
    assert pasted.phone == ""


def test_long_paste_in_phone_is_refused_briefly() -> None:
    with pytest.raises(ValidationError) as refused:
        check_new_person(NewPerson("A", "B", phone="0" * 5000, consent_data=True))
    assert refused.value.field == "phone" and len(refused.value.message) < 200


def test_without_data_consent_a_name_is_refused_and_anonymous_visit_proposed() -> None:
    with pytest.raises(ValidationError) as refused:
        check_new_person(NewPerson(first_name="Marie", last_name="Dupont"))
    assert _fields(refused.value) == {"consent_data": NO_DATA_CONSENT}
    assert "passage anonyme" in NO_DATA_CONSENT
    with pytest.raises(ValidationError) as nameless:  # no name asked without the consent
        check_new_person(NewPerson())
    assert set(_fields(nameless.value)) == {"consent_data"}


# --- Creating, duplicates -------------------------------------------------------------------


def test_create_numbers_the_person_and_records_the_consents_given(
    db: Database, admin: Actor
) -> None:
    created = _create(db, admin, MARIE)
    assert created.number == "A-000001" and created.full_name == "Marie Dupont"
    with db.read_session() as session:
        person = session.get(Person, created.id)
        assert person is not None
        assert (person.phone, person.email, person.search_key) == (
            "+33612345678",
            "Marie.Dupont@example.org",
            "marie dupont",
        )
        assert person.created_at == MORNING and person.created_by == admin.user_id
        events = session.query(ConsentEvent).filter_by(person_id=created.id).all()
        given = {(e.consent, e.given, e.at) for e in events}
    assert given == {
        (ConsentKind.DATA, True, MORNING),
        (ConsentKind.NEWSLETTER, True, MORNING),
    }
    second = _create(db, admin, NewPerson("Paul", "Roux", consent_data=True))
    assert second.number == "A-000002"


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        (
            NewPerson("Jeanne", "Autre", phone="+33 6 12 34 56 78", consent_data=True),
            "même téléphone",
        ),
        (
            NewPerson("Jeanne", "Autre", email="marie.dupont@EXAMPLE.org", consent_data=True),
            "même e-mail",
        ),
        (NewPerson("marie", "DUPOND", consent_data=True), "nom proche"),
        (NewPerson("Marie", "Dupont", consent_data=True), "même nom"),
        (NewPerson("Marié", "Dùpont", consent_data=True), "même nom"),
    ],
)
def test_duplicates_by_phone_email_and_close_name(
    db: Database, admin: Actor, new: NewPerson, reason: str
) -> None:
    known = _create(db, admin, MARIE)
    with db.read_session() as session:
        found = possible_duplicates(session, admin, new)
    assert [c.id for c in found] == [known.id]
    assert reason in found[0].reasons
    assert found[0].phone == "06 12 34 56 78"
    with pytest.raises(PossibleDuplicates) as refused:
        _create(db, admin, new)
    assert refused.value.candidates == found
    assert "peut-être déjà connue" in refused.value.message
    forced = _create(db, admin, new, despite=True)
    assert forced.id != known.id


def test_no_duplicate_for_a_different_person(db: Database, admin: Actor) -> None:
    _create(db, admin, MARIE)
    with db.read_session() as session:
        assert (
            possible_duplicates(session, admin, NewPerson("Paul", "Roux", consent_data=True)) == []
        )


# --- Editing --------------------------------------------------------------------------------


def test_update_validates_and_dates_the_caregiver_status(db: Database, admin: Actor) -> None:
    created = _create(db, admin, MARIE)
    later = MORNING + dt.timedelta(days=30)
    with db.session() as session:
        set_clock(session, later)
        with pytest.raises(ValidationErrors) as refused:
            update_person(session, admin, created.id, PersonEdit("", "", phone="12", email="@"))
        assert set(_fields(refused.value)) == {"first_name", "last_name", "phone", "email"}
    with db.session() as session:
        set_clock(session, later)
        update_person(
            session,
            admin,
            created.id,
            PersonEdit(
                "Marie",
                "Dupont-Lefèvre",
                usage_name="Lefèvre",
                phone="0556000000",
                caregiver_status=CaregiverStatus.REVEALED,
            ),
        )
    with db.read_session() as session:
        set_clock(session, later)
        card = person_card(session, admin, created.id)
    assert card.last_name == "Dupont-Lefèvre" and card.phone == "+33556000000"
    assert card.phone_shown == "05 56 00 00 00" and card.email == ""
    assert card.caregiver_status is CaregiverStatus.REVEALED
    assert card.caregiver_status_at == later
    assert card.caregiver_label.endswith("(depuis le 11/06/2026)")
    with db.session() as session:  # the same status again keeps its date
        set_clock(session, later + dt.timedelta(days=3))
        update_person(
            session,
            admin,
            created.id,
            PersonEdit("Marie", "Dupont", caregiver_status=CaregiverStatus.REVEALED),
        )
        person = session.get(Person, created.id)
        assert person is not None and person.caregiver_status_at == later
        assert person.search_key == "marie dupont"


# --- Consents -------------------------------------------------------------------------------


def test_consents_are_events_and_the_state_is_derived(db: Database, admin: Actor) -> None:
    created = _create(db, admin, MARIE)
    withdrawn_at = MORNING + dt.timedelta(days=2)
    with db.session() as session:
        set_clock(session, withdrawn_at)
        set_consent(session, admin, created.id, ConsentKind.NEWSLETTER, False)
        set_consent(session, admin, created.id, ConsentKind.NEWSLETTER, False)  # no-op
        set_consent(session, admin, created.id, ConsentKind.PHOTOS, False)  # never given: no-op
        set_clock(session, withdrawn_at + dt.timedelta(hours=1))
        history = set_consent(session, admin, created.id, ConsentKind.PHOTOS, True)
    assert [(r.kind, r.given) for r in history][:2] == [
        (ConsentKind.PHOTOS, True),
        (ConsentKind.NEWSLETTER, False),
    ]
    assert {(r.kind, r.given) for r in history[2:]} == {
        (ConsentKind.NEWSLETTER, True),
        (ConsentKind.DATA, True),
    }
    assert history[0].recorded_by == "Camille Martin"
    assert "Droit à l'image (photos) : donné (Camille Martin)" in history[0].label
    with db.read_session() as session:
        assert consent_history(session, admin, created.id) == history
        card = person_card(session, admin, created.id)
    given = {state.kind: state.given for state in card.consents}
    assert given == {
        ConsentKind.DATA: True,
        ConsentKind.NEWSLETTER: False,
        ConsentKind.PHOTOS: True,
    }
    assert len(card.consent_history) == 4


def test_consent_event_rows_cannot_be_updated(db: Database, admin: Actor) -> None:
    _create(db, admin, MARIE)
    connection = sqlite3.connect(db.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("UPDATE consent_event SET given = 0")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("DELETE FROM consent_event")
    finally:
        connection.close()


# --- Flags ----------------------------------------------------------------------------------


def test_flag_is_stored_and_the_desk_sees_only_when_and_who(db: Database, admin: Actor) -> None:
    created = _create(db, admin, MARIE)
    with db.session() as session:
        set_clock(session, MORNING)
        with pytest.raises(ValidationError) as refused:
            flag_to_social_team(session, admin, created.id, FlagReason.OTHER, "x" * 281)
        assert refused.value.field == "comment" and "280 caractères" in refused.value.message
        notice = flag_to_social_team(
            session, admin, created.id, FlagReason.SEEMS_CAREGIVER, " Parle de sa mère. "
        )
    assert notice.label == "signalé le 12/05/2026 par Camille Martin"
    with db.read_session() as session:
        flag = session.query(MeetingFlag).one()
        assert (flag.reason, flag.comment, flag.status, flag.raised_at) == (
            FlagReason.SEEMS_CAREGIVER,
            "Parle de sa mère.",
            FlagStatus.NEW,
            MORNING,
        )
        card = person_card(session, admin, created.id)
    assert card.flag_labels == ("signalé le 12/05/2026 par Camille Martin",)
    assert not any("mère" in str(value) for value in card.__dict__.values())


def test_unknown_person_is_not_found(db: Database, admin: Actor) -> None:
    with db.read_session() as session, pytest.raises(NotFound):
        person_card(session, admin, uuid.uuid4())


# --- The card -------------------------------------------------------------------------------


def _history(db: Database, admin: Actor) -> uuid.UUID:
    """A person with visits (one undone), a registration, a membership and two receipts."""
    day = dt.date(2026, 5, 5)
    with db.session() as session:
        set_clock(session, to_utc(day, dt.time(9)))
        person = add_person(session, "Hélène", "Lefèvre", phone="+33612345678")
        occurrence: Occurrence = add_session(session, day)
        session.add(
            Registration(
                occurrence_id=occurrence.id, person_id=person.id, status=RegistrationStatus.PRESENT
            )
        )
        first = Visit(at=to_utc(day, dt.time(10)), person_id=person.id, reasons=["activite"])
        second = Visit(at=to_utc(day, dt.time(15)), person_id=person.id, reasons=["information"])
        session.add_all([first, second])
        session.flush()
        session.add(
            Visit(
                at=to_utc(day, dt.time(15, 1)),
                person_id=person.id,
                reasons=["information"],
                cancels_visit_id=second.id,
            )
        )
        session.add(
            Visit(
                at=to_utc(day + dt.timedelta(days=2), dt.time(11)),
                person_id=person.id,
                reasons=["convivialite", "autre"],
            )
        )
        issue_receipt(
            session,
            admin,
            ReceiptDraft(
                (DraftLine.membership(day, charter_accepted=True),),
                Payment(PaymentMethod.CARD),
                person_id=person.id,
            ),
        )
        return person.id


def test_card_contents(db: Database, admin: Actor) -> None:
    person_id = _history(db, admin)
    with db.read_session() as session:
        set_clock(session, MORNING)
        card = person_card(session, admin, person_id)
    assert card.full_name == "Hélène Lefèvre" and card.phone_shown == "06 12 34 56 78"
    assert [v.reasons_text for v in card.visits] == ["Convivialité, Autre", "Activité"]
    assert card.visits[0].at > card.visits[1].at  # newest first, the undone one left out
    assert [(r.title, r.status) for r in card.registrations] == [
        ("Yoga doux", RegistrationStatus.PRESENT)
    ]
    assert card.membership.label.startswith("à jour jusqu'au")
    assert [m.state for m in card.memberships] == ["en cours"]
    assert card.receipts is not None and len(card.receipts) == 1
    assert card.receipts[0].number.startswith("A-2026-") and card.receipts[0].total_cents > 0


def test_no_receipts_without_cash_read(db: Database, admin: Actor) -> None:
    person_id = _history(db, admin)
    with db.session() as session:
        social = get_actor(
            session, add_user(session, "ines", "Inès", "motdepasse-1", [Role.SOCIAL]).id
        )
    with db.read_session() as session:
        set_clock(session, MORNING)
        card = person_card(session, social, person_id)
    assert card.receipts is None
    assert card.visits and card.memberships  # the rest is there
