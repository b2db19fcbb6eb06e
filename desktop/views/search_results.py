"""The desk's search results as a table model: one row per ``SearchResult``.

The Accueil page shows its results through this model; ``ressourcerie bench --part
recherche`` times keystroke → rows in it (``desktop.views.search_probe``).
"""

from __future__ import annotations

from desktop.services.formatting import date_short
from desktop.services.people import MembershipState, SearchResult
from desktop.views.tables import GREY, RED, Column, RowTableModel


def _today(result: SearchResult) -> str:
    return " · ".join(r.label for r in result.today_registrations)


def _marks(result: SearchResult) -> str:
    marks = ["première visite"] if result.first_visit else []
    if result.flagged_on is not None:
        marks.append(result.flag_label)
    return " · ".join(marks)


def _last_visit(result: SearchResult) -> str:
    return date_short(result.last_visit_at.date()) if result.last_visit_at else ""


COLUMNS: tuple[Column[SearchResult], ...] = (
    Column("Nom", lambda r: r.full_name, sort_key=lambda r: (r.last_name, r.first_name)),
    Column("N°", lambda r: r.number),
    Column(
        "Adhésion",
        lambda r: r.membership.label,
        foreground=lambda r: GREY if r.membership.state is not MembershipState.VALID else None,
    ),
    Column("Aujourd'hui", _today),
    Column("Dernière visite", _last_visit, sort_key=lambda r: r.last_visit_at),
    Column("Repères", _marks, foreground=lambda r: RED if r.flagged_on else None),
)


class SearchResultsModel(RowTableModel[SearchResult]):
    """The search's rows, best first (as the service ranked them)."""

    def __init__(self) -> None:
        super().__init__(COLUMNS)
