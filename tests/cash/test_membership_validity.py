"""Membership validity: rolling months (default) or calendar year, and early renewals."""

from __future__ import annotations

import datetime as dt

import pytest
from cash_world import World, paris
from sqlalchemy import select

from desktop.models import Membership
from desktop.services.cash.drafts import DraftLine
from desktop.services.cash.pricing import quote_membership
from desktop.services.errors import ValidationErrors
from desktop.services.people import MembershipState, membership_on
from desktop.services.settings import SPECS, all_settings, set_setting, set_settings
from desktop.vocabulary import MembershipValidity

DAY = dt.date(2026, 5, 12)


def _join(world: World, person, day: dt.date) -> str:
    receipt = world.sell(
        DraftLine.membership(day, charter_accepted=True), person_id=person, at=paris(day, 10)
    )
    return receipt.lines[0].label


def _calendar_year(world: World) -> None:
    with world.db.session() as session:
        set_setting(session, world.admin, "membership_validity", "calendar_year")


def _periods(world: World) -> list[tuple[dt.date, dt.date]]:
    with world.db.session() as session:
        rows = session.execute(
            select(Membership.valid_from, Membership.valid_until).order_by(Membership.valid_from)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_twelve_rolling_months_by_default(world: World) -> None:
    with world.db.session() as session:
        assert all_settings(session)["membership_validity"] == MembershipValidity.ROLLING
    person = world.person()
    assert _join(world, person, DAY) == "Adhésion du 12/05/2026 au 11/05/2027"


def test_rolling_renewal_before_expiry_extends_from_the_end_date(world: World) -> None:
    person = world.person()
    _join(world, person, DAY)
    early = dt.date(2027, 4, 30)
    with world.db.session() as session:
        quote = quote_membership(session, world.cashier, person, early)
    assert quote.reason_fr == "Renouvellement : adhésion du 12/05/2027 au 11/05/2028"
    assert _join(world, person, early) == "Adhésion du 12/05/2027 au 11/05/2028"


def test_rolling_renewal_after_expiry_starts_on_the_day(world: World) -> None:
    person = world.person()
    _join(world, person, DAY)
    late = dt.date(2027, 6, 3)
    assert _join(world, person, late) == "Adhésion du 03/06/2027 au 02/06/2028"


def test_calendar_year_ends_on_31_december(world: World) -> None:
    _calendar_year(world)
    person = world.person()
    assert _join(world, person, DAY) == "Adhésion du 12/05/2026 au 31/12/2026"
    # The months setting does not matter in calendar-year mode.
    other = world.person("Léa", "Petit")
    with world.db.session() as session:
        set_setting(session, world.admin, "membership_validity_months", 6)
        quote = quote_membership(session, world.cashier, other, DAY)
    assert quote.reason_fr == "Adhésion du 12/05/2026 au 31/12/2026"


def test_calendar_year_renewal_before_expiry_covers_the_next_year(world: World) -> None:
    _calendar_year(world)
    person = world.person()
    _join(world, person, DAY)
    december = dt.date(2026, 12, 10)
    with world.db.session() as session:
        quote = quote_membership(session, world.cashier, person, december)
    assert quote.reason_fr == "Renouvellement : adhésion du 01/01/2027 au 31/12/2027"
    assert _join(world, person, december) == "Adhésion du 01/01/2027 au 31/12/2027"
    assert _periods(world) == [
        (DAY, dt.date(2026, 12, 31)),
        (dt.date(2027, 1, 1), dt.date(2027, 12, 31)),
    ]


def test_calendar_year_after_expiry_runs_to_the_end_of_the_current_year(world: World) -> None:
    _calendar_year(world)
    person = world.person()
    _join(world, person, DAY)
    assert _join(world, person, dt.date(2027, 2, 1)) == "Adhésion du 01/02/2027 au 31/12/2027"


def test_rolling_membership_renewed_early_in_calendar_mode(world: World) -> None:
    """Switching modes: a rolling membership still running is followed, its end + 1 day
    starting a membership to 31 December of that year."""
    person = world.person()
    _join(world, person, DAY)  # to 11/05/2027
    _calendar_year(world)
    assert _join(world, person, dt.date(2027, 5, 1)) == "Adhésion du 12/05/2027 au 31/12/2027"


@pytest.mark.parametrize("value", ["yearly", "", "Année civile", "5000" * 1250])
def test_an_unknown_mode_is_refused_in_french(world: World, value: str) -> None:
    with world.db.session() as session, pytest.raises(ValidationErrors) as caught:
        set_settings(session, world.admin, {"membership_validity": value})
    (error,) = caught.value.errors
    assert error.field == "membership_validity"
    assert error.message.startswith(f"« {SPECS['membership_validity'].title} » :")
    assert "Année civile (jusqu'au 31 décembre)" in error.message


def test_a_renewal_paid_before_expiry_counts_in_the_status() -> None:
    may, june = dt.date(2026, 5, 12), dt.date(2027, 6, 1)
    first = (may, dt.date(2027, 5, 11))
    renewal = (dt.date(2027, 5, 12), dt.date(2028, 5, 11))
    assert membership_on([first, renewal], may).until == dt.date(2028, 5, 11)
    assert membership_on([renewal, first], may).state is MembershipState.VALID
    # After a gap, a later membership does not count before it starts.
    later = (june, dt.date(2028, 5, 31))
    assert membership_on([first, later], may).until == first[1]
    assert membership_on([first, later], dt.date(2027, 5, 20)).state is MembershipState.EXPIRED
    assert membership_on([], may).label == "non adhérent·e"
