"""Every enumeration people read has a French label for each of its members."""

from __future__ import annotations

import inspect
import re
from enum import StrEnum
from pathlib import Path

import pytest

from desktop import vocabulary
from desktop.vocabulary import INTERNAL, LABELS, AuditAction, label, stored_label

# Words French writes with an accent: a label spelt like this lost its accents.
UNACCENTED = {
    "recu", "emis", "cloture", "annee", "modifie", "modifies", "cree", "desactive", "reactive",
    "reinitialise", "change", "annule", "reglage", "decide", "accorde", "retire", "ecrite",
    "role", "roles", "precise", "activite", "seance", "adhesion", "equipe", "decision",
    "reduit", "adherent", "especes", "cheque", "repere", "revele", "traite", "present",
    "etudiant", "salarie", "independant", "convivialite", "sante",
}  # fmt: skip


def _enums() -> list[type[StrEnum]]:
    return [
        member
        for _, member in inspect.getmembers(vocabulary, inspect.isclass)
        if issubclass(member, StrEnum) and member.__module__ == vocabulary.__name__
    ]


def test_every_enumeration_is_labelled_or_declared_internal() -> None:
    unlisted = [e.__name__ for e in _enums() if e not in LABELS and e not in INTERNAL]
    assert unlisted == []


@pytest.mark.parametrize("enum", list(LABELS), ids=lambda e: e.__name__)
def test_labels_are_proper_french(enum: type[StrEnum]) -> None:
    labels = LABELS[enum]
    assert set(labels) == set(enum), f"{enum.__name__}: members without a label"
    for member in enum:
        text = labels[member]
        assert text.strip() == text and text, member
        assert text != member.value and "_" not in text, member
        assert not text[0].islower(), text
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
        assert not words & UNACCENTED, f"{text!r} lost its accents"
    assert len(set(labels.values())) == len(labels), f"{enum.__name__}: two members read alike"


def test_the_accent_check_catches_what_the_audit_tab_showed() -> None:
    for shown in ("Recu emis", "Cloture jour", "Tarif modifie"):
        words = {w.lower() for w in shown.split()}
        assert words & UNACCENTED


def test_label_of_members_and_stored_values() -> None:
    assert label(AuditAction.RECEIPT_ISSUED) == "Reçu émis"
    assert stored_label(AuditAction, "cloture_jour") == "Clôture du jour"
    # A value written by a newer version still reads as words.
    assert stored_label(AuditAction, "dossier_exporte") == "Dossier exporte"


def test_statuses_that_take_a_place_are_listed_in_the_vocabulary_only() -> None:
    root = Path(vocabulary.__file__).parent
    listing = re.compile(r"RegistrationStatus\.\w+\s*,\s*RegistrationStatus\.\w+")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "vocabulary.py" and listing.search(path.read_text())
    ]
    assert offenders == [], "use vocabulary.TAKES_A_PLACE / PAYABLE_PLACE"
