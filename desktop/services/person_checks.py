"""What the desk types about a person, checked field by field (every refusal at once).

A newcomer (:class:`NewPerson`) or an edit (:class:`PersonEdit`) comes in as typed; the
checks return the same data cleaned (names trimmed, phone in E.164, e-mail normalised) or
raise :class:`~desktop.services.errors.ValidationErrors` naming each refused field in French.
A name is only kept with the person's consent to keep their data: without it the desk is
offered an anonymous visit instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop.services.contact import normalised_email, phone_e164
from desktop.services.errors import FieldChecks, ValidationError
from desktop.vocabulary import CaregiverStatus, HeardFrom

NAME_MAX = 80  # Person.first_name / last_name / usage_name
EMAIL_MAX = 254
PHONE_TYPED_MAX = 40  # « +33 (0)6 12 34 56 78 » and a little more
NO_DATA_CONSENT = (
    "Sans son accord pour conserver ses données, la personne ne peut pas être enregistrée "
    "avec son nom : enregistrez plutôt un passage anonyme."
)
_NAME_WORDS = {"first_name": "prénom", "last_name": "nom", "usage_name": "nom d'usage"}


@dataclass(frozen=True)
class NewPerson:
    """A newcomer as typed at the desk (« Nouvelle personne »)."""

    first_name: str = ""
    last_name: str = ""
    usage_name: str = ""
    phone: str = ""
    email: str = ""
    heard_from: HeardFrom | None = None
    consent_data: bool = False
    newsletter: bool = False
    photos: bool = False


@dataclass(frozen=True)
class PersonEdit:
    """The editable identity and contacts of a known person (« Modifier »)."""

    first_name: str
    last_name: str
    usage_name: str = ""
    phone: str = ""
    email: str = ""
    heard_from: HeardFrom | None = None
    caregiver_status: CaregiverStatus = CaregiverStatus.UNKNOWN


def checked_name(text: str, field: str, *, required: bool) -> str:
    """``text`` trimmed (inner runs of spaces made one); a French refusal when missing,
    too long or holding no letter."""
    name = " ".join(text.split())
    word = _NAME_WORDS.get(field, "nom")
    if not name:
        if required:
            raise ValidationError(f"Indiquez le {word} de la personne.", field)
        return ""
    if len(name) > NAME_MAX:
        raise ValidationError(
            f"Le {word} est trop long ({NAME_MAX} caractères au plus, {len(name)} saisis).", field
        )
    if not any(ch.isalpha() for ch in name):
        raise ValidationError(f"Le {word} doit contenir au moins une lettre.", field)
    return name


def checked_phone(text: str, field: str = "phone") -> str:
    """The phone in E.164 (« 06 12 34 56 78 » → ``+33612345678``), '' when empty."""
    typed = text.strip()
    if not typed:
        return ""
    shown = typed if len(typed) <= PHONE_TYPED_MAX else typed[: PHONE_TYPED_MAX - 1] + "…"
    phone = phone_e164(typed) if len(typed) <= PHONE_TYPED_MAX else None
    if phone is None:
        raise ValidationError(
            f"« {shown} » n'est pas un numéro de téléphone (par exemple 06 12 34 56 78 "
            "ou +32 470 12 34 56).",
            field,
        )
    return phone


def checked_email(text: str, field: str = "email") -> str:
    """The e-mail address normalised (no network look-up), '' when empty."""
    typed = text.strip()
    if not typed:
        return ""
    if len(typed) > EMAIL_MAX:
        raise ValidationError(
            f"L'adresse e-mail est trop longue ({EMAIL_MAX} caractères au plus).", field
        )
    return normalised_email(typed, field)


def check_new_person(new: NewPerson) -> NewPerson:
    """``new`` cleaned, or every refusal at once (ValidationErrors, French, by field).

    Without the data consent nothing is kept: the refusal proposes an anonymous visit."""
    checks = FieldChecks()
    if not new.consent_data:
        checks.errors.append(ValidationError(NO_DATA_CONSENT, "consent_data"))
    first = checks.run(checked_name, new.first_name, "first_name", required=new.consent_data)
    last = checks.run(checked_name, new.last_name, "last_name", required=new.consent_data)
    usage = checks.run(checked_name, new.usage_name, "usage_name", required=False)
    phone = checks.run(checked_phone, new.phone)
    email = checks.run(checked_email, new.email)
    checks.raise_any()
    return replace(
        new,
        first_name=first or "",
        last_name=last or "",
        usage_name=usage or "",
        phone=phone or "",
        email=email or "",
    )


def check_edit(edit: PersonEdit) -> PersonEdit:
    """``edit`` cleaned, or every refusal at once (names stay required)."""
    checks = FieldChecks()
    first = checks.run(checked_name, edit.first_name, "first_name", required=True)
    last = checks.run(checked_name, edit.last_name, "last_name", required=True)
    usage = checks.run(checked_name, edit.usage_name, "usage_name", required=False)
    phone = checks.run(checked_phone, edit.phone)
    email = checks.run(checked_email, edit.email)
    checks.raise_any()
    return replace(
        edit,
        first_name=first or "",
        last_name=last or "",
        usage_name=usage or "",
        phone=phone or "",
        email=email or "",
    )
