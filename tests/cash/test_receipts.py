"""Issuing and cancelling receipts: numbering, chain, memberships, registrations, rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import shutil
import sqlite3
import uuid

import pytest
from cash_world import World, paris
from sqlalchemy import select

from desktop.models import AppendOnlyViolation, Membership, Receipt, Registration
from desktop.services.cash.chain import (
    CLOSING_FIELDS,
    LINE_FIELDS,
    RECEIPT_FIELDS,
    receipt_hash,
    row_values,
)
from desktop.services.cash.closings import close_day
from desktop.services.cash.common import GENESIS
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.queries import (
    ReceiptLineInfo,
    ReceiptQuery,
    find_receipt,
    search_receipts,
)
from desktop.services.cash.receipts import cancel_receipt, issue_receipt
from desktop.services.cash.records import ClosingValues, LineValues, NumberedReceipt, ReceiptValues
from desktop.services.database import open_database
from desktop.services.errors import PermissionDenied, ValidationError
from desktop.vocabulary import PaymentMethod, RegistrationStatus
from tests.frozen_clock import clocked
from tests.world import FULL, MEMBERSHIP

DAY = dt.date(2026, 5, 12)


def test_numbers_are_consecutive_and_chained(world: World) -> None:
    first = world.sell(at=paris(DAY, 10))
    second = world.sell(at=paris(DAY, 11))
    assert (first.number, second.number) == ("A-2026-000001", "A-2026-000002")
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    next_year = world.sell(at=paris(dt.date(2027, 1, 1), 0, 30))
    assert next_year.number == "A-2027-000001"
    assert next_year.prev_hash == second.hash


def test_stored_hash_is_the_canonical_hash(world: World) -> None:
    info = world.sell(DraftLine.other("Repas partagé", 500, 2), at=paris(DAY))
    with world.db.session() as session:
        receipt = session.get(Receipt, info.id)
        lines = [
            row_values(line, LINE_FIELDS)
            for line in session.scalars(
                select(__import__("desktop.models", fromlist=["ReceiptLine"]).ReceiptLine)
            )
        ]
        assert receipt_hash(row_values(receipt, RECEIPT_FIELDS), lines) == receipt.hash
    assert info.total_cents == 1000


def test_cash_payment_gives_change(world: World) -> None:
    info = world.sell(
        DraftLine.other("Atelier", 1200),
        payment=Payment(PaymentMethod.CASH, tendered_cents=2000),
    )
    assert info.change_cents == 800
    with pytest.raises(ValidationError, match="insuffisant"):
        world.sell(DraftLine.other("Atelier", 1200), payment=Payment(PaymentMethod.CASH, 1000))
    with pytest.raises(ValidationError, match="chèque"):
        world.sell(payment=Payment(PaymentMethod.CHEQUE))
    cheque = world.sell(payment=Payment(PaymentMethod.CHEQUE, cheque_number=" 0012345 "))
    assert cheque.cheque_number == "0012345"


def test_membership_line_creates_the_membership(world: World) -> None:
    person = world.person()
    info = world.sell(
        DraftLine.membership(DAY - dt.timedelta(days=7), charter_accepted=True),
        person_id=person,
        at=paris(DAY, 10),
    )
    assert info.total_cents == MEMBERSHIP
    assert info.lines[0].label == "Adhésion du 12/05/2026 au 11/05/2027"
    with world.db.session() as session:
        membership = session.scalars(select(Membership)).one()
        assert (membership.valid_from, membership.valid_until) == (DAY, dt.date(2027, 5, 11))
        assert membership.receipt_id == info.id
        assert membership.number == "AD-A-2026-0001"
    # Renewing early starts the new membership when the current one ends.
    renewal = world.sell(
        DraftLine.membership(DAY, charter_accepted=True), person_id=person, at=paris(DAY, 11)
    )
    assert renewal.lines[0].label == "Adhésion du 12/05/2027 au 11/05/2028"
    with world.db.session() as session:
        numbers = session.scalars(select(Membership.number).order_by(Membership.valid_from))
        # Numbered by the year the validity starts (numbering.membership_number).
        assert list(numbers) == ["AD-A-2026-0001", "AD-A-2027-0001"]


def test_the_charter_is_accepted_at_the_moment_of_the_sale(world: World) -> None:
    """The desk only says the charter was accepted: the moment is the session's clock."""
    person = world.person()
    sale = paris(DAY, 10, 17)
    world.sell(DraftLine.membership(DAY, charter_accepted=True), person_id=person, at=sale)
    later = paris(DAY + dt.timedelta(days=400), 16, 5)
    world.sell(DraftLine.membership(DAY, charter_accepted=True), person_id=person, at=later)
    with world.db.session() as session:
        moments = session.scalars(
            select(Membership.charter_accepted_at).order_by(Membership.valid_from)
        )
        assert list(moments) == [sale, later]


def test_membership_needs_person_meeting_and_charter(world: World) -> None:
    with pytest.raises(ValidationError, match="nominative"):
        world.sell(DraftLine.membership(DAY, charter_accepted=True))
    person = world.person()
    with pytest.raises(ValidationError, match="rencontre"):
        world.sell(
            DraftLine.membership(None, charter_accepted=True), person_id=person, at=paris(DAY)
        )
    with pytest.raises(ValidationError, match="charte"):
        world.sell(
            DraftLine.membership(DAY, charter_accepted=False), person_id=person, at=paris(DAY)
        )


def test_session_line_marks_registration_paid_and_cancel_unmarks(world: World) -> None:
    person = world.person()
    occurrence = world.occurrence(DAY)
    info = world.sell(DraftLine.session_place(occurrence), person_id=person, at=paris(DAY, 9))
    assert info.total_cents == FULL
    with world.db.session() as session:
        registration = session.scalars(select(Registration)).one()
        assert registration.status is RegistrationStatus.REGISTERED
        assert registration.receipt_line_id is not None
    with pytest.raises(ValidationError, match="déjà réglée"):
        world.sell(DraftLine.session_place(occurrence), person_id=person, at=paris(DAY, 9))
    with world.db.session() as session:
        cancel = cancel_receipt(session, world.cashier, info.id, "Erreur de séance")
    assert cancel.total_cents == -FULL
    assert cancel.cancels_number == info.number
    assert [line.total_cents for line in cancel.lines] == [-FULL]
    with world.db.session() as session:
        assert session.scalars(select(Registration)).one().receipt_line_id is None


def test_cancel_once_only_and_never_a_cancellation(world: World) -> None:
    info = world.sell()
    with world.db.session() as session:
        cancel = cancel_receipt(session, world.cashier, info.id, "Doublon")
    with world.db.session() as session, pytest.raises(ValidationError, match="déjà été annulé"):
        cancel_receipt(session, world.cashier, info.id, "Encore")
    with (
        world.db.session() as session,
        pytest.raises(ValidationError, match="lui-même une annulation"),
    ):
        cancel_receipt(session, world.cashier, cancel.id, "Encore")
    with world.db.session() as session, pytest.raises(ValidationError, match="motif"):
        cancel_receipt(session, world.cashier, world.sell().id, "   ")


def test_cancelled_membership_no_longer_counts(world: World) -> None:
    person = world.person()
    info = world.sell(
        DraftLine.membership(DAY, charter_accepted=True), person_id=person, at=paris(DAY, 10)
    )
    with world.db.session() as session:
        cancel_receipt(clocked(session, paris(DAY, 11)), world.cashier, info.id, "Erreur")
        assert session.scalars(select(Membership)).one().cancelled is True


def test_no_receipt_before_the_last_closing_nor_before_the_previous(world: World) -> None:
    world.sell(at=paris(DAY, 10))
    with world.db.session() as session:
        close_day(clocked(session, paris(DAY, 19)), world.cashier, DAY)
    with pytest.raises(ValidationError, match="clôturée"):
        world.sell(at=paris(DAY, 18))
    world.sell(at=paris(DAY + dt.timedelta(days=2), 10))
    with pytest.raises(ValidationError, match="précédent reçu"):
        world.sell(at=paris(DAY + dt.timedelta(days=1), 10))


def test_social_worker_cannot_sell(world: World) -> None:
    with pytest.raises(PermissionDenied):
        world.sell(actor=world.social)


def test_receipts_cannot_be_changed_by_orm_nor_sql(world: World) -> None:
    info = world.sell()
    with pytest.raises(AppendOnlyViolation), world.db.session() as session:
        session.get(Receipt, info.id).total_cents = 1
        session.flush()
    raw = sqlite3.connect(world.db.path)
    try:
        for statement in (
            "UPDATE receipt SET total_cents = 1",
            "DELETE FROM receipt",
            "UPDATE receipt_line SET total_cents = 1",
            "DELETE FROM receipt_line",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                raw.execute(statement)
    finally:
        raw.close()


def test_seeded_ids_make_a_back_dated_history_reproducible(cash_template, tmp_path) -> None:
    """With a seeded id source on the session clock (the demo builder), the hashes repeat."""
    results = []
    for name in ("first", "second"):
        path = tmp_path / f"{name}.sqlite3"
        shutil.copyfile(cash_template, path)
        database = open_database(path)
        try:
            world = World.open(database)
            stream = random.Random("seeded ids")

            def ids(at: dt.datetime, stream: random.Random = stream) -> uuid.UUID:
                return uuid.UUID(int=int(at.timestamp()) << 64 | stream.getrandbits(64))

            with database.session() as session:
                sale = issue_receipt(
                    clocked(session, paris(DAY, 10), ids),
                    world.cashier,
                    ReceiptDraft(
                        lines=(DraftLine.other("Café solidaire", 150),),
                        payment=Payment(PaymentMethod.CASH, tendered_cents=200),
                    ),
                )
                cancel = cancel_receipt(
                    clocked(session, paris(DAY, 10, 5)), world.cashier, sale.id, "Erreur"
                )
                closing = close_day(clocked(session, paris(DAY, 19)), world.cashier, DAY)
            results.append((sale.id, sale.hash, cancel.hash, closing.id, closing.hash))
        finally:
            database.close()
    assert results[0] == results[1]
    assert results[0][0].int >> 64 == int(paris(DAY, 10).timestamp())


def test_a_receipt_is_found_by_its_number_however_typed(world: World) -> None:
    sold = [world.sell(at=paris(DAY, 10 + i)) for i in range(3)]
    with world.db.session() as session:
        assert find_receipt(session, world.cashier, "a-2026-2").id == sold[1].id
        found = search_receipts(session, world.cashier, ReceiptQuery(number="A-2026-3"))
        assert [r.id for r in found] == [sold[2].id]
        fragment = search_receipts(session, world.cashier, ReceiptQuery(number="2026-00000"))
        assert len(fragment) == 3
        with pytest.raises(ValidationError, match="n'est pas un numéro de reçu"):
            find_receipt(session, world.cashier, "AD-A-2026-0001")


def test_typed_records_name_the_hashed_fields() -> None:
    """The records passed between the cash modules and the hashed field lists agree."""
    assert set(NumberedReceipt.__required_keys__) == set(RECEIPT_FIELDS)
    assert set(ReceiptValues.__required_keys__) == {*RECEIPT_FIELDS, "hash"}
    assert set(LineValues.__required_keys__) == set(LINE_FIELDS)
    assert [f.name for f in dataclasses.fields(ReceiptLineInfo)] == list(LINE_FIELDS[1:])
    assert set(ClosingValues.__required_keys__) == {*CLOSING_FIELDS, "totals_by_method"}
