"""Partners, activities, their weekly schedules and dated occurrences (not scaled)."""

from __future__ import annotations

import bisect
import datetime as dt
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from faker import Faker
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.demo import catalogue
from desktop.demo.catalogue import ActivitySpec, PartnerSpec
from desktop.demo.context import DEMO_START, Simulation
from desktop.demo.people_data import fiction_phone
from desktop.models import (
    Activity,
    ActivitySchedule,
    Base,
    Occurrence,
    OpeningException,
    Partner,
    Room,
)
from desktop.services.formatting import to_utc
from desktop.vocabulary import PriceCategory

CANCEL_RATE = 0.02


@dataclass(slots=True)
class OccurrencePlan:
    id: uuid.UUID
    activity: ActivityPlan
    schedule_id: uuid.UUID
    day: dt.date  # local date
    starts_at: dt.datetime
    ends_at: dt.datetime
    cancelled: bool
    note: str


@dataclass(slots=True)
class ActivityPlan:
    id: uuid.UUID
    spec: ActivitySpec
    provider_id: uuid.UUID | None
    room_id: uuid.UUID | None
    schedule_ids: list[uuid.UUID]
    occurrences: list[OccurrencePlan] = field(default_factory=list)
    starts: list[dt.datetime] = field(default_factory=list)  # for bisect

    def between(self, first: dt.datetime, last: dt.datetime) -> list[OccurrencePlan]:
        """Occurrences starting in [first, last]."""
        lo = bisect.bisect_left(self.starts, first)
        hi = bisect.bisect_right(self.starts, last)
        return self.occurrences[lo:hi]


@dataclass
class Programme:
    partners: dict[str, uuid.UUID]  # spec key -> id (providers and social partners)
    activities: list[ActivityPlan]
    rows: list[Base]  # partners, activities, schedules, opening exceptions (small)

    @property
    def occurrences(self) -> list[OccurrencePlan]:
        every = [o for a in self.activities for o in a.occurrences]
        every.sort(key=lambda o: (o.starts_at, o.id))
        return every


def _partner(sim: Simulation, fake: Faker, spec: PartnerSpec, at: dt.datetime) -> Partner:
    slug = "".join(ch for ch in spec.key if ch.isalnum())
    return Partner(
        id=sim.new_id(at),
        name=spec.name,
        kind=spec.kind,
        contact_name=fake.name(),
        phone=fiction_phone(sim.rng(f"partner-phone:{spec.key}"), mobile=False),
        email=f"contact@{slug}.example",
        address=f"{fake.street_address()}, 33000 Bordeaux",
        notes=spec.notes,
    )


def _opening_exceptions(sim: Simulation, at: dt.datetime) -> list[OpeningException]:
    rows: list[OpeningException] = []
    for day, (closed, opens, closes, label) in sorted(sim.calendar.exceptions.items()):
        rows.append(
            OpeningException(
                id=sim.new_id(at),
                on=day,
                closed=closed,
                opens_at=opens,
                closes_at=closes,
                label=label,
            )
        )
    return rows


def _dates(schedule: catalogue.ScheduleSpec, last: dt.date) -> Iterator[dt.date]:
    """Every date of a weekly schedule up to ``last``."""
    offset = (schedule.weekday - schedule.valid_from.weekday()) % 7
    day = schedule.valid_from + dt.timedelta(days=offset)
    end = min(last, schedule.valid_until or last)
    step = dt.timedelta(weeks=schedule.every)
    while day <= end:
        yield day
        day += step


def plan_programme(session: Session, sim: Simulation) -> Programme:
    """Every partner, activity, schedule, opening exception and occurrence of the demo."""
    rng = sim.rng("programme")
    fake = Faker("fr_FR")
    fake.seed_instance(f"{sim.seed}:partners")
    at = to_utc(DEMO_START - dt.timedelta(days=60), dt.time(10))
    rooms = {r.name: r.id for r in session.scalars(select(Room))}
    rows: list[Base] = [*_opening_exceptions(sim, at)]
    partners: dict[str, uuid.UUID] = {}
    for partner_spec in (*catalogue.PROVIDERS, *catalogue.SOCIAL_PARTNERS):
        partner = _partner(sim, fake, partner_spec, at)
        partners[partner_spec.key] = partner.id
        rows.append(partner)
    activities = []
    for spec in catalogue.ACTIVITIES:
        first = min(s.valid_from for s in spec.schedules)
        if first > sim.horizon:
            continue  # not on the programme yet
        created = to_utc(first - dt.timedelta(days=14), dt.time(11))
        last_schedule = max(
            (s.valid_until or dt.date.max for s in spec.schedules), default=dt.date.max
        )
        activity = Activity(
            id=sim.new_id(created),
            title=spec.title,
            category=spec.category,
            description=spec.description,
            provider_id=partners[spec.provider] if spec.provider else None,
            room_id=rooms[spec.room] if spec.room else None,
            capacity=spec.capacity,
            price_category=PriceCategory.PAID if spec.paid else PriceCategory.FREE,
            remote=spec.remote,
            duration_minutes=spec.minutes,
            active=last_schedule >= sim.today,
        )
        plan = ActivityPlan(activity.id, spec, activity.provider_id, activity.room_id, [])
        rows.append(activity)
        for schedule in spec.schedules:
            if schedule.valid_from > sim.horizon:
                continue
            row = ActivitySchedule(
                id=sim.new_id(created),
                activity_id=activity.id,
                weekday=schedule.weekday,
                starts_at=schedule.starts,
                valid_from=schedule.valid_from,
                valid_until=schedule.valid_until,
                every_n_weeks=schedule.every,
            )
            rows.append(row)
            plan.schedule_ids.append(row.id)
            _occurrences(sim, rng, plan, schedule, row.id)
        plan.occurrences.sort(key=lambda o: o.starts_at)
        plan.starts = [o.starts_at for o in plan.occurrences]
        if plan.schedule_ids:
            activities.append(plan)
    return Programme(partners=partners, activities=activities, rows=rows)


def _occurrences(
    sim: Simulation,
    rng: random.Random,
    plan: ActivityPlan,
    schedule: catalogue.ScheduleSpec,
    schedule_id: uuid.UUID,
) -> None:
    spec = plan.spec
    for day in _dates(schedule, sim.horizon):
        if spec.remote:
            if not sim.calendar.remote_possible(day):
                continue
        elif sim.calendar.hours(day) is None:
            continue
        starts = to_utc(day, schedule.starts)
        cancelled = rng.random() < CANCEL_RATE
        plan.occurrences.append(
            OccurrencePlan(
                id=sim.new_id(starts - dt.timedelta(days=30)),
                activity=plan,
                schedule_id=schedule_id,
                day=day,
                starts_at=starts,
                ends_at=starts + dt.timedelta(minutes=spec.minutes),
                cancelled=cancelled,
                note=rng.choice(catalogue.CANCEL_NOTES) if cancelled else "",
            )
        )


def occurrence_row(o: OccurrencePlan) -> Occurrence:
    a = o.activity
    return Occurrence(
        id=o.id,
        activity_id=a.id,
        schedule_id=o.schedule_id,
        starts_at=o.starts_at,
        ends_at=o.ends_at,
        room_id=a.room_id,
        capacity=a.spec.capacity,
        remote=a.spec.remote,
        cancelled=o.cancelled,
        note=o.note,
    )
