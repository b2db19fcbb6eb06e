"""The pricing matrix: member / non-member / reduced / free, expiry day, tariff changes."""

from __future__ import annotations

import datetime as dt

import pytest
from cash_world import World, paris

from desktop.services.cash.closings import close_day
from desktop.services.cash.drafts import DraftLine, Payment, preview_draft
from desktop.services.cash.pricing import quote_membership, quote_session
from desktop.services.cash.queries import get_receipt
from desktop.services.cash.reductions import (
    list_reduced_prices,
    record_reduced_price,
    revoke_reduced_price,
)
from desktop.services.cash.tariffs import add_tariff, tariff_on
from desktop.services.errors import PermissionDenied, ValidationError
from desktop.services.settings import set_setting
from desktop.vocabulary import Gender, PaymentMethod, TariffCode
from tests.frozen_clock import clocked
from tests.world import FULL, MEMBER, MEMBERSHIP, REDUCED

DAY = dt.date(2026, 5, 12)


def _member(world: World, since: dt.date, gender: Gender = Gender.FEMALE):
    person = world.person(gender=gender)
    world.sell(
        DraftLine.membership(since, charter_accepted=True), person_id=person, at=paris(since, 10)
    )
    return person


def _quote(world: World, person, occurrence):
    with world.db.session() as session:
        return quote_session(session, world.cashier, person, occurrence)


def test_non_member_pays_full_price(world: World) -> None:
    quote = _quote(world, world.person(), world.occurrence(DAY))
    assert (quote.tier, quote.amount_cents) == (TariffCode.FULL, FULL)
    assert quote.reason_fr == "Sans adhésion : plein tarif"
    anonymous = _quote(world, None, world.occurrence(DAY))
    assert anonymous.amount_cents == FULL
    assert "non identifiée" in anonymous.reason_fr


def test_member_pays_half_price_with_reason(world: World) -> None:
    person = _member(world, dt.date(2026, 4, 1))
    quote = _quote(world, person, world.occurrence(DAY))
    assert (quote.tier, quote.amount_cents) == (TariffCode.MEMBER, MEMBER)
    assert quote.reason_fr == "Adhérente jusqu'au 31/03/2027 : demi-tarif"
    man = _member(world, dt.date(2026, 4, 2), Gender.MALE)
    assert _quote(world, man, world.occurrence(DAY)).reason_fr.startswith("Adhérent jusqu'au")


def test_membership_expiring_on_the_session_day(world: World) -> None:
    person = _member(world, dt.date(2025, 5, 12))  # valid until 11/05/2026
    on_last_day = world.occurrence(dt.date(2026, 5, 11))
    day_after = world.occurrence(dt.date(2026, 5, 12))
    assert _quote(world, person, on_last_day).tier is TariffCode.MEMBER
    expired = _quote(world, person, day_after)
    assert (expired.tier, expired.amount_cents) == (TariffCode.FULL, FULL)
    assert expired.reason_fr == "Adhésion expirée le 11/05/2026 : plein tarif"


def test_membership_not_yet_valid_on_an_earlier_session(world: World) -> None:
    person = _member(world, DAY)
    earlier = world.occurrence(DAY - dt.timedelta(days=3))
    assert _quote(world, person, earlier).tier is TariffCode.FULL


def test_reduced_price_decision_who_when_why_until(world: World) -> None:
    person = world.person()
    with world.db.session() as session:
        decision = record_reduced_price(
            clocked(session, paris(dt.date(2026, 5, 1))),
            world.cashier,
            person,
            "Minima sociaux",
            dt.date(2026, 6, 30),
        )
    assert decision.decided_by_name == "Léa Dubois"
    inside = _quote(world, person, world.occurrence(DAY))
    assert (inside.tier, inside.amount_cents) == (TariffCode.REDUCED, REDUCED)
    assert inside.reason_fr == (
        "Tarif réduit décidé le 01/05/2026 par Léa Dubois, jusqu'au 30/06/2026 : Minima sociaux"
    )
    assert _quote(world, person, world.occurrence(dt.date(2026, 7, 1))).tier is TariffCode.FULL
    assert _quote(world, person, world.occurrence(dt.date(2026, 4, 30))).tier is TariffCode.FULL
    with world.db.session() as session:
        revoke_reduced_price(session, world.cashier, decision.id)
        assert list_reduced_prices(session, world.cashier, person) == []
    assert _quote(world, person, world.occurrence(DAY)).tier is TariffCode.FULL


def test_lowest_tier_wins_for_a_reduced_member(world: World) -> None:
    person = _member(world, dt.date(2026, 4, 1))
    with world.db.session() as session:
        record_reduced_price(
            clocked(session, paris(dt.date(2026, 4, 1))), world.cashier, person, "RSA"
        )
    assert _quote(world, person, world.occurrence(DAY)).amount_cents == REDUCED


def test_free_activity_costs_nothing_even_for_non_members(world: World) -> None:
    quote = _quote(world, world.person(), world.occurrence(DAY, free=True))
    assert (quote.tier, quote.amount_cents, quote.reason_fr) == (
        TariffCode.FREE,
        0,
        "Atelier gratuit",
    )


def test_tariff_change_applies_from_its_date_and_never_to_past_receipts(world: World) -> None:
    before = world.occurrence(dt.date(2026, 8, 31))
    after = world.occurrence(dt.date(2026, 9, 1))
    sold = world.sell(DraftLine.session_place(before), at=paris(dt.date(2026, 5, 2)))
    with world.db.session() as session:
        add_tariff(session, world.admin, TariffCode.FULL, 1400, dt.date(2026, 9, 1))
        add_tariff(session, world.admin, TariffCode.MEMBERSHIP, 3200, dt.date(2026, 9, 1))
    assert _quote(world, None, before).amount_cents == FULL
    assert _quote(world, None, after).amount_cents == 1400
    person = world.person()
    with world.db.session() as session:
        assert tariff_on(session, TariffCode.FULL, dt.date(2026, 9, 1)).amount_cents == 1400
        assert tariff_on(session, TariffCode.FULL, dt.date(2026, 8, 31)).amount_cents == FULL
        assert quote_membership(session, world.cashier, person, DAY).amount_cents == MEMBERSHIP
        late = quote_membership(session, world.cashier, person, dt.date(2026, 9, 2))
        assert late.amount_cents == 3200
        assert late.reason_fr == "Adhésion du 02/09/2026 au 01/09/2027"
    with world.db.session() as session:
        assert get_receipt(session, world.cashier, sold.id).total_cents == FULL


def test_only_admin_changes_tariffs_and_not_into_closed_days(world: World) -> None:
    with world.db.session() as session, pytest.raises(PermissionDenied):
        add_tariff(session, world.cashier, TariffCode.FULL, 1300, DAY)
    with world.db.session() as session, pytest.raises(ValidationError, match="Gratuit"):
        add_tariff(session, world.admin, TariffCode.FREE, 100, DAY)
    world.sell(at=paris(DAY))
    with world.db.session() as session:
        close_day(clocked(session, paris(DAY, 20)), world.cashier, DAY)
    with world.db.session() as session, pytest.raises(ValidationError, match="clôturée"):
        add_tariff(session, world.admin, TariffCode.FULL, 1300, DAY)


def test_preview_prices_the_basket_like_the_receipt(world: World) -> None:
    person = _member(world, dt.date(2026, 4, 1))
    occurrence = world.occurrence(DAY)
    lines = (DraftLine.session_place(occurrence), DraftLine.other("Tisane", 150, 2))
    with world.db.session() as session:
        preview = preview_draft(session, world.cashier, person, lines, on=DAY)
    assert [p.total_cents for p in preview.lines] == [MEMBER, 300]
    assert preview.lines[0].reason_fr.startswith("Adhérente")
    receipt = world.sell(
        *lines, person_id=person, at=paris(DAY, 9), payment=Payment(PaymentMethod.CASH, 1000)
    )
    assert receipt.total_cents == preview.total_cents == MEMBER + 300
    assert receipt.change_cents == 100


def test_membership_bought_in_the_same_basket_gives_the_member_price(world: World) -> None:
    person = world.person()
    occurrence = world.occurrence(DAY)
    receipt = world.sell(
        DraftLine.session_place(occurrence),
        DraftLine.membership(DAY, charter_accepted=True),
        person_id=person,
        at=paris(DAY, 10),
    )
    assert [line.total_cents for line in receipt.lines] == [MEMBER, MEMBERSHIP]
    assert receipt.lines[0].tariff_code is TariffCode.MEMBER


def test_membership_length_follows_the_setting(world: World) -> None:
    person = world.person()
    with world.db.session() as session:
        set_setting(session, world.admin, "membership_validity_months", 6)
    with world.db.session() as session:
        quote = quote_membership(session, world.cashier, person, dt.date(2026, 1, 31))
    assert quote.reason_fr == "Adhésion du 31/01/2026 au 30/07/2026"
