"""The search results' table model: what one row shows."""

from __future__ import annotations

import datetime as dt
import uuid

from desktop.services.formatting import to_utc
from desktop.services.people import (
    MembershipState,
    MembershipStatus,
    SearchResult,
    TodayRegistration,
)
from desktop.services.search import Match
from desktop.views.search_results import SearchResultsModel
from desktop.vocabulary import RegistrationStatus

DAY = dt.date(2026, 5, 12)


def test_a_row_shows_membership_today_first_visit_and_flag(qtbot) -> None:
    result = SearchResult(
        id=uuid.uuid4(), number="A-000042", first_name="Paul", last_name="L'Hôte",
        usage_name="Martin", phone="", email="", match=Match.EXACT, last_visit_at=None,
        first_visit=True, membership=MembershipStatus(MembershipState.EXPIRED, DAY),
        today_registrations=(TodayRegistration("Yoga doux", to_utc(DAY, dt.time(14)),
                                               to_utc(DAY, dt.time(15)),
                                               RegistrationStatus.REGISTERED),),
        flagged_on=DAY,
    )  # fmt: skip
    model = SearchResultsModel()
    model.set_rows([result])
    assert model.texts(0) == (
        "Paul L'Hôte (Martin)", "A-000042", "expirée depuis le 13/05/2026", "14:00 Yoga doux",
        "", "première visite · signalé le 12/05/2026",
    )  # fmt: skip
