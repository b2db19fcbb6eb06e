"""Amounts typed by a person, read as integer cents (French conventions, through Babel)."""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

from desktop.services.errors import ValidationError
from desktop.services.formatting import LOCALE, money

DEFAULT_MAXIMUM_CENTS = 10_000_00
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")  # Babel groups fr_FR digits with U+202F
_CURRENCY = re.compile(r"(€|eur(os?)?)$|^€", re.IGNORECASE)
_NUMBER_CHARACTERS = re.compile(r"[+-]?[\d.,\u202f]+")  # no exponent, NaN nor Infinity


def parse_amount(
    text: str,
    *,
    field: str,
    maximum_cents: int = DEFAULT_MAXIMUM_CENTS,
    allow_zero: bool = False,
) -> int:
    """Cents from « 4,50 », « 4.50 », « 4,5 », « 1 000,00 », « 12 € »; else a French error.

    The ValidationError names ``field`` and says what is wrong (empty, negative, more than
    two decimals, above ``maximum_cents``, zero unless ``allow_zero``).
    """
    shown = text.strip() if len(text.strip()) <= 24 else text.strip()[:24] + "…"
    cleaned = _CURRENCY.sub("", text.strip()).strip()
    if not cleaned:
        raise ValidationError("Montant vide : indiquez par exemple 12,50.", field)
    grouped = _SPACES.sub("\u202f", cleaned)
    try:
        if not _NUMBER_CHARACTERS.fullmatch(grouped):
            raise NumberFormatError(grouped)
        amount = parse_decimal(grouped, locale=LOCALE, strict=True)
    except NumberFormatError:
        raise ValidationError(
            f"« {shown} » : écrivez un montant en chiffres, par exemple 12,50.", field
        ) from None
    if amount < 0:
        raise ValidationError("Montant négatif : indiquez un montant positif.", field)
    if amount * 100 > maximum_cents:
        raise ValidationError(f"Au plus {money(maximum_cents)}.", field)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError("Deux décimales au plus : les centimes (par exemple 4,50).", field)
    cents = int(amount * 100)
    if cents == 0 and not allow_zero:
        raise ValidationError("Montant nul : indiquez un montant supérieur à 0,00 €.", field)
    return cents
