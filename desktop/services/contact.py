"""Phone numbers and e-mail addresses as people type them, in one canonical form each."""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from desktop.services.errors import ValidationError

REGION = "FR"  # a number typed without a country code is French
_PHONE_CHARACTERS = re.compile(r"[\d\s+().\-\u00a0\u202f]+")


def phone_e164(text: str) -> str | None:
    """« 06 12 34 56 78 », « +33 6 12… », « 0033… » → ``+33612345678``; None if not a phone."""
    text = text.strip()
    if not _PHONE_CHARACTERS.fullmatch(text) or sum(ch.isdigit() for ch in text) < 9:
        return None
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalised_email(text: str, field: str = "email") -> str:
    """The address in its normal form (domain lower-cased), or a French ValidationError."""
    try:
        return validate_email(text.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValidationError(
            f"« {text.strip()[:60]} » n'est pas une adresse e-mail (par exemple "
            "prenom.nom@exemple.fr).",
            field,
        ) from None


def phone_shown(e164: str) -> str:
    """A stored phone as people read it: French numbers in the national format
    (``+33612345678`` → « 06 12 34 56 78 »), others in the international one; '' stays ''."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, REGION)
    except phonenumbers.NumberParseException:
        return e164
    region = phonenumbers.region_code_for_number(number)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if region == REGION
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
