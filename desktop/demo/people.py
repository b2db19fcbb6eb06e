"""The demo population: who came, when first, for how long, and who they are.

Shares follow the seed's figures: about 1,000 persons at scale 1, half of whom came back,
85 % women, 30 % caregivers on arrival and more revealed later, an average age about 54
that drops for those who arrived after 2020.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
import uuid
from dataclasses import dataclass

from faker import Faker

from desktop.demo import people_data as data
from desktop.demo.context import DEMO_START, SERIES, Simulation, quota, weighted_sample
from desktop.models import ConsentEvent, Person
from desktop.services.formatting import to_utc
from desktop.services.numbering import person_number
from desktop.services.people import search_key
from desktop.vocabulary import CaregiverStatus, ConsentKind, Employment, Gender, HeardFrom

PERSONS = 1000
INAUGURATION_GUESTS = 40  # the "sourciers" who co-created the place came on day one
RETURNING_SHARE = 0.5
WOMEN_SHARE = 0.85
CAREGIVER_ON_ARRIVAL_SHARE = 0.30
REVEALED_RATE = 0.28  # of returning, non-caregiver-on-arrival persons staying a month or more
NOT_CAREGIVER_RATE = 0.55


@dataclass(slots=True)
class PersonPlan:
    id: uuid.UUID
    first_at: dt.datetime
    first_day: dt.date
    last_day: dt.date = dt.date.min  # last day they may come before "today"
    until: dt.date = dt.date.min  # end of their time at the place (may be after "today")
    returning: bool = False
    gender: Gender = Gender.UNKNOWN
    age: int = 0
    birth_year: int | None = None
    employment: Employment = Employment.UNKNOWN
    heard_from: HeardFrom | None = None
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    postal_code: str = ""
    city: str = ""
    caregiver: CaregiverStatus = CaregiverStatus.UNKNOWN
    caregiver_at: dt.datetime | None = None
    newsletter_at: dt.datetime | None = None
    photos_at: dt.datetime | None = None
    appetite: float = 0.0  # chance of attending each session of a favourite workshop
    drop_in_rate: float = 0.0  # visits a week besides workshops
    created_by: uuid.UUID | None = None
    number: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class OpenDays:
    """The on-site open days before "today", with their hours, for bisecting."""

    def __init__(self, sim: Simulation) -> None:
        last = sim.today - dt.timedelta(days=1)
        open_hours = sim.calendar.open_hours(DEMO_START, last)
        self.days = [day for day, _ in open_hours]
        self.hours = [hours for _, hours in open_hours]

    def after(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """Open days in [first, last]."""
        lo = bisect.bisect_left(self.days, first)
        hi = bisect.bisect_right(self.days, last)
        return self.days[lo:hi]

    def moment(self, rng: random.Random, day: dt.date) -> dt.datetime:
        """A plausible arrival time during that day's opening hours (UTC)."""
        opens, closes = self.hours[bisect.bisect_left(self.days, day)]
        span = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute) - 30
        minutes = opens.hour * 60 + opens.minute + 5 * rng.randrange(max(1, span // 5))
        return to_utc(day, dt.time(minutes // 60, minutes % 60))


def _day_weight(day: dt.date) -> float:
    weight = 1.6 if day.weekday() in (1, 2, 4) else 1.0  # full days draw more people
    if day < dt.date(2019, 7, 1):
        weight *= 2.2  # the opening months
    elif dt.date(2020, 5, 11) <= day < dt.date(2020, 7, 15):
        weight *= 0.5  # cautious reopening after the first lockdown
    elif day.year >= 2022:
        weight *= 1.15  # better known, new premises
    return weight


def plan_people(sim: Simulation, days: OpenDays) -> list[PersonPlan]:
    """Every named person of the demo, sorted by first visit and numbered."""
    rng = sim.rng("people")
    count = sim.scaled(PERSONS)
    guests = min(count, sim.scaled(INAUGURATION_GUESTS))
    weights = [_day_weight(d) for d in days.days]
    cumulative = [0.0]
    for w in weights:
        cumulative.append(cumulative[-1] + w)
    persons = []
    for i in range(count):
        if i < guests:
            day = DEMO_START
            first_at = to_utc(day, dt.time(10 + rng.randrange(8), 5 * rng.randrange(12)))
        else:
            day = rng.choices(days.days, cum_weights=cumulative[1:])[0]
            first_at = days.moment(rng, day)
        persons.append(PersonPlan(id=sim.new_id(first_at), first_at=first_at, first_day=day))
    persons.sort(key=lambda p: (p.first_at, p.id))
    for seq, person in enumerate(persons, start=1):
        person.number = person_number(SERIES, seq)
    _life(sim, rng, days, persons)
    _identity(sim, rng, persons)
    _caregivers(rng, days, persons)
    return persons


def _life(sim: Simulation, rng: random.Random, days: OpenDays, persons: list[PersonPlan]) -> None:
    """Who comes back, for how long, how often."""
    last_open = days.days[-1] if days.days else DEMO_START
    eligible = [p for p in persons if p.first_day < last_open]
    returning = {
        p.id
        for p in weighted_sample(
            rng, eligible, [1.0] * len(eligible), round(RETURNING_SHARE * len(persons))
        )
    }
    for p in persons:
        p.last_day = p.until = p.first_day
        p.returning = p.id in returning
        if p.returning:
            span = max(14, round(rng.lognormvariate(math.log(300), 1.1)))
            p.until = p.first_day + dt.timedelta(days=span)
            p.last_day = min(p.until, last_open)
            p.appetite = rng.uniform(0.35, 0.9)
            p.drop_in_rate = min(2.0, rng.lognormvariate(math.log(0.15), 0.7))
        p.created_by = rng.choices(sim.staff.front_desk, weights=(75, 15, 10))[0]


def _identity(sim: Simulation, rng: random.Random, persons: list[PersonPlan]) -> None:
    fake = Faker("fr_FR")
    fake.seed_instance(f"{sim.seed}:people")
    genders = quota(
        rng,
        len(persons),
        (
            (Gender.FEMALE, WOMEN_SHARE),
            (Gender.MALE, 0.14),
            (Gender.OTHER, 0.005),
            (Gender.UNKNOWN, 0.005),
        ),
    )
    for p, gender in zip(persons, genders, strict=True):
        p.gender = gender
        female = gender is Gender.FEMALE or (gender not in (Gender.MALE,) and rng.random() < 0.5)
        p.first_name = fake.first_name_female() if female else fake.first_name_male()
        p.last_name = fake.last_name()
        year = p.first_day.year
        p.age = data.age_on_arrival(rng, year)
        p.birth_year = None if rng.random() < 0.06 else year - p.age
        p.employment = data.employment(rng, p.age, year)
        p.heard_from = (
            None
            if rng.random() < 0.05
            else data.pick(rng, data.HEARD_FROM_2019 if year == 2019 else data.HEARD_FROM_LATER)
        )
        if rng.random() < (0.85 if p.age < 60 else 0.6):
            p.email = data.email(rng, p.first_name, p.last_name)
        draw = rng.random()
        if draw < 0.8:
            p.phone = data.fiction_phone(rng, mobile=True)
        elif draw < 0.9:
            p.phone = data.fiction_phone(rng, mobile=False)
        p.postal_code, p.city = data.city(rng)
        if rng.random() < 0.55:
            p.newsletter_at = p.first_at
        elif p.returning and rng.random() < 0.15:
            p.newsletter_at = p.first_at + dt.timedelta(days=rng.randint(7, 60))
            p.newsletter_at = min(p.newsletter_at, to_utc(p.last_day, dt.time(17)))
        if rng.random() < 0.3:
            p.photos_at = p.first_at


def _caregivers(rng: random.Random, days: OpenDays, persons: list[PersonPlan]) -> None:
    """30 % say on arrival that they help a relative; others reveal it later."""
    on_arrival = weighted_sample(
        rng,
        persons,
        [1.4 if p.returning else 0.6 for p in persons],
        round(CAREGIVER_ON_ARRIVAL_SHARE * len(persons)),
    )
    for p in on_arrival:
        p.caregiver, p.caregiver_at = CaregiverStatus.ON_ARRIVAL, p.first_at
    for p in persons:
        if p.caregiver is not CaregiverStatus.UNKNOWN:
            continue
        reveal_days = days.after(p.first_day + dt.timedelta(days=14), p.last_day)
        if p.returning and len(reveal_days) > 2 and rng.random() < REVEALED_RATE:
            p.caregiver = CaregiverStatus.REVEALED
            p.caregiver_at = days.moment(rng, rng.choice(reveal_days))
        elif rng.random() < NOT_CAREGIVER_RATE:
            p.caregiver, p.caregiver_at = CaregiverStatus.NOT_CAREGIVER, p.first_at


def consent_rows(p: PersonPlan) -> list[ConsentEvent]:
    """The consents the person gave: keeping their data on the first visit, and the others."""
    given = (
        (ConsentKind.DATA, p.first_at),
        (ConsentKind.NEWSLETTER, p.newsletter_at),
        (ConsentKind.PHOTOS, p.photos_at),
    )
    return [
        ConsentEvent(
            id=uuid.uuid5(p.id, kind.value),  # the same demo twice gives the same rows
            person_id=p.id, consent=kind, given=True, at=at, recorded_by=p.created_by
        )
        for kind, at in given
        if at is not None
    ]


def person_row(p: PersonPlan) -> Person:
    return Person(
        id=p.id,
        number=p.number,
        first_name=p.first_name,
        last_name=p.last_name,
        search_key=search_key(p.first_name, p.last_name),
        email=p.email,
        phone=p.phone,
        postal_code=p.postal_code,
        city=p.city,
        birth_year=p.birth_year,
        gender=p.gender,
        employment=p.employment,
        heard_from=p.heard_from,
        caregiver_status=p.caregiver,
        caregiver_status_at=p.caregiver_at,
        first_visit_on=p.first_day,
        created_at=p.first_at,
        created_by=p.created_by,
        deleted=False,
    )
