"""Amounts typed by a person: one parser, French conventions, messages that say what is wrong."""

from __future__ import annotations

import pytest

from desktop.services.errors import ValidationError
from desktop.services.formatting import money
from desktop.services.money import parse_amount


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("4,50", 450),
        ("4.50", 450),
        ("4,5", 450),
        ("12", 1200),
        ("1 000,00", 100_000),
        ("1\u00a0000,00", 100_000),  # no-break space
        ("1\u202f000,00", 100_000),  # narrow no-break space, as Babel writes it
        ("12 €", 1200),
        ("12€", 1200),
        (" 0,05 ", 5),
        (money(1234), 1234),  # what the application shows reads back
    ],
)
def test_accepted_forms(text: str, cents: int) -> None:
    assert parse_amount(text, field="amount") == cents


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Montant vide : indiquez par exemple 12,50."),
        ("  € ", "Montant vide : indiquez par exemple 12,50."),
        ("-3", "Montant négatif : indiquez un montant positif."),
        ("4,505", "Deux décimales au plus : les centimes (par exemple 4,50)."),
        ("10 000,01", "Au plus 10\u202f000,00\u00a0€."),
        ("0", "Montant nul : indiquez un montant supérieur à 0,00 €."),
        ("1,5O", "« 1,5O » : écrivez un montant en chiffres, par exemple 12,50."),
        ("1 00", "« 1 00 » : écrivez un montant en chiffres, par exemple 12,50."),
        ("1e3", "« 1e3 » : écrivez un montant en chiffres, par exemple 12,50."),
        ("NaN", "« NaN » : écrivez un montant en chiffres, par exemple 12,50."),
    ],
)
def test_refusals_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_amount(text, field="unit_cents")
    assert (caught.value.message, caught.value.field) == (message, "unit_cents")


def test_limits_are_the_callers() -> None:
    assert parse_amount("0,00", field="amount", allow_zero=True) == 0
    assert parse_amount("100 000", field="amount", maximum_cents=100_000_00) == 100_000_00
    with pytest.raises(ValidationError, match=r"^Au plus 50,00"):
        parse_amount("50,01", field="amount", maximum_cents=5000)


def test_a_long_paste_is_not_echoed_whole() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_amount("x" * 5000, field="amount")
    assert len(caught.value.message) < 100
