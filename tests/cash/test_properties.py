"""Property-based: random sales, cancellations and closings keep the record sound, and every
single tampering of a stored receipt is then detected by ``check``."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import tampering
from cash_world import World, paris
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.models import Receipt, ReceiptLine
from desktop.services.cash.check import check_database
from desktop.services.cash.closings import close_day
from desktop.services.cash.drafts import DraftLine, Payment
from desktop.services.cash.receipts import cancel_receipt
from desktop.services.database import open_database
from desktop.services.errors import ValidationError
from desktop.vocabulary import PaymentMethod
from tests.frozen_clock import clocked

START = dt.date(2026, 12, 28)  # crosses a year: numbering restarts at 1 in 2027
PAYMENTS = {
    PaymentMethod.CASH: Payment(PaymentMethod.CASH),
    PaymentMethod.CARD: Payment(PaymentMethod.CARD),
    PaymentMethod.CHEQUE: Payment(PaymentMethod.CHEQUE, cheque_number="42"),
    PaymentMethod.TRANSFER: Payment(PaymentMethod.TRANSFER),
}
sale = st.tuples(
    st.just("sale"),
    st.lists(st.integers(min_value=1, max_value=9_000), min_size=1, max_size=3),
    st.sampled_from(list(PaymentMethod)),
)
place = st.tuples(
    st.just("place"), st.integers(0, 2), st.integers(0, 2), st.booleans()
)  # person, session, with a membership
cancel = st.tuples(st.just("cancel"), st.integers(min_value=0, max_value=50))
close = st.tuples(st.just("close"))
operations = st.lists(st.one_of(sale, sale, place, cancel, close), min_size=1, max_size=14)
TAMPERINGS = ("amount", "forgery", "delete", "swap_places", "swap_amounts")


def _run(world: World, ops: list[tuple]) -> tuple[list, int]:
    """Play ``ops``; returns the issued receipts and how many cancellations were refused."""
    day, minute, issued, refused = START, 0, [], 0
    cancelled: set = set()
    persons = [world.person(f"Personne{i}", "Test") for i in range(3)]
    sessions = [world.occurrence(START + dt.timedelta(days=i), capacity=2) for i in range(3)]
    for op in ops:
        minute += 7
        at = paris(day, 9) + dt.timedelta(minutes=minute)
        if op[0] == "sale":
            lines = [DraftLine.other(f"Article {i}", cents) for i, cents in enumerate(op[1])]
            issued.append(world.sell(*lines, payment=PAYMENTS[op[2]], at=at))
        elif op[0] == "place":
            lines = [DraftLine.session_place(sessions[op[2]])]
            if op[3]:
                lines.append(DraftLine.membership(START, charter_accepted=True))
            try:
                issued.append(world.sell(*lines, person_id=persons[op[1]], at=at))
            except ValidationError as error:  # already paid, or the session is full
                assert "déjà réglée" in error.message or "complète" in error.message
        elif op[0] == "cancel" and issued:
            target = issued[op[1] % len(issued)]
            try:
                with world.db.session() as session:
                    done = cancel_receipt(
                        clocked(session, at), world.cashier, target.id, "Erreur de saisie"
                    )
            except ValidationError:
                refused += 1
                assert target.id in cancelled or target.is_cancellation
                continue
            assert target.id not in cancelled and not target.is_cancellation
            cancelled.add(target.id)
            issued.append(done)
        elif op[0] == "close":
            with world.db.session() as session:
                close_day(clocked(session, paris(day, 23)), world.cashier, day)
            day, minute = day + dt.timedelta(days=1), 0
    return issued, refused


def _assert_sound(world: World) -> None:
    with world.db.session() as session:
        receipts = list(session.scalars(select(Receipt)))
        by_year = Counter((r.series, r.year) for r in receipts)
        for (series, year), count in by_year.items():
            seqs = sorted(r.seq for r in receipts if (r.series, r.year) == (series, year))
            assert seqs == list(range(1, count + 1))
        for receipt in receipts:
            lines = session.scalars(select(ReceiptLine).where(ReceiptLine.receipt_id == receipt.id))
            assert receipt.total_cents == sum(line.total_cents for line in lines)
        originals = Counter(r.cancels_receipt_id for r in receipts if r.cancels_receipt_id)
        assert all(count == 1 for count in originals.values())
        report = check_database(session)
        assert report.ok, report.problems


def _tamper(path: Path, kind: str, pick: int) -> str:
    """Apply one tampering; returns the receipt number the report must name."""
    rows = tampering.receipts(path)
    number = rows[pick % len(rows)][1]
    if kind == "amount":
        tampering.change_amount(path, number)
    elif kind == "forgery":
        tampering.change_line_and_total(path, number)
    elif kind == "delete":
        tampering.delete_receipt(path, number)
    else:
        others = [
            r
            for r in rows
            if r[1] != number and (kind == "swap_places" or r[3] != rows[pick % len(rows)][3])
        ]
        if not others:
            tampering.change_amount(path, number)
            return number
        other = others[pick % len(others)][1]
        if kind == "swap_places":
            tampering.swap_places(path, number, other)
        else:
            tampering.swap_amounts(path, number, other)
    return number


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations, kind=st.sampled_from(TAMPERINGS), pick=st.integers(0, 100))
def test_random_operations_stay_sound_and_any_tampering_is_found(
    cash_template: Path, ops: list[tuple], kind: str, pick: int
) -> None:
    ops = [("sale", [1200], PaymentMethod.CARD), *ops]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prop.sqlite3"
        shutil.copyfile(cash_template, path)
        database = open_database(path)
        try:
            world = World.open(database)
            _run(world, ops)
            _assert_sound(world)
            number = _tamper(path, kind, pick)
            with database.session() as session:
                report = check_database(session)
        finally:
            database.close()
    assert not report.ok
    text = "\n".join(report.problems)
    assert number in text, (kind, number, report.problems)
