"""Memberships and reduced prices read once per transaction and person: never stale."""

from __future__ import annotations

import datetime as dt

from cash_world import World, paris

from desktop.models import ReducedPriceDecision
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.pricing import quote_session
from desktop.services.cash.receipts import cancel_receipt, issue_receipt
from desktop.services.cash.reductions import record_reduced_price, revoke_reduced_price
from desktop.services.formatting import to_utc
from desktop.vocabulary import PaymentMethod, TariffCode
from tests.frozen_clock import set_clock

DAY = dt.date(2026, 5, 12)


def test_one_transaction_sees_each_write_it_makes(world: World) -> None:
    person = world.person()
    occurrence = world.occurrence(DAY)
    with world.db.session() as session:
        set_clock(session, paris(DAY, 9))

        def tier() -> TariffCode:
            return quote_session(session, world.cashier, person, occurrence).tier

        assert tier() is TariffCode.FULL  # memberships and decisions now held
        decision = record_reduced_price(session, world.cashier, person, "Minima sociaux")
        assert tier() is TariffCode.REDUCED
        revoke_reduced_price(session, world.cashier, decision.id)
        assert tier() is TariffCode.FULL
        joined = issue_receipt(
            session,
            world.cashier,
            ReceiptDraft(
                (DraftLine.membership(DAY, charter_accepted=True),),
                Payment(PaymentMethod.CARD),
                person,
            ),
        )
        assert tier() is TariffCode.MEMBER
        set_clock(session, paris(DAY, 10))
        cancel_receipt(session, world.cashier, joined.id, "Erreur de saisie.")
        assert tier() is TariffCode.FULL
        # A row added and not flushed yet is seen too (as a query's autoflush would).
        session.add(
            ReducedPriceDecision(
                person_id=person,
                decided_by=world.cashier.user_id,
                decided_at=to_utc(DAY, dt.time(8)),
                reason="Décision saisie à la main",
            )
        )
        assert tier() is TariffCode.REDUCED
