"""What an import did: its mode, the persons it matched with differences, the counts and
the refused lines (:class:`ImportReport`, returned by ``apply.apply_plan``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from desktop.services.imports.formats import FIELD_LABELS, Field, Format
from desktop.services.imports.records import RowError

SHOWN_REFUSALS = 20  # in the all-or-nothing refusal message


class ImportMode(StrEnum):
    ALL_OR_NOTHING = "tout_ou_rien"
    VALID_ONLY = "lignes_valides"


@dataclass(frozen=True)
class Difference:
    """A matched person whose stored values differ from the file's (nothing was changed)."""

    line: int
    number: str
    fields: tuple[Field, ...]

    @property
    def label(self) -> str:
        """« ligne 4 : A-000012 diffère (téléphone, e-mail) — fiche inchangée »"""
        names = ", ".join(FIELD_LABELS[f] for f in self.fields)
        return f"ligne {self.line} : {self.number} diffère ({names}) — fiche inchangée"


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote and what it left alone, line by line where it matters."""

    mode: ImportMode
    format: Format
    rows: int
    created: int
    unchanged: int  # matched, the file says nothing new
    differences: tuple[Difference, ...]  # matched, the file differs: reported, not applied
    memberships_created: int
    memberships_skipped: int  # already imported (same reference or number): not doubled
    consents_recorded: int
    refused: tuple[RowError, ...]  # refused lines (plan and matching), none written

    @property
    def matched(self) -> int:
        return self.unchanged + len(self.differences)

    @property
    def refused_lines(self) -> tuple[int, ...]:
        return tuple(sorted({e.line for e in self.refused}))

    def summary_fr(self) -> str:
        """One French sentence: « 12 personnes créées, 3 déjà connues (1 avec des
        différences, non modifiée), 12 adhésions créées, 2 déjà importées, 1 ligne refusée. »"""
        parts = [
            f"{self.created} personne(s) créée(s)",
            f"{self.matched} déjà connue(s)"
            + (
                f" (dont {len(self.differences)} avec des différences, non modifiée(s))"
                if self.differences
                else ""
            ),
            f"{self.memberships_created} adhésion(s) créée(s)",
        ]
        if self.memberships_skipped:
            parts.append(f"{self.memberships_skipped} adhésion(s) déjà importée(s)")
        if self.consents_recorded:
            parts.append(f"{self.consents_recorded} consentement(s) enregistré(s)")
        parts.append(f"{len(self.refused_lines)} ligne(s) refusée(s)")
        return ", ".join(parts) + "."


def refusal_message(errors: Iterable[RowError], count: int) -> str:
    lines = []
    for error in list(errors)[:SHOWN_REFUSALS]:
        label = f"{FIELD_LABELS[error.field]} : " if error.field is not None else ""
        lines.append(f"ligne {error.line} : {label}{error.message}")
    more = count - len(lines)
    tail = f"\n… et {more} autre(s) erreur(s)." if more > 0 else ""
    return (
        "Import refusé, rien n'a été écrit : des lignes ne peuvent pas être importées "
        "(corrigez le fichier, ou importez seulement les lignes valides).\n"
        + "\n".join(lines)
        + tail
    )
