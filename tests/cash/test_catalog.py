"""What the Encaisser dialog lists: sessions with prices, unpaid places, membership status."""

from __future__ import annotations

import datetime as dt

from cash_world import World, paris
from sqlalchemy import select

from desktop.models import Registration
from desktop.services.cash.catalog import membership_status, sellable_sessions, unpaid_places
from desktop.services.cash.drafts import DraftLine
from desktop.vocabulary import RegistrationStatus, TariffCode
from tests.world import FULL, MEMBERSHIP

DAY = dt.date(2026, 5, 12)


def test_sellable_sessions_and_unpaid_places(world: World) -> None:
    person = world.person()
    yoga = world.occurrence(DAY, title="Yoga", capacity=2)
    world.occurrence(DAY, title="Conférence", free=True, hour=16)
    world.occurrence(DAY + dt.timedelta(days=1), title="Demain")
    with world.db.session() as session:
        session.add(
            Registration(occurrence_id=yoga, person_id=person, status=RegistrationStatus.REGISTERED)
        )
    with world.db.session() as session:
        offered = sellable_sessions(session, world.cashier, person, DAY)
        unpaid = unpaid_places(session, world.cashier, person)
    assert [(s.title, s.quote.amount_cents, s.places_left) for s in offered] == [
        ("Yoga", FULL, 1),
        ("Conférence", 0, 12),
    ]
    assert offered[0].registered and not offered[0].paid
    assert [s.title for s in unpaid] == ["Yoga"]
    world.sell(DraftLine.session_place(yoga), person_id=person, at=paris(DAY, 9))
    with world.db.session() as session:
        assert unpaid_places(session, world.cashier, person) == []
        assert sellable_sessions(session, world.cashier, person, DAY)[0].paid
        assert session.scalars(select(Registration)).one().receipt_line_id is not None


def test_membership_status(world: World) -> None:
    person = world.person()
    with world.db.session() as session:
        status = membership_status(session, world.cashier, person, DAY)
    assert status.member_until is None
    assert (status.offer.tier, status.offer.amount_cents) == (TariffCode.MEMBERSHIP, MEMBERSHIP)
    world.sell(
        DraftLine.membership(DAY, charter_accepted=True), person_id=person, at=paris(DAY, 10)
    )
    with world.db.session() as session:
        status = membership_status(session, world.cashier, person, DAY)
    assert status.member_until == dt.date(2027, 5, 11)
    assert status.number == "AD-A-2026-0001"
    assert status.offer.reason_fr == "Renouvellement : adhésion du 12/05/2027 au 11/05/2028"
