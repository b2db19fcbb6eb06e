"""Daily, monthly and yearly closings."""

from __future__ import annotations

import datetime as dt

import pytest
from cash_world import World, paris

from desktop.services.cash.check import check_database
from desktop.services.cash.closings import (
    close_day,
    close_month,
    close_year,
    list_closings,
    pending_days,
)
from desktop.services.cash.drafts import DraftLine, Payment
from desktop.services.cash.queries import day_summary
from desktop.services.cash.receipts import cancel_receipt
from desktop.services.errors import ValidationError
from desktop.vocabulary import ClosingKind, PaymentMethod
from tests.frozen_clock import clocked

D1, D2, D3 = dt.date(2026, 5, 12), dt.date(2026, 5, 13), dt.date(2026, 5, 15)


def _close(world: World, day: dt.date):
    with world.db.session() as session:
        return close_day(clocked(session, paris(day, 20)), world.cashier, day)


def test_daily_closing_totals_per_method_and_chain_head(world: World) -> None:
    world.sell(DraftLine.other("Atelier", 1200), payment=Payment(PaymentMethod.CASH, 2000),
               at=paris(D1, 10))  # fmt: skip
    card = world.sell(DraftLine.other("Repas", 500), at=paris(D1, 11))
    with world.db.session() as session:
        cancel_receipt(clocked(session, paris(D1, 12)), world.cashier, card.id, "Erreur")
    last = world.sell(DraftLine.other("Tisane", 150),
                      payment=Payment(PaymentMethod.CHEQUE, cheque_number="77"),
                      at=paris(D1, 13))  # fmt: skip
    closing = _close(world, D1)
    totals = dict(closing.totals_by_method)
    assert totals == {
        PaymentMethod.CASH: 1200,
        PaymentMethod.CARD: 0,
        PaymentMethod.CHEQUE: 150,
        PaymentMethod.TRANSFER: 0,
    }
    assert (closing.receipt_count, closing.total_cents) == (4, 1350)
    assert closing.grand_total_cents == 1350
    assert (closing.chain_head, closing.last_receipt_number) == (last.hash, last.number)
    world.sell(DraftLine.other("Atelier", 600), at=paris(D2, 10))
    second = _close(world, D2)
    assert second.grand_total_cents == 1950
    with world.db.session() as session:
        assert day_summary(session, world.cashier, D1).closed
        assert check_database(session).ok


def test_closing_refused_twice_in_future_or_out_of_order(world: World) -> None:
    world.sell(at=paris(D1))
    world.sell(at=paris(D2))
    with world.db.session() as session, pytest.raises(ValidationError, match="future"):
        close_day(clocked(session, paris(D2, 20)), world.cashier, D3)
    with world.db.session() as session, pytest.raises(ValidationError, match="12/05/2026"):
        close_day(clocked(session, paris(D2, 20)), world.cashier, D2)
    with world.db.session() as session:
        assert pending_days(clocked(session, paris(D3)), world.cashier) == [D1, D2]
    _close(world, D1)
    with world.db.session() as session, pytest.raises(ValidationError, match="déjà été faite"):
        close_day(clocked(session, paris(D2, 20)), world.cashier, D1)
    _close(world, D2)
    with world.db.session() as session:
        assert pending_days(clocked(session, paris(D3)), world.cashier) == []


def test_an_empty_day_can_be_closed(world: World) -> None:
    closing = _close(world, D1)
    assert (closing.receipt_count, closing.total_cents, closing.last_receipt_number) == (0, 0, "")


def test_month_and_year_summarise_days(world: World) -> None:
    world.sell(DraftLine.other("A", 1000), at=paris(D1))
    world.sell(DraftLine.other("B", 500), at=paris(D2))
    _close(world, D1)
    with world.db.session() as session, pytest.raises(ValidationError, match="pas terminée"):
        close_month(clocked(session, paris(D3)), world.cashier, 2026, 5)
    with world.db.session() as session, pytest.raises(ValidationError, match="13/05/2026"):
        close_month(clocked(session, paris(dt.date(2026, 6, 1))), world.cashier, 2026, 5)
    _close(world, D2)
    june = paris(dt.date(2026, 6, 1))
    with world.db.session() as session:
        month = close_month(clocked(session, june), world.cashier, 2026, 5)
    assert (month.receipt_count, month.total_cents, month.grand_total_cents) == (2, 1500, 1500)
    assert month.title == "Clôture mensuelle de mai 2026"
    with pytest.raises(ValidationError, match="clôturée"):
        world.sell(at=paris(dt.date(2026, 5, 31)))
    with world.db.session() as session:
        year = close_year(clocked(session, paris(dt.date(2027, 1, 2))), world.cashier, 2026)
        assert year.total_cents == 1500
        kinds = [c.kind for c in list_closings(session, world.cashier)]
        assert sorted(kinds) == sorted(
            [ClosingKind.DAY] * 2 + [ClosingKind.MONTH, ClosingKind.YEAR]
        )
        assert check_database(session).ok
