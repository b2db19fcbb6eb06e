"""Who registered to which session, who came, and every visit ("passage").

Each returning person has favourite workshops and attends some of their sessions; sessions
are filled in registration order up to capacity, then a short waitlist; cancellations free
a seat for the first person waiting. Registrations are bounded by the (unscaled) programme:
at large scales sessions fill up and the extra demand stays away.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from desktop.demo.context import Simulation, weighted_sample
from desktop.demo.people import OpenDays, PersonPlan, _day_weight
from desktop.demo.programme import ActivityPlan, OccurrencePlan, Programme
from desktop.models import Registration, Visit
from desktop.services.formatting import local, to_utc
from desktop.vocabulary import (
    ActivityCategory,
    AgeBracket,
    CaregiverStatus,
    Employment,
    FirstVisitAnswer,
    Gender,
    RegistrationStatus,
    VisitReason,
)

WAITLIST_MAX = 5
CANCEL_RATE = 0.06
NO_SHOW_RATE = 0.12
WALK_IN_RATE = 0.35  # newcomers joining a session on their first visit
STANDING_RATE = 0.3  # favourites booked for a whole term
ANONYMOUS_VISITS = 1800
REASON_ORDER = {reason: i for i, reason in enumerate(VisitReason)}


@dataclass(slots=True)
class RegistrationPlan:
    id: uuid.UUID
    occurrence: OccurrencePlan
    person: PersonPlan
    status: RegistrationStatus
    rank: int | None
    registered_at: dt.datetime
    registered_by: uuid.UUID


@dataclass(slots=True)
class _VisitEntry:
    at: dt.datetime
    reasons: set[VisitReason]


@dataclass(slots=True)
class _Request:
    person: PersonPlan
    registered_at: dt.datetime
    cancel_at: dt.datetime | None
    shows_up: bool


class VisitBook:
    """At most one visit per person and day; reasons accumulate, the earliest time wins."""

    def __init__(self) -> None:
        self._visits: dict[tuple[uuid.UUID, dt.date], _VisitEntry] = {}
        self._days: dict[uuid.UUID, set[dt.date]] = defaultdict(set)

    def add(
        self, person_id: uuid.UUID, day: dt.date, at: dt.datetime, *reasons: VisitReason
    ) -> None:
        entry = self._visits.get((person_id, day))
        if entry is None:
            self._visits[(person_id, day)] = _VisitEntry(at, set(reasons))
            self._days[person_id].add(day)
        else:
            entry.at = min(entry.at, at)
            entry.reasons.update(reasons)

    def has(self, person_id: uuid.UUID, day: dt.date) -> bool:
        return (person_id, day) in self._visits

    def of(self, person_id: uuid.UUID) -> list[tuple[dt.date, dt.datetime]]:
        """That person's visits in time order."""
        return sorted((d, self._visits[(person_id, d)].at) for d in self._days[person_id])

    def count_days(self, person_id: uuid.UUID) -> int:
        return len(self._days[person_id])

    def __len__(self) -> int:
        return len(self._visits)

    def rows(self, sim: Simulation) -> Iterator[Visit]:
        """Visit rows in time order (generated lazily: there are many)."""
        rng = sim.rng("visit-rows")
        for (person_id, _day), entry in sorted(
            self._visits.items(), key=lambda item: (item[1].at, item[0][0])
        ):
            yield Visit(
                id=sim.new_id(entry.at),
                at=entry.at,
                person_id=person_id,
                reasons=[r.value for r in sorted(entry.reasons, key=REASON_ORDER.__getitem__)],
                recorded_by=rng.choices(sim.staff.front_desk, weights=(80, 12, 8))[0],
            )


def _affinity(person: PersonPlan, activity: ActivityPlan) -> float:
    spec = activity.spec
    weight = spec.popularity
    working = person.employment in (Employment.EMPLOYED, Employment.SELF_EMPLOYED)
    if spec.remote:
        weight *= 1.5 if working or person.age < 55 else 0.6
    if spec.category is ActivityCategory.SUPPORT:
        weight *= 2.5 if person.caregiver is not CaregiverStatus.NOT_CAREGIVER else 0.2
    if spec.category is ActivityCategory.PHYSICAL and person.age >= 75:
        weight *= 0.5
    if spec.key == "yoga_soir":
        weight *= 2.0 if working else 0.3
    return weight


def _window_end(sim: Simulation, person: PersonPlan) -> dt.datetime:
    """Until when a returning person registers (into the coming weeks if still coming)."""
    return to_utc(min(person.until, sim.horizon), dt.time(23, 59))


def plan_attendance(
    sim: Simulation, days: OpenDays, persons: list[PersonPlan], programme: Programme
) -> tuple[list[RegistrationPlan], VisitBook]:
    """Registrations (with statuses) and the visits they and other reasons cause."""
    rng = sim.rng("attendance")
    requests: dict[uuid.UUID, list[_Request]] = defaultdict(list)
    occurrence_of: dict[uuid.UUID, OccurrencePlan] = {}
    for i, person in enumerate(persons):
        if i % 500 == 0:
            sim.progress.check()
        seen: set[uuid.UUID] = set()
        for occ, lead_days in _wanted(sim, rng, person, programme):
            if occ.id in seen:
                continue
            request = _request(sim, rng, person, occ, lead_days)
            if request is not None:
                seen.add(occ.id)
                requests[occ.id].append(request)
                occurrence_of[occ.id] = occ
    registrations: list[RegistrationPlan] = []
    for occ_id in sorted(requests, key=lambda i: (occurrence_of[i].starts_at, i)):
        registrations.extend(_resolve(sim, rng, occurrence_of[occ_id], requests[occ_id]))
    visits = VisitBook()
    _visits(sim, rng, days, persons, registrations, visits)
    return registrations, visits


def _wanted(
    sim: Simulation, rng: random.Random, person: PersonPlan, programme: Programme
) -> list[tuple[OccurrencePlan, int]]:
    """Sessions a person wants, each with how many days ahead they register at most."""
    wanted = []
    first_evening = to_utc(person.first_day, dt.time(23, 59))
    if rng.random() < WALK_IN_RATE:
        same_day = [
            o
            for a in programme.activities
            if not a.spec.remote
            for o in a.between(person.first_at, first_evening)
            if o.day == person.first_day
        ]
        if same_day:
            wanted.append((min(same_day, key=lambda o: (o.starts_at, o.id)), 0))
    if not person.returning:
        return wanted
    end = _window_end(sim, person)
    candidates = [a for a in programme.activities if a.between(person.first_at, end)]
    if not candidates:
        return wanted
    k = rng.choices((1, 2, 3, 4), weights=(30, 35, 25, 10))[0]
    favourites = weighted_sample(rng, candidates, [_affinity(person, a) for a in candidates], k)
    for activity in favourites:
        rate = person.appetite * (1.2 if activity.spec.schedules[0].every >= 4 else 1.0)
        # Some regulars book a whole term of their workshop at once.
        term = rng.random() < STANDING_RATE
        for o in activity.between(person.first_at, end):
            if rng.random() < rate:
                wanted.append((o, rng.randint(21, 70) if term else _lead_days(rng)))
    return wanted


def _request(
    sim: Simulation, rng: random.Random, person: PersonPlan, occ: OccurrencePlan, lead_days: int
) -> _Request | None:
    if occ.day == person.first_day:
        registered_at = person.first_at  # a walk-in, registered on arrival
    else:
        lead = dt.timedelta(minutes=rng.randint(30, max(1, lead_days) * 24 * 60))
        registered_at = max(person.first_at, occ.starts_at - lead)
    if registered_at > sim.now or registered_at > occ.starts_at:
        return None  # not registered yet
    cancel_at = None
    if rng.random() < CANCEL_RATE:
        cancel_at = registered_at + (occ.starts_at - registered_at) * rng.random()
    return _Request(person, registered_at, cancel_at, rng.random() >= NO_SHOW_RATE)


def _lead_days(rng: random.Random) -> int:
    """How far ahead people register: mostly within the week, regulars weeks ahead."""
    return rng.choices((7, 21, 35), weights=(60, 30, 10))[0]


def _resolve(
    sim: Simulation, rng: random.Random, occ: OccurrencePlan, requests: list[_Request]
) -> list[RegistrationPlan]:
    """Seat requests in time order, waitlist the overflow, apply cancellations."""
    capacity = occ.activity.spec.capacity
    limit = min(occ.starts_at, sim.now)
    events: list[tuple[dt.datetime, int, int]] = []  # (time, 0 register / 1 cancel, index)
    for i, r in enumerate(requests):
        events.append((r.registered_at, 0, i))
        if r.cancel_at is not None and r.cancel_at <= limit:
            events.append((r.cancel_at, 1, i))
    events.sort(key=lambda e: (e[0], e[1], requests[e[2]].person.id))
    seated: list[int] = []
    waiting: list[int] = []
    cancelled: list[int] = []
    for _, kind, i in events:
        if kind == 0:
            if len(seated) < capacity:
                seated.append(i)
            elif len(waiting) < WAITLIST_MAX:
                waiting.append(i)
        elif i in seated:
            seated.remove(i)
            cancelled.append(i)
            if waiting:
                seated.append(waiting.pop(0))
        elif i in waiting:
            waiting.remove(i)
            cancelled.append(i)
    past = occ.starts_at < sim.now
    plans = []

    def plan(i: int, status: RegistrationStatus, rank: int | None = None) -> None:
        r = requests[i]
        plans.append(
            RegistrationPlan(
                id=sim.new_id(r.registered_at),
                occurrence=occ,
                person=r.person,
                status=status,
                rank=rank,
                registered_at=r.registered_at,
                registered_by=rng.choices(sim.staff.front_desk, weights=(60, 32, 8))[0],
            )
        )

    for i in cancelled:
        plan(i, RegistrationStatus.CANCELLED)
    for i in seated:
        if occ.cancelled:
            plan(i, RegistrationStatus.CANCELLED)
        elif past:
            shows = requests[i].shows_up
            plan(i, RegistrationStatus.PRESENT if shows else RegistrationStatus.ABSENT)
        else:
            plan(i, RegistrationStatus.REGISTERED)
    for rank, i in enumerate(waiting, start=1):
        if occ.cancelled:
            plan(i, RegistrationStatus.CANCELLED)
        else:
            plan(i, RegistrationStatus.WAITLISTED, rank)
    return plans


def _visits(
    sim: Simulation,
    rng: random.Random,
    days: OpenDays,
    persons: list[PersonPlan],
    registrations: list[RegistrationPlan],
    visits: VisitBook,
) -> None:
    for r in registrations:
        occ = r.occurrence
        if r.status is RegistrationStatus.PRESENT and not occ.activity.spec.remote:
            at = occ.starts_at - dt.timedelta(minutes=rng.randint(5, 20))
            extra = (VisitReason.CONVIVIALITY,) if rng.random() < 0.2 else ()
            visits.add(r.person.id, occ.day, at, VisitReason.ACTIVITY, *extra)
    for p in persons:
        visits.add(p.id, p.first_day, p.first_at, *_first_reasons(rng, p))
        if p.caregiver is CaregiverStatus.REVEALED and p.caregiver_at is not None:
            reason = rng.choice((VisitReason.SUPPORT, VisitReason.INFORMATION))
            day = _local_day(p.caregiver_at)
            visits.add(p.id, day, p.caregiver_at, reason)
        if not p.returning:
            continue
        chance = p.drop_in_rate / 5.0  # about five open days a week
        later = days.after(p.first_day + dt.timedelta(days=1), p.last_day)
        for day in later:
            if rng.random() < chance:
                visits.add(p.id, day, days.moment(rng, day), _drop_in_reason(rng, p))
        if visits.count_days(p.id) < 2 and later:
            day = rng.choice(later)
            visits.add(p.id, day, days.moment(rng, day), _drop_in_reason(rng, p))


def _local_day(at: dt.datetime) -> dt.date:
    return local(at).date()


def _first_reasons(rng: random.Random, p: PersonPlan) -> tuple[VisitReason, ...]:
    if p.caregiver is CaregiverStatus.ON_ARRIVAL:
        if rng.random() < 0.5:
            return (VisitReason.SUPPORT,)
        return (VisitReason.INFORMATION, VisitReason.SUPPORT)
    reasons = (VisitReason.INFORMATION, VisitReason.CONVIVIALITY, VisitReason.OTHER)
    return (rng.choices(reasons, weights=(55, 38, 7))[0],)


def _drop_in_reason(rng: random.Random, p: PersonPlan) -> VisitReason:
    caregiver = p.caregiver in (CaregiverStatus.ON_ARRIVAL, CaregiverStatus.REVEALED)
    reasons = (
        VisitReason.CONVIVIALITY,
        VisitReason.INFORMATION,
        VisitReason.SUPPORT,
        VisitReason.OTHER,
    )
    return rng.choices(reasons, weights=(55, 20, 20 if caregiver else 2, 8))[0]


def anonymous_visits(sim: Simulation, days: OpenDays) -> list[Visit]:
    """Passers-by who gave no name: only coarse facts are kept."""
    rng = sim.rng("anonymous")
    count = sim.scaled(ANONYMOUS_VISITS)
    if not days.days:
        return []
    chosen = rng.choices(days.days, weights=[_day_weight(d) for d in days.days], k=count)
    genders = (Gender.FEMALE, Gender.MALE, None)
    brackets = (
        AgeBracket.UNDER_30,
        AgeBracket.FROM_30_TO_44,
        AgeBracket.FROM_45_TO_59,
        AgeBracket.FROM_60_TO_74,
        AgeBracket.FROM_75,
        None,
    )
    reasons = (
        VisitReason.INFORMATION,
        VisitReason.CONVIVIALITY,
        VisitReason.ACTIVITY,
        VisitReason.OTHER,
    )
    answers = (FirstVisitAnswer.YES, FirstVisitAnswer.NO, FirstVisitAnswer.UNKNOWN)
    moments = sorted(days.moment(rng, day) for day in chosen)
    rows = []
    for at in moments:
        rows.append(
            Visit(
                id=sim.new_id(at),
                at=at,
                person_id=None,
                anonymous_first_visit=rng.choices(answers, weights=(60, 33, 7))[0],
                anonymous_gender=rng.choices(genders, weights=(72, 24, 4))[0],
                anonymous_age_bracket=rng.choices(brackets, weights=(6, 13, 28, 32, 14, 7))[0],
                reasons=[rng.choices(reasons, weights=(55, 30, 10, 5))[0].value],
                recorded_by=rng.choices(sim.staff.front_desk, weights=(80, 12, 8))[0],
            )
        )
    return rows


def registration_row(r: RegistrationPlan) -> Registration:
    return Registration(
        id=r.id,
        occurrence_id=r.occurrence.id,
        person_id=r.person.id,
        status=r.status,
        waitlist_rank=r.rank,
        registered_at=r.registered_at,
        registered_by=r.registered_by,
        receipt_line_id=None,
        deleted=False,
    )
