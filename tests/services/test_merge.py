"""Merging two records of the same human: fields chosen, rows moved or followed, refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import (
    AuditEntry,
    Case,
    ConsentEvent,
    MeetingFlag,
    Membership,
    Person,
    ReducedPriceDecision,
    Registration,
    Visit,
)
from desktop.services import merge as merge_module
from desktop.services.cash.check import check_database
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.queries import ReceiptQuery, get_receipt, search_receipts
from desktop.services.cash.receipts import issue_receipt
from desktop.services.database import Database
from desktop.services.errors import NotFound, PermissionDenied, ValidationError
from desktop.services.formatting import to_utc
from desktop.services.merge import merge_persons, merge_preview
from desktop.services.merged import as_survivor, person_ids_of, survivor_of, survivors
from desktop.services.people import find_by_code, find_persons
from desktop.services.permissions import Actor
from desktop.services.statistics import overview
from desktop.vocabulary import (
    AuditAction,
    CaregiverStatus,
    CaseStatus,
    ConsentKind,
    Employment,
    FlagReason,
    IdentifiedHow,
    PaymentMethod,
    RegistrationStatus,
    Role,
)
from tests.frozen_clock import set_clock
from tests.world import add_person, add_session

DAY = dt.date(2026, 5, 12)
NOON = to_utc(DAY, dt.time(12))
# The append-only tables: a merge must leave every one of their rows as it was.
APPEND_ONLY = ("visit", "receipt", "receipt_line", "consent_event", "welcome_check", "closing")


@dataclass
class Pair:
    keep: uuid.UUID
    merged: uuid.UUID
    occurrence: uuid.UUID  # a session only the merged record is registered to
    receipt: str  # the number of the merged record's receipt


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return to_utc(day, dt.time(hour))


def _visit(session: Session, person_id: uuid.UUID, at: dt.datetime) -> None:
    session.add(Visit(at=at, person_id=person_id, reasons=["activite"]))


def _membership(session: Session, person_id: uuid.UUID, number: str, start: dt.date) -> None:
    session.add(
        Membership(
            number=number,
            person_id=person_id,
            valid_from=start,
            valid_until=start.replace(year=start.year + 1) - dt.timedelta(days=1),
            amount_cents=2900,
            met_team_on=start,
            charter_accepted_at=_at(start),
        )
    )


def _snapshot(db: Database) -> dict[str, str]:
    """A digest of every row of each append-only table, read with raw SQL."""
    with db.read_session() as session:
        raw = session.connection().connection.driver_connection
        assert raw is not None
        return {
            table: hashlib.sha256(
                repr(raw.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()).encode()
            ).hexdigest()
            for table in APPEND_ONLY
        }


def _build(db: Database, admin: Actor) -> Pair:
    """Marie Dupont (A-000001, kept) and her duplicate « Marie Dupond » (A-000002), who has
    visits, a registration, a membership, a receipt, a flag, a reduced price, consents."""
    with db.session() as session:
        set_clock(session, NOON)
        keep = add_person(
            session, "Marie", "Dupont", phone="+33612345678", first_visit_on=dt.date(2026, 3, 1)
        )
        merged = add_person(
            session,
            "Marie",
            "Dupond",
            usage_name="Martin",
            email="marie.dupond@example.org",
            city="Bordeaux",
            employment=Employment.RETIRED,
            caregiver_status=CaregiverStatus.REVEALED,
            caregiver_status_at=_at(dt.date(2025, 11, 4)),
            first_visit_on=dt.date(2025, 9, 2),
        )
        _visit(session, keep.id, _at(dt.date(2026, 3, 1)))
        _visit(session, merged.id, _at(dt.date(2025, 9, 2)))
        _visit(session, merged.id, _at(dt.date(2026, 5, 11)))  # the latest of both
        occurrence = add_session(session, DAY + dt.timedelta(days=7), title="Sophrologie")
        session.add(
            Registration(
                occurrence_id=occurrence.id,
                person_id=merged.id,
                status=RegistrationStatus.REGISTERED,
            )
        )
        _membership(session, merged.id, "AD-A-2026-0001", dt.date(2026, 1, 10))
        session.add(
            MeetingFlag(
                person_id=merged.id, reason=FlagReason.SEEMS_CAREGIVER, raised_by=admin.user_id
            )
        )
        session.add(
            ReducedPriceDecision(
                person_id=merged.id, decided_by=admin.user_id, reason="Demandeuse d'emploi"
            )
        )
        for given, day in ((True, dt.date(2025, 9, 2)), (False, dt.date(2026, 1, 3))):
            session.add(
                ConsentEvent(
                    person_id=merged.id,
                    consent=ConsentKind.NEWSLETTER,
                    given=given,
                    at=_at(day),
                    recorded_by=admin.user_id,
                )
            )
        session.flush()
        receipt = issue_receipt(
            session,
            admin,
            ReceiptDraft(
                lines=(DraftLine.other("Café solidaire", 150),),
                payment=Payment(PaymentMethod.CASH, tendered_cents=200),
                person_id=merged.id,
            ),
        )
        return Pair(keep.id, merged.id, occurrence.id, receipt.number)


@pytest.fixture
def pair(db: Database, admin: Actor) -> Pair:
    return _build(db, admin)


def _merge(db: Database, actor: Actor, keep: uuid.UUID, merged: uuid.UUID, **choices: str):
    with db.session() as session:
        set_clock(session, NOON)
        return merge_persons(session, actor, keep, merged, choices)  # type: ignore[arg-type]


def _preview(db: Database, actor: Actor, keep: uuid.UUID, merged: uuid.UUID):
    with db.read_session() as session:
        set_clock(session, NOON)
        return merge_preview(session, actor, keep, merged)


def test_preview_shows_both_records_what_moves_and_suggests_filling_the_gaps(
    db: Database, admin: Actor, pair: Pair
) -> None:
    preview = _preview(db, admin, pair.keep, pair.merged)
    assert preview.allowed and preview.refusal == ""
    assert preview.keep.title == "Marie Dupont (A-000001)"
    assert preview.merged.title == "Marie Dupond (A-000002)"
    fields = {f.name: f for f in preview.fields}
    assert fields["last_name"].keep == "Dupont" and fields["last_name"].merged == "Dupond"
    assert fields["last_name"].default == "keep"
    assert fields["phone"].keep == "06 12 34 56 78" and fields["phone"].merged == ""
    assert fields["phone"].default == "keep"
    assert fields["email"].default == "merged"  # the survivor has none
    assert fields["employment"].merged == "Retraité·e" and fields["employment"].default == "merged"
    assert fields["caregiver_status"].merged == "Aidant révélé ensuite (depuis le 04/11/2025)"
    assert not fields["first_name"].differs
    assert {f.name for f in preview.differing} >= {"last_name", "phone", "email", "city"}
    moves = preview.moves
    assert (moves.visits, moves.registrations, moves.memberships, moves.receipts) == (2, 1, 1, 1)
    assert (moves.flags, moves.reduced_prices, moves.consents) == (1, 1, 2)
    assert moves.lines()[:2] == ("2 passages", "1 inscription")


def test_merge_takes_the_chosen_values_and_moves_or_follows_everything(
    db: Database, admin: Actor, pair: Pair
) -> None:
    before = _snapshot(db)
    result = _merge(db, admin, pair.keep, pair.merged, last_name="merged", phone="keep")
    assert result.survivor.full_name == "Marie Dupond"
    assert "Nom" in result.taken and "E-mail" in result.taken and "Téléphone" not in result.taken
    with db.read_session() as session:
        keep = session.get(Person, pair.keep)
        merged = session.get(Person, pair.merged)
        assert keep is not None and merged is not None
        # Field by field: chosen, or filled from the other record when left out and empty.
        assert (keep.last_name, keep.phone) == ("Dupond", "+33612345678")
        assert (keep.email, keep.city) == ("marie.dupond@example.org", "Bordeaux")
        assert keep.usage_name == "Martin"
        assert keep.employment is Employment.RETIRED
        assert keep.caregiver_status is CaregiverStatus.REVEALED
        assert keep.caregiver_status_at == _at(dt.date(2025, 11, 4))
        assert keep.first_visit_on == dt.date(2025, 9, 2)  # the earliest
        assert "martin" in keep.search_key.split() and "dupond" in keep.search_key.split()
        # The tombstone points to the survivor.
        assert merged.deleted and merged.merged_into_id == keep.id
        # Rows that may change are moved.
        for model in (Registration, Membership, MeetingFlag, ReducedPriceDecision):
            owners = set(session.scalars(select(model.person_id)))  # type: ignore[attr-defined]
            assert owners == {keep.id}, model
        # Append-only rows are followed.
        ids = person_ids_of(session, keep.id)
        assert ids == (keep.id, merged.id)
        assert session.scalar(select(Visit.id).where(Visit.person_id.in_(ids)).limit(1))
        consents = session.scalars(select(ConsentEvent).where(ConsentEvent.person_id.in_(ids)))
        assert len(list(consents)) == 2
        assert survivor_of(session, merged.id) == keep.id
    # The receipt is listed under the survivor (its row, in the hash chain, is untouched).
    with db.read_session() as session:
        listed = search_receipts(session, admin, ReceiptQuery(person_id=pair.keep))
        assert [r.number for r in listed] == [pair.receipt]
        assert listed[0].payer == "Marie Dupond"
        info = get_receipt(session, admin, listed[0].id)
        assert (info.person_id, info.person_number) == (pair.keep, "A-000001")
        assert search_receipts(session, admin, ReceiptQuery(text="dupond"))
        assert check_database(session).ok
    assert _snapshot(db) == before  # no append-only row was altered


def test_the_merge_is_audited_with_a_readable_detail(db: Database, admin: Actor, pair: Pair):
    _merge(db, admin, pair.keep, pair.merged, city="merged")
    with db.read_session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == AuditAction.PERSONS_MERGED)
        ).one()
        assert entry.entity_type == "person" and entry.entity_id == str(pair.keep)
        assert entry.user_id == admin.user_id
        assert entry.detail.startswith("A-000002 fusionnée dans A-000001 ; repris de A-000002 :")
        assert "ville" in entry.detail and "2 passages" in entry.detail
        assert "dupond" not in entry.detail.lower()  # numbers, never names


def test_search_finds_only_the_survivor_with_the_merged_visits(
    db: Database, admin: Actor, pair: Pair
) -> None:
    def find(text: str):
        with db.read_session() as session:
            set_clock(session, NOON)
            return find_persons(session, admin, text)

    assert {r.number for r in find("marie")} == {"A-000001", "A-000002"}  # index built
    _merge(db, admin, pair.keep, pair.merged)
    (found,) = find("marie")  # the index follows the change log
    assert found.number == "A-000001"
    assert found.last_visit_at == _at(dt.date(2026, 5, 11))  # the merged record's visit
    assert not found.first_visit
    assert found.membership.until == dt.date(2027, 1, 9)
    assert found.flagged_on is not None
    assert find("dupond")[0].number == "A-000001"  # the survivor kept the default name
    with db.read_session() as session:
        set_clock(session, NOON)
        # The merged record's number and membership card open the survivor.
        assert find_by_code(session, admin, "A-000002").number == "A-000001"
        assert find_by_code(session, admin, "AD-A-2026-0001").number == "A-000001"


def test_a_fresh_index_counts_the_merged_visits_too(db: Database, admin: Actor, pair: Pair):
    _merge(db, admin, pair.keep, pair.merged)
    with db.read_session() as session:
        set_clock(session, NOON)
        (found,) = find_persons(session, admin, "marie")  # first search: a full build
    assert found.last_visit_at == _at(dt.date(2026, 5, 11))


def test_statistics_count_one_visitor(db: Database, admin: Actor, pair: Pair) -> None:
    def figures():
        with db.read_session() as session:
            return overview(session, admin, dt.date(2025, 1, 1), dt.date(2026, 12, 31))

    assert figures().distinct_persons == 2
    _merge(db, admin, pair.keep, pair.merged)
    after = figures()
    assert (after.visits, after.distinct_persons, after.new_persons) == (3, 1, 1)


def test_a_later_merge_of_the_survivor_still_resolves(db: Database, admin: Actor, pair: Pair):
    _merge(db, admin, pair.keep, pair.merged)
    with db.session() as session:
        third = add_person(session, "Marie", "Dupont-Martin").id
    _merge(db, admin, third, pair.keep)
    with db.read_session() as session:
        assert survivor_of(session, pair.merged) == third
        assert set(person_ids_of(session, pair.merged)) == {third, pair.keep, pair.merged}
        assert dict(survivors(session)) == {pair.keep: third, pair.merged: third}
        owner = session.scalar(select(Registration.person_id))
        assert owner == third
        visitors = session.scalars(select(as_survivor(session, Visit.person_id)).distinct())
        assert set(visitors) == {third}
        listed = search_receipts(session, admin, ReceiptQuery(person_id=third))
        assert [r.number for r in listed] == [pair.receipt]
        set_clock(session, NOON)
        (found,) = find_persons(session, admin, "marie")
        assert found.id == third and found.last_visit_at == _at(dt.date(2026, 5, 11))


def _register_keep(db: Database, pair: Pair, status: RegistrationStatus) -> None:
    """The kept record registered too, to the session the merged one is registered to."""
    with db.session() as session:
        session.add(Registration(occurrence_id=pair.occurrence, person_id=pair.keep, status=status))


def test_refused_when_both_are_registered_to_the_same_session(
    db: Database, admin: Actor, pair: Pair
) -> None:
    _register_keep(db, pair, RegistrationStatus.WAITLISTED)
    preview = _preview(db, admin, pair.keep, pair.merged)
    assert not preview.allowed
    assert "« Sophrologie » du mardi 19 mai 2026 à 14:00" in preview.refusal
    assert "Annulez l'une des deux inscriptions" in preview.refusal
    with pytest.raises(ValidationError, match="Sophrologie"):
        _merge(db, admin, pair.keep, pair.merged)
    with db.read_session() as session:
        merged = session.get(Person, pair.merged)
        assert merged is not None and not merged.deleted


def test_a_cancelled_registration_to_the_same_session_gives_way(
    db: Database, admin: Actor, pair: Pair
) -> None:
    _register_keep(db, pair, RegistrationStatus.CANCELLED)
    assert _preview(db, admin, pair.keep, pair.merged).allowed
    _merge(db, admin, pair.keep, pair.merged)
    with db.read_session() as session:
        rows = {
            r.person_id: r
            for r in session.scalars(
                select(Registration).where(Registration.occurrence_id == pair.occurrence)
            )
        }
        assert rows[pair.keep].status is RegistrationStatus.REGISTERED
        assert not rows[pair.keep].deleted
        assert rows[pair.merged].deleted  # its place went to the survivor's row


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("self", "C'est la même fiche"),
        ("already merged", "a déjà été fusionnée dans la fiche Marie Dupont (A-000001)"),
        ("merged into", "a déjà été fusionnée"),
        ("deleted", "a été supprimée"),
    ],
)
def test_refused_cases(db: Database, admin: Actor, pair: Pair, case: str, message: str) -> None:
    keep, merged = pair.keep, pair.merged
    if case == "self":
        merged = keep
    elif case in ("already merged", "merged into"):
        _merge(db, admin, pair.keep, pair.merged)
        with db.session() as session:
            other = add_person(session, "Jean", "Valjean").id
        keep, merged = (other, pair.merged) if case == "already merged" else (pair.merged, other)
    else:
        with db.session() as session:
            gone = add_person(session, "Jean", "Valjean", deleted=True).id
        merged = gone
    assert message in _preview(db, admin, keep, merged).refusal
    with pytest.raises(ValidationError, match=message.split(" (")[0]):
        _merge(db, admin, keep, merged)


def test_reserved_to_the_administration(db: Database, admin: Actor, pair: Pair) -> None:
    desk = Actor(uuid.uuid4(), "accueil", "Léa Dubois", frozenset({Role.ACCUEIL}))
    preview = _preview(db, desk, pair.keep, pair.merged)
    assert "réservée à l'administration" in preview.refusal
    with pytest.raises(PermissionDenied, match="réservée à l'administration"):
        _merge(db, desk, pair.keep, pair.merged)
    with pytest.raises(NotFound):
        _preview(db, admin, pair.keep, uuid.uuid4())


def test_bad_choices_are_refused_in_french(db: Database, admin: Actor, pair: Pair) -> None:
    with pytest.raises(ValidationError, match="Champ inconnu pour la fusion : number"):
        _merge(db, admin, pair.keep, pair.merged, number="merged")
    with pytest.raises(ValidationError, match="« Ville » : choisissez") as refused:
        _merge(db, admin, pair.keep, pair.merged, city="x" * 5000)
    assert refused.value.field == "city"


def test_a_crash_midway_leaves_nothing_half_merged(
    db: Database, admin: Actor, pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(merged: Person, keep: Person) -> None:
        raise RuntimeError("panne de courant")

    monkeypatch.setattr(merge_module, "_tombstone", crash)
    with pytest.raises(RuntimeError):
        _merge(db, admin, pair.keep, pair.merged, last_name="merged")
    with db.read_session() as session:
        keep, merged = session.get(Person, pair.keep), session.get(Person, pair.merged)
        assert keep is not None and merged is not None
        assert keep.last_name == "Dupont" and keep.email == ""
        assert not merged.deleted and merged.merged_into_id is None
        assert set(session.scalars(select(Registration.person_id))) == {pair.merged}
        assert set(session.scalars(select(Membership.person_id))) == {pair.merged}
        assert (
            session.scalar(
                select(AuditEntry.id).where(AuditEntry.action == AuditAction.PERSONS_MERGED)
            )
            is None
        )


def test_a_case_follows_unless_the_survivor_has_one(db: Database, admin: Actor, pair: Pair):
    with db.session() as session:
        session.add(
            Case(
                person_id=pair.merged,
                status=CaseStatus.SPOTTED,
                identified_how=IdentifiedHow.REVEALED,
                opened_on=DAY,
                created_by=admin.user_id,
            )
        )
    preview = _preview(db, admin, pair.keep, pair.merged)
    assert "dossier" not in preview.moves.text  # the administration never sees a case
    _merge(db, admin, pair.keep, pair.merged)
    with db.read_session() as session:
        assert session.scalar(select(Case.person_id)) == pair.keep


def test_the_file_itself_refuses_to_move_a_visit(db: Database, admin: Actor, pair: Pair) -> None:
    """Why visits are followed and never moved: SQLite's triggers refuse the UPDATE."""
    with db.session() as session:
        raw = session.connection().connection.driver_connection
        assert raw is not None
        with pytest.raises(sqlite3.DatabaseError, match="visit is append-only"):
            raw.execute(
                "UPDATE visit SET person_id = ? WHERE person_id = ?",
                (pair.keep.hex, pair.merged.hex),
            )


def test_the_survivors_card_shows_the_merged_visits_consents_and_receipts(
    db: Database, admin: Actor, pair: Pair
) -> None:
    from desktop.services.person_card import person_card

    _merge(db, admin, pair.keep, pair.merged)
    with db.read_session() as session:
        card = person_card(session, admin, pair.keep)
    assert len(card.visits) == 3  # one of the survivor's own, two of the merged record
    assert len(card.consent_history) == 2
    assert card.receipts is not None and [r.number for r in card.receipts] == [pair.receipt]
    assert [m.number for m in card.memberships] == ["AD-A-2026-0001"]
