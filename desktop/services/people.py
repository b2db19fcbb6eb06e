"""Finding persons at the desk: the search as you type, a scanned code, the summaries.

The matching and ranking live in :mod:`desktop.services.search`; this module turns the ranked
persons into what the desk shows. Nothing here reads anything about a case.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import (
    Activity,
    Membership,
    Occurrence,
    Person,
    Registration,
)
from desktop.services.cash.common import day_bounds
from desktop.services.clock import today
from desktop.services.errors import NotFound
from desktop.services.formatting import date_short, local, time_short
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.services.search import Match, Ranked, fold, parse_query, ranked, search_key
from desktop.services.search_index import SearchIndex, search_index
from desktop.vocabulary import CaregiverStatus, RegistrationStatus

__all__ = ["fold", "search_key"]  # re-exported: their callers import them from here

@dataclass(frozen=True)
class PersonSummary:
    id: uuid.UUID
    number: str
    first_name: str
    last_name: str
    email: str
    phone: str
    birth_year: int | None
    caregiver_status: CaregiverStatus
    membership_valid_until: dt.date | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def _summaries(session: Session, persons: list[Person], on: dt.date) -> list[PersonSummary]:
    ids = [p.id for p in persons]
    valid = dict(
        session.execute(
            select(Membership.person_id, func.max(Membership.valid_until))
            .where(
                Membership.person_id.in_(ids),
                Membership.deleted.is_(False),
                Membership.cancelled.is_(False),
                Membership.valid_from <= on,
                Membership.valid_until >= on,
            )
            .group_by(Membership.person_id)
        ).all()
    )
    return [
        PersonSummary(
            id=p.id,
            number=p.number,
            first_name=p.first_name,
            last_name=p.last_name,
            email=p.email,
            phone=p.phone,
            birth_year=p.birth_year,
            caregiver_status=p.caregiver_status,
            membership_valid_until=valid.get(p.id),
        )
        for p in persons
    ]


@reads
def search_persons(
    session: Session, actor: Actor, query: str, *, limit: int = 30, on: dt.date | None = None
) -> list[PersonSummary]:
    """Persons matching ``query`` (names in any order, number, phone or e-mail), best first
    (see :func:`find_persons`)."""
    require(actor, Capability.RECEPTION)
    ids = [r.person_id for r in ranked(session, query, limit)]
    if not ids:
        return []
    persons = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    return _summaries(session, [persons[i] for i in ids], on or today(session))


@reads
def get_person(
    session: Session, actor: Actor, person_id: uuid.UUID, on: dt.date | None = None
) -> PersonSummary | None:
    require(actor, Capability.RECEPTION)
    person = session.get(Person, person_id)
    if person is None or person.deleted:
        return None
    return _summaries(session, [person], on or today(session))[0]


# --- The desk's search results ------------------------------------------------------------


class MembershipState(StrEnum):
    VALID = "a_jour"
    EXPIRED = "expiree"
    NONE = "non_adherent"


@dataclass(frozen=True)
class MembershipStatus:
    """The membership on a day: valid until ``until``, expired since ``until``'s next day,
    or none ever (``until`` None)."""

    state: MembershipState
    until: dt.date | None = None

    @property
    def label(self) -> str:
        """« à jour jusqu'au 12/03/2027 », « expirée depuis le 13/03/2026 », « non adhérent·e »."""
        if self.until is None:
            return "non adhérent·e"
        if self.state is MembershipState.VALID:
            return f"à jour jusqu'au {date_short(self.until)}"
        return f"expirée depuis le {date_short(self.until + dt.timedelta(days=1))}"


@dataclass(frozen=True)
class TodayRegistration:
    """A registration of the person to one of today's sessions."""

    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: RegistrationStatus

    @property
    def label(self) -> str:
        """« 14:00 Yoga doux » (« (liste d'attente) » when waitlisted)."""
        wait = " (liste d'attente)" if self.status is RegistrationStatus.WAITLISTED else ""
        return f"{time_short(local(self.starts_at))} {self.title}{wait}"


@dataclass(frozen=True)
class SearchResult:
    """One person as the desk's search shows them. Deliberately nothing about a case or
    what a flag says: reception only sees that one is pending, and since when."""

    id: uuid.UUID
    number: str
    first_name: str
    last_name: str
    usage_name: str
    phone: str
    email: str
    match: Match
    last_visit_at: dt.datetime | None
    first_visit: bool  # no visit before today: this is (or would be) their first
    membership: MembershipStatus
    today_registrations: tuple[TodayRegistration, ...]
    flagged_on: dt.date | None  # « signalé le … »: the latest flag still pending

    @property
    def full_name(self) -> str:
        usage = f" ({self.usage_name})" if self.usage_name else ""
        return f"{self.first_name} {self.last_name}{usage}"

    @property
    def flag_label(self) -> str:
        return f"signalé le {date_short(self.flagged_on)}" if self.flagged_on else ""


@reads
def find_persons(
    session: Session, actor: Actor, text: str, *, limit: int = 20
) -> list[SearchResult]:
    """The desk's search as you type: names (first, last, usage; any order, accents, case,
    punctuation and one typo forgiven), person number, phone typed any way, e-mail. Exact
    matches first, then prefixes, then typos; recent visitors first among equals."""
    require(actor, Capability.RECEPTION)
    index = search_index(session)  # brought up to date once for the whole search
    return _results(session, index, ranked(session, text, limit, index))


@reads
def find_by_code(session: Session, actor: Actor, code: str) -> SearchResult:
    """The person a scanned or typed code names: a person number (« A-000123 », case and
    spaces forgiven) or a membership number (« AD-A-2024-0042 »)."""
    require(actor, Capability.RECEPTION)
    typed = parse_query(code).code or "".join(code.split()).upper()
    missing = NotFound(f"Aucune personne ne correspond au code « {code.strip()[:40]} ».")
    person_id = session.scalar(select(Person.id).where(Person.number == typed)) or session.scalar(
        select(Membership.person_id).where(
            Membership.number == typed, Membership.deleted.is_(False)
        )
    )
    index = search_index(session)
    if person_id is not None:  # the card of a merged record opens its survivor
        person_id = index.survivors.get(person_id, person_id)
    entry = index.entries.get(person_id) if person_id is not None else None
    if entry is None:
        raise missing
    return _results(session, index, [Ranked(entry, Match.EXACT)])[0]


@reads
def person_result(session: Session, actor: Actor, person_id: uuid.UUID) -> SearchResult:
    """The search result of one person (of its survivor when merged), e.g. the person just
    created or chosen in the newcomer form."""
    require(actor, Capability.RECEPTION)
    index = search_index(session)
    entry = index.entries.get(index.survivors.get(person_id, person_id))
    if entry is None:
        raise NotFound("Cette personne n'existe pas ou plus.")
    return _results(session, index, [Ranked(entry, Match.EXACT)])[0]


def _results(session: Session, index: SearchIndex, hits: list[Ranked]) -> list[SearchResult]:
    if not hits:
        return []
    on = today(session)
    start, _end = day_bounds(on)
    registrations = _today_registrations(session, index, on)
    results = []
    for hit in hits:
        p = hit.entry
        flagged = p.flagged_at
        results.append(
            SearchResult(
                id=p.id, number=p.number, first_name=p.first_name, last_name=p.last_name,
                usage_name=p.usage_name, phone=p.phone, email=p.email, match=hit.match,
                last_visit_at=p.last_visit_at,
                first_visit=p.first_visit_at is None or p.first_visit_at >= start,
                membership=membership_on(p.memberships, on),
                today_registrations=registrations.get(p.id, ()),
                flagged_on=local(flagged).date() if flagged is not None else None,
            )
        )  # fmt: skip
    return results


def membership_on(periods: Sequence[tuple[dt.date, dt.date]], on: dt.date) -> MembershipStatus:
    """The membership on ``on`` from the (from, until) periods of the memberships not
    cancelled: the latest end of a current one, followed through the renewals that take
    over without a gap, else of the latest that ended (one that starts later after a gap
    does not count yet)."""
    started = [until for start, until in periods if start <= on]
    current = [until for until in started if until >= on]
    if current:
        end = max(current)
        for start, until in sorted(periods):  # renewals paid before expiry
            if start <= end + dt.timedelta(days=1):
                end = max(end, until)
        return MembershipStatus(MembershipState.VALID, end)
    if started:
        return MembershipStatus(MembershipState.EXPIRED, max(started))
    return MembershipStatus(MembershipState.NONE)


def _today_registrations(
    session: Session, index: SearchIndex, on: dt.date
) -> dict[uuid.UUID, tuple[TodayRegistration, ...]]:
    """Everyone's registrations to the sessions of ``on`` (a few dozen rows), kept with the
    search index until the next change."""
    memo = index.memo
    key = ("registrations", on)
    if key not in memo:
        start, end = day_bounds(on)
        found: dict[uuid.UUID, list[TodayRegistration]] = {}
        for person_id, title, starts, ends, status in session.execute(
            select(
                Registration.person_id, Activity.title, Occurrence.starts_at, Occurrence.ends_at,
                Registration.status,
            )
            .join(Occurrence, Occurrence.id == Registration.occurrence_id)
            .join(Activity, Activity.id == Occurrence.activity_id)
            .where(
                Registration.deleted.is_(False),
                Registration.status != RegistrationStatus.CANCELLED,
                Occurrence.starts_at >= start, Occurrence.starts_at < end,
                Occurrence.cancelled.is_(False), Occurrence.deleted.is_(False),
            )
            .order_by(Occurrence.starts_at, Activity.title)
        ):  # fmt: skip
            found.setdefault(person_id, []).append(TodayRegistration(title, starts, ends, status))
        memo[key] = {person: tuple(items) for person, items in found.items()}
    return memo[key]  # type: ignore[return-value]
