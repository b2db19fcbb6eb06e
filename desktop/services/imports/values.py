"""One cell's text → one typed value, or a French ValidationError naming the field."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from desktop.services.contact import normalised_email, phone_e164
from desktop.services.errors import ValidationError
from desktop.services.formatting import PARIS
from desktop.services.imports.formats import Field
from desktop.services.money import parse_amount
from desktop.services.people import fold
from desktop.vocabulary import GENDER_LABELS, HEARD_FROM_LABELS, Gender, HeardFrom

E = TypeVar("E", bound=StrEnum)
NAME_LENGTH = 80  # Person.first_name / last_name
FIRST_YEAR, LAST_YEAR = 1900, 2099
_PARTICLES = frozenset({"de", "du", "des", "d", "la", "le", "van", "von", "der", "den", "di"})
_NAME_PARTS = re.compile(r"([\s\-'’]+)")
_NOT_IN_NAMES = re.compile(r"[0-9@#$%&*+=<>{}\[\]|\\/_~^\"!?;:]")
_FRENCH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?")
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?"
)


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:40] + "…"


def name(text: str, field: Field) -> str:
    """A name with its spacing tidied; « DUPONT » or « dupont » → « Dupont »."""
    cleaned = " ".join(text.split())
    if len(cleaned) > NAME_LENGTH:
        raise ValidationError(f"Nom trop long ({len(cleaned)} caractères, 80 au plus).", field)
    if _NOT_IN_NAMES.search(cleaned):
        raise ValidationError(f"« {_shown(cleaned)} » ne ressemble pas à un nom.", field)
    if cleaned and (cleaned.isupper() or cleaned.islower()):
        return _capitalised(cleaned)
    return cleaned


def _capitalised(text: str) -> str:
    parts = _NAME_PARTS.split(text.lower())
    words = [i for i, part in enumerate(parts) if part and not _NAME_PARTS.fullmatch(part)]
    for position, index in enumerate(words):
        word = parts[index]
        if position == 0 or word not in _PARTICLES:
            parts[index] = word[:1].upper() + word[1:]
    return "".join(parts)


def split_full_name(text: str, field: Field = Field.FULL_NAME) -> tuple[str, str]:
    """Paheko's « Nom & prénom » → (first name, last name).

    The words written in capitals are the last name (« DUPONT Jean », « Marie LE GALL »);
    otherwise the first word is the first name (« Jean Dupont »).
    """
    words = text.split()
    if len(words) < 2:
        raise ValidationError(
            f"« {_shown(text)} » : le nom et le prénom sont attendus (un seul mot lu).",
            field,
        )
    capitals = [w.isupper() and any(c.isalpha() for c in w) for w in words]
    if any(capitals) and not all(capitals):
        leading = capitals.index(False)
        if leading > 0 and not any(capitals[leading:]):
            return " ".join(words[leading:]), " ".join(words[:leading])
        trailing = len(capitals) - capitals[::-1].index(False)
        if all(capitals[trailing:]) and not any(capitals[:trailing]):
            return " ".join(words[:trailing]), " ".join(words[trailing:])
    return words[0], " ".join(words[1:])


def phone(text: str, field: Field = Field.PHONE) -> str:
    if not text.strip():
        return ""
    number = phone_e164(text)
    if number is None:
        raise ValidationError(
            f"« {_shown(text)} » n'est pas un numéro de téléphone (par exemple 06 12 34 56 78).",
            field,
        )
    return number


# Domains email-validator accepted during this run, with their normal form: a file repeats a
# few domains, and checking a domain (IDNA rules) is most of the cost of an address.
_DOMAINS: dict[str, str] = {}
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_+\-]+(?:\.[A-Za-z0-9_+\-]+)*")  # valid, kept as is


def email(text: str, field: Field = Field.EMAIL) -> str:
    """The address normalised by email-validator (``normalised_email``); an address whose
    domain was already accepted and whose local part is plain ASCII skips the domain check."""
    text = text.strip()
    if not text:
        return ""
    local, _, domain = text.rpartition("@")
    known = _DOMAINS.get(domain)
    if (
        known is not None
        and len(local) <= 64
        and len(text) <= 254
        and _PLAIN_LOCAL.fullmatch(local)
    ):
        return f"{local}@{known}"
    address = normalised_email(text, field)
    if len(_DOMAINS) < 10_000:
        _DOMAINS[domain] = address.rpartition("@")[2]
    return address


def _date(year: str, month: str, day: str, text: str, field: Field) -> dt.date:
    try:
        value = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationError(f"« {_shown(text)} » : cette date n'existe pas.", field) from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(f"« {_shown(text)} » : année improbable.", field)
    return value


def _bad_date(text: str, field: Field, with_time: bool) -> ValidationError:
    example = "25/03/2026 14:30" if with_time else "25/03/2026"
    return ValidationError(
        f"« {_shown(text)} » n'est pas une date (format attendu : {example}).", field
    )


def day(text: str, field: Field) -> dt.date | None:
    """« 25/03/2026 » or « 2026-03-25 »; None when empty."""
    text = text.strip()
    if not text:
        return None
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        return _date(match[3], match[2], match[1], text, field)
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return _date(match[1], match[2], match[3], text, field)
    raise _bad_date(text, field, with_time=False)


def moment(text: str, field: Field) -> dt.datetime | None:
    """« 25/03/2026 14:30 », « 25/03/2026 », ISO 8601 (with or without offset) → aware UTC.

    A time without an offset is Paris time; a date alone is midnight in Paris.
    """
    text = text.strip()
    if not text:
        return None
    offset: str | None = None
    if match := _FRENCH.fullmatch(text):
        day_, month, year, hour, minute, second = match.groups()
    elif match := _ISO.fullmatch(text):
        year, month, day_, hour, minute, second, offset = match.groups()
    else:
        raise _bad_date(text, field, with_time=True)
    date = _date(year, month, day_, text, field)
    try:
        clock = dt.time(int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        raise ValidationError(f"« {_shown(text)} » : cette heure n'existe pas.", field) from None
    if offset is None:
        zone: dt.tzinfo = PARIS
    elif offset == "Z":
        zone = dt.UTC
    else:
        digits = offset[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:])
        if minutes > 14 * 60:
            raise ValidationError(f"« {_shown(text)} » : décalage horaire impossible.", field)
        zone = dt.timezone(dt.timedelta(minutes=minutes if offset[0] == "+" else -minutes))
    return dt.datetime.combine(date, clock, tzinfo=zone).astimezone(dt.UTC)


def birth_year(text: str, field: Field = Field.BIRTH_YEAR) -> int | None:
    """« 1984 », or the year of a birth date."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(f"« {text} » : année de naissance improbable.", field)
        return year
    born = day(text.split()[0], field)
    return born.year if born is not None else None


@functools.lru_cache(maxsize=1024)  # a file repeats a handful of tariffs
def amount(text: str, field: Field = Field.MEMBERSHIP_AMOUNT) -> int | None:
    """Cents of « 29,00 », « 29.00 € »…; zero allowed (a free membership); None if empty."""
    if not text.strip():
        return None
    return parse_amount(text, field=field, allow_zero=True)


def _choices(labels: Mapping[E, str], extra: Mapping[str, E]) -> dict[str, E]:
    choices = {fold(value): value for value in labels}
    choices.update({fold(label): value for value, label in labels.items()})
    choices.update({fold(word): value for word, value in extra.items()})
    return choices


_GENDERS = _choices(
    GENDER_LABELS,
    {
        "f": Gender.FEMALE, "feminin": Gender.FEMALE, "mme": Gender.FEMALE,
        "madame": Gender.FEMALE, "h": Gender.MALE, "m": Gender.MALE,
        "masculin": Gender.MALE, "monsieur": Gender.MALE, "m.": Gender.MALE,
        "non precise": Gender.UNKNOWN,
    },
)  # fmt: skip
_HEARD_FROM: dict[str, HeardFrom] = _choices(HEARD_FROM_LABELS, {})


def gender(text: str, field: Field = Field.GENDER) -> Gender:
    folded = fold(text)
    if not folded:
        return Gender.UNKNOWN
    if folded not in _GENDERS:
        raise ValidationError(
            f"« {_shown(text)} » : genre inconnu (femme, homme, autre ou non précisé).",
            field,
        )
    return _GENDERS[folded]


def heard_from(text: str, field: Field = Field.HEARD_FROM) -> HeardFrom | None:
    folded = fold(text)
    if not folded:
        return None
    if folded not in _HEARD_FROM:
        raise ValidationError(
            f"« {_shown(text)} » : réponse inconnue pour « connu par » "
            f"(par exemple {HEARD_FROM_LABELS[HeardFrom.WORD_OF_MOUTH]}).",
            field,
        )
    return _HEARD_FROM[folded]


def consent(text: str, field: Field) -> dt.datetime | None:
    """The date the consent was given; empty means not given."""
    if text.strip() and fold(text) in {"oui", "yes", "x", "1", "vrai"}:
        raise ValidationError(
            "Consentement sans date : indiquez le jour où il a été donné (par exemple 25/03/2026).",
            field,
        )
    return moment(text, field)


_UNPAID = ("rembourse", "annule", "refunded", "canceled", "cancelled", "refuse", "echec")


def order_status(text: str, field: Field = Field.ORDER_STATUS) -> str:
    """A HelloAsso order status; a refunded, cancelled or failed order is refused."""
    folded = fold(text)
    if any(word in folded for word in _UNPAID):
        raise ValidationError(
            f"Commande « {_shown(text)} » : cette adhésion n'a pas été payée, elle n'est pas "
            "importée.",
            field,
        )
    return folded
