"""Several sales in one unit of work (as the demo builder issues its history): each one goes
through ``issue_receipt`` and sees the ones before it."""

from __future__ import annotations

import datetime as dt

import pytest
from cash_world import World, paris
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from desktop.models import Membership, Receipt, Registration
from desktop.services.cash.check import check_database
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.queries import ReceiptInfo
from desktop.services.cash.receipts import issue_receipt
from desktop.services.errors import ValidationError
from desktop.services.permissions import Actor
from desktop.vocabulary import PaymentMethod, TariffCode
from tests.frozen_clock import set_clock

DAY = dt.date(2026, 5, 12)


def _draft(*lines: DraftLine, person=None, at: dt.datetime) -> tuple[dt.datetime, ReceiptDraft]:  # type: ignore[no-untyped-def]
    return at, ReceiptDraft(lines=lines, payment=Payment(PaymentMethod.CARD), person_id=person)


def issue_receipts(
    session: Session, actor: Actor, drafts: list[tuple[dt.datetime, ReceiptDraft]]
) -> list[ReceiptInfo]:
    """Issue each sale at its moment, in order, in the caller's unit of work."""
    infos = []
    for moment, draft in drafts:
        set_clock(session, moment)
        infos.append(issue_receipt(session, actor, draft))
    return infos


def test_each_sale_of_a_run_sees_the_ones_before(world: World) -> None:
    anne, bea = world.person("Anne", "Petit"), world.person("Béa", "Roux")
    today, tomorrow = world.occurrence(DAY), world.occurrence(DAY + dt.timedelta(days=1))
    with world.db.session() as session:
        infos = issue_receipts(
            session,
            world.cashier,
            [
                _draft(DraftLine.session_place(today), person=anne, at=paris(DAY, 9)),
                _draft(
                    DraftLine.membership(DAY, charter_accepted=True), person=anne, at=paris(DAY, 10)
                ),
                # Member price: the membership issued just before in the same run counts.
                _draft(DraftLine.session_place(tomorrow), person=anne, at=paris(DAY, 11)),
                _draft(
                    DraftLine.membership(DAY, charter_accepted=True), person=bea, at=paris(DAY, 12)
                ),
            ],
        )
    assert [i.number for i in infos] == [f"A-2026-00000{n}" for n in range(1, 5)]
    assert [i.prev_hash for i in infos[1:]] == [i.hash for i in infos[:-1]]
    assert [i.lines[0].tariff_code for i in infos] == [
        TariffCode.FULL,
        TariffCode.MEMBERSHIP,
        TariffCode.MEMBER,
        TariffCode.MEMBERSHIP,
    ]
    with world.db.session() as session:
        numbers = session.scalars(select(Membership.number).order_by(Membership.number))
        assert list(numbers) == ["AD-A-2026-0001", "AD-A-2026-0002"]
        paid = session.scalars(select(Registration.receipt_line_id)).all()
        assert len(paid) == 2 and None not in paid
        assert check_database(session).ok
    # The place paid earlier in the run is refused later in the same run.
    with world.db.session() as session, pytest.raises(ValidationError, match="déjà réglée"):
        issue_receipts(
            session,
            world.cashier,
            [
                _draft(DraftLine.other("Tisane", 150), at=paris(DAY, 13)),
                _draft(DraftLine.session_place(today), person=bea, at=paris(DAY, 14)),
                _draft(DraftLine.session_place(today), person=bea, at=paris(DAY, 15)),
            ],
        )


def test_a_refused_sale_stops_the_run_after_the_sales_before_it(world: World) -> None:
    # The caller's unit of work decides: here it catches the error and commits.
    with world.db.session() as session, pytest.raises(ValidationError, match="précédent reçu"):
        issue_receipts(
            session,
            world.cashier,
            [
                _draft(DraftLine.other("Tisane", 150), at=paris(DAY, 10)),
                _draft(DraftLine.other("Café", 120), at=paris(DAY, 9)),  # earlier: refused
            ],
        )
    with world.db.session() as session:
        assert session.scalars(select(Receipt.number)).all() == ["A-2026-000001"]
        assert check_database(session).ok


def test_a_run_writes_parents_before_children(world: World) -> None:
    """Foreign keys are deferred, but a child written first would make SQLite scan child
    tables for every later parent row (see WRITE_ORDER in models/cash.py)."""
    person = world.person()
    occurrence = world.occurrence(DAY)
    written: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        verb, *rest = statement.split()
        table = rest[1] if verb == "INSERT" else rest[0]
        if verb in ("INSERT", "UPDATE") and table not in ("change_log", "audit_entry"):
            written.append(f"{verb} {table}")

    event.listen(world.db.engine, "before_cursor_execute", record)
    try:
        with world.db.session() as session:
            issue_receipts(
                session,
                world.cashier,
                [
                    _draft(
                        DraftLine.session_place(occurrence),
                        DraftLine.membership(DAY, charter_accepted=True),
                        person=person,
                        at=paris(DAY, 9),
                    )
                ],
            )
    finally:
        event.remove(world.db.engine, "before_cursor_execute", record)
    assert written == [
        "INSERT receipt",
        "INSERT membership",
        "INSERT receipt_line",
        "INSERT registration",
    ]
