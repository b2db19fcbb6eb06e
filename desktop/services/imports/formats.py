"""Which file this is, from its header row: HelloAsso, Paheko, our own export, or other.

Headers are compared folded (case, accents, punctuation and spacing ignored, with
:func:`desktop.services.people.fold`), so « Prénom adhérent », « PRENOM ADHERENT » and
« prenom_adherent » are one title.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum

from desktop.services.people import fold


class Field(StrEnum):
    """What a column holds, for the import (a column mapped to no field is ignored)."""

    NUMBER = "number"  # the app's person number (own format)
    SOURCE_KEY = "source_key"  # the other system's id of the row (order reference, member no.)
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    FULL_NAME = "full_name"  # Paheko's « Nom & prénom », split on reading
    USAGE_NAME = "usage_name"
    PHONE = "phone"
    EMAIL = "email"
    BIRTH_YEAR = "birth_year"
    GENDER = "gender"
    HEARD_FROM = "heard_from"
    CONSENT_DATA = "consent_data"
    CONSENT_NEWSLETTER = "consent_newsletter"
    CONSENT_PHOTOS = "consent_photos"
    REGISTERED_AT = "registered_at"
    MEMBERSHIP_NUMBER = "membership_number"
    MEMBERSHIP_FROM = "membership_from"
    MEMBERSHIP_UNTIL = "membership_until"
    MEMBERSHIP_AMOUNT = "membership_amount"
    MEMBERSHIP_PAID_AT = "membership_paid_at"
    ORDER_STATUS = "order_status"  # HelloAsso: a refunded or cancelled order is refused


FIELD_LABELS = {
    Field.NUMBER: "numéro de personne",
    Field.SOURCE_KEY: "référence d'origine",
    Field.FIRST_NAME: "prénom",
    Field.LAST_NAME: "nom",
    Field.FULL_NAME: "nom et prénom",
    Field.USAGE_NAME: "nom d'usage",
    Field.PHONE: "téléphone",
    Field.EMAIL: "e-mail",
    Field.BIRTH_YEAR: "année de naissance",
    Field.GENDER: "genre",
    Field.HEARD_FROM: "connu par",
    Field.CONSENT_DATA: "consentement aux données",
    Field.CONSENT_NEWSLETTER: "consentement à la lettre d'information",
    Field.CONSENT_PHOTOS: "consentement aux photos",
    Field.REGISTERED_AT: "date d'inscription",
    Field.MEMBERSHIP_NUMBER: "numéro d'adhésion",
    Field.MEMBERSHIP_FROM: "début d'adhésion",
    Field.MEMBERSHIP_UNTIL: "fin d'adhésion",
    Field.MEMBERSHIP_AMOUNT: "montant de l'adhésion",
    Field.MEMBERSHIP_PAID_AT: "date du paiement",
    Field.ORDER_STATUS: "statut de la commande",
}


class Format(StrEnum):
    HELLOASSO = "helloasso"
    PAHEKO = "paheko"
    RESSOURCERIE = "ressourcerie"
    OTHER = "autre"


FORMAT_LABELS = {
    Format.HELLOASSO: "HelloAsso (export des adhésions)",
    Format.PAHEKO: "Paheko (liste des membres)",
    Format.RESSOURCERIE: "Ressourcerie Accueil (export des personnes)",
    Format.OTHER: "format non reconnu (colonnes devinées d'après leur titre)",
}

# Our own export's columns, in order (README.md, "Person import and export").
OWN_COLUMNS: tuple[tuple[str, Field], ...] = (
    ("Numéro", Field.NUMBER),
    ("Prénom", Field.FIRST_NAME),
    ("Nom", Field.LAST_NAME),
    ("Nom d'usage", Field.USAGE_NAME),
    ("Téléphone", Field.PHONE),
    ("E-mail", Field.EMAIL),
    ("Année de naissance", Field.BIRTH_YEAR),
    ("Genre", Field.GENDER),
    ("Connu par", Field.HEARD_FROM),
    ("Consentement données", Field.CONSENT_DATA),
    ("Consentement lettre d'information", Field.CONSENT_NEWSLETTER),
    ("Consentement photos", Field.CONSENT_PHOTOS),
    ("Numéro d'adhésion", Field.MEMBERSHIP_NUMBER),
    ("Adhésion début", Field.MEMBERSHIP_FROM),
    ("Adhésion fin", Field.MEMBERSHIP_UNTIL),
    ("Adhésion montant", Field.MEMBERSHIP_AMOUNT),
)

# Titles of each known export, folded by _key; the first titles of a list are its
# signature (all present: it is that format).
HELLOASSO_COLUMNS: dict[str, Field] = {
    "Nom adhérent": Field.LAST_NAME,
    "Prénom adhérent": Field.FIRST_NAME,
    "Email payeur": Field.EMAIL,
    "Date de la commande": Field.MEMBERSHIP_PAID_AT,
    "Montant tarif": Field.MEMBERSHIP_AMOUNT,
    "Référence commande": Field.SOURCE_KEY,
    "Numéro de commande": Field.SOURCE_KEY,
    "Email adhérent": Field.EMAIL,
    "Téléphone": Field.PHONE,
    "Numéro de téléphone": Field.PHONE,
    "Date de naissance": Field.BIRTH_YEAR,
    "Statut de la commande": Field.ORDER_STATUS,
    "Statut": Field.ORDER_STATUS,
}
HELLOASSO_SIGNATURE = ("Nom adhérent", "Prénom adhérent")

PAHEKO_COLUMNS: dict[str, Field] = {
    "Numéro de membre": Field.SOURCE_KEY,
    "Nom & prénom": Field.FULL_NAME,
    "Nom": Field.LAST_NAME,  # a Paheko set up with separate name fields
    "Prénom": Field.FIRST_NAME,
    "Adresse E-Mail": Field.EMAIL,
    "Numéro de téléphone": Field.PHONE,
    "Date d'inscription": Field.REGISTERED_AT,
    "Date de naissance": Field.BIRTH_YEAR,
}
PAHEKO_SIGNATURE = ("Numéro de membre",)

# For any other file: usual titles of a home-made spreadsheet.
GENERIC_COLUMNS: dict[str, Field] = {
    "Nom": Field.LAST_NAME,
    "Nom de famille": Field.LAST_NAME,
    "Prénom": Field.FIRST_NAME,
    "Prenom": Field.FIRST_NAME,
    "Nom & prénom": Field.FULL_NAME,
    "Nom prénom": Field.FULL_NAME,
    "Nom complet": Field.FULL_NAME,
    "Nom d'usage": Field.USAGE_NAME,
    "Téléphone": Field.PHONE,
    "Tél": Field.PHONE,
    "Portable": Field.PHONE,
    "Mobile": Field.PHONE,
    "Numéro de téléphone": Field.PHONE,
    "Email": Field.EMAIL,
    "E-mail": Field.EMAIL,
    "Courriel": Field.EMAIL,
    "Adresse e-mail": Field.EMAIL,
    "Adresse mail": Field.EMAIL,
    "Année de naissance": Field.BIRTH_YEAR,
    "Date de naissance": Field.BIRTH_YEAR,
    "Genre": Field.GENDER,
    "Sexe": Field.GENDER,
    "Date d'inscription": Field.REGISTERED_AT,
}

_PUNCTUATION = re.compile(r"[^0-9a-z]+")


def header_key(title: str) -> str:
    """A header title folded for comparison: « Nom & prénom » → ``nom prenom``."""
    return " ".join(_PUNCTUATION.sub(" ", fold(title)).split())


def _folded(columns: Mapping[str, Field]) -> dict[str, Field]:
    return {header_key(title): field for title, field in columns.items()}


_OWN = _folded(dict(OWN_COLUMNS))
_KNOWN = {
    Format.HELLOASSO: (_folded(HELLOASSO_COLUMNS), HELLOASSO_SIGNATURE),
    Format.PAHEKO: (_folded(PAHEKO_COLUMNS), PAHEKO_SIGNATURE),
}
_GENERIC = _folded(GENERIC_COLUMNS)


def recognise(headers: tuple[str, ...]) -> tuple[Format, dict[str, Field]]:
    """The format whose signature titles are all in ``headers``, and its mapping
    (header → field; a field is given to its first column only)."""
    keys = {header_key(h): h for h in headers}
    if (
        all(header_key(title) in keys for title, _ in OWN_COLUMNS[:3])
        and sum(key in _OWN for key in keys) >= len(OWN_COLUMNS) // 2
    ):
        return Format.RESSOURCERIE, _mapping(headers, _OWN)
    for kind, (columns, signature) in _KNOWN.items():
        if all(header_key(title) in keys for title in signature):
            return kind, _mapping(headers, columns)
    return Format.OTHER, _mapping(headers, _GENERIC)


def _mapping(headers: tuple[str, ...], columns: Mapping[str, Field]) -> dict[str, Field]:
    mapping: dict[str, Field] = {}
    for header in headers:
        field = columns.get(header_key(header))
        if field is not None and field not in mapping.values():
            mapping[header] = field
    return mapping
