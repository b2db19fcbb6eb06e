"""Memberships (29 € a year, after meeting the team) and reduced-price decisions.

Memberships are only *planned* here (who, when, which period): the membership rows, with
their numbers, are created by the cash service when the payment's receipt is issued
(``till``). Their periods follow the service's rule (``cash.memberships``), so the plan's
member prices are the ones the service charges.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from desktop.demo.attendance import RegistrationPlan, VisitBook
from desktop.demo.context import Simulation, weighted_sample
from desktop.demo.people import PersonPlan
from desktop.models import ReducedPriceDecision
from desktop.services.cash.memberships import add_months
from desktop.vocabulary import Employment, RegistrationStatus

MEMBERS = 193
RENEWAL_RATE = 0.55
REDUCED_SHARE = 0.05  # of returning persons
REDUCED_REASONS = (
    "En recherche d'emploi, budget serré : tarif réduit accordé.",
    "Petite retraite, ne venait plus aux ateliers à cause du prix.",
    "Bénéficiaire des minima sociaux.",
    "Aidante à temps plein, ressources limitées.",
    "Situation financière difficile évoquée avec l'équipe.",
    "Étudiant, revenus modestes.",
)


@dataclass(slots=True)
class MembershipPlan:
    person: PersonPlan
    valid_from: dt.date
    valid_until: dt.date
    met_team_on: dt.date
    taken_at: dt.datetime


@dataclass(slots=True)
class ReducedPlan:
    id: uuid.UUID
    person: PersonPlan
    decided_at: dt.datetime
    decided_on: dt.date
    decided_by: uuid.UUID
    reason: str
    valid_until: dt.date | None


def one_year_after(day: dt.date) -> dt.date:
    """Last day of a twelve-month validity starting on ``day``."""
    try:
        anniversary = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        anniversary = day.replace(year=day.year + 1, day=28) + dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)


def membership_end(start: dt.date, months: int) -> dt.date:
    """Last day of a membership starting on ``start`` (the cash service's rule)."""
    return add_months(start, months) - dt.timedelta(days=1)


def plan_memberships(
    sim: Simulation, persons: list[PersonPlan], visits: VisitBook, months: int
) -> list[MembershipPlan]:
    """Chosen among regulars; taken on a later visit, after meeting the team; some renewed.

    ``months`` is the validity setting; a renewal taken before the end of the current
    membership starts the day after it ends, as the cash service does.
    """
    rng = sim.rng("memberships")
    eligible = [p for p in persons if p.returning and visits.count_days(p.id) >= 3]
    weights = [float(visits.count_days(p.id)) for p in eligible]
    members = weighted_sample(rng, eligible, weights, min(len(eligible), sim.scaled(MEMBERS)))
    members.sort(key=lambda p: p.number)
    taken: list[tuple[PersonPlan, dt.date, dt.datetime, dt.date]] = []
    for p in members:
        history = visits.of(p.id)
        j = rng.randint(2, min(len(history) - 1, 6))
        day, at = history[j]
        met = history[j - 1][0] if rng.random() < 0.6 else day
        taken.append((p, day, at + dt.timedelta(minutes=rng.randint(5, 40)), met))
        valid_until = membership_end(day, months)
        while valid_until < sim.today:
            renewal = next(
                (
                    (d, a)
                    for d, a in history
                    if valid_until - dt.timedelta(days=20) <= d <= valid_until + dt.timedelta(120)
                    and d > day
                ),
                None,
            )
            if renewal is None or rng.random() >= RENEWAL_RATE:
                break
            day = max(renewal[0], valid_until + dt.timedelta(days=1))
            taken.append((p, day, renewal[1] + dt.timedelta(minutes=rng.randint(5, 40)), met))
            valid_until = membership_end(day, months)
    taken.sort(key=lambda t: (t[2], t[0].id))
    return [
        MembershipPlan(
            person=p,
            valid_from=valid_from,
            valid_until=membership_end(valid_from, months),
            met_team_on=met,
            taken_at=at,
        )
        for p, valid_from, at, met in taken
    ]


def plan_reduced_prices(
    sim: Simulation,
    persons: list[PersonPlan],
    registrations: list[RegistrationPlan],
    visits: VisitBook,
) -> list[ReducedPlan]:
    """Staff grant the reduced price to a few people for whom 12 € is an obstacle."""
    rng = sim.rng("reduced")
    paying = {
        r.person.id
        for r in registrations
        if r.status is RegistrationStatus.PRESENT and r.occurrence.activity.spec.paid
    }
    candidates = [p for p in persons if p.returning and p.id in paying]
    weights = [_need(p) for p in candidates]
    count = min(len(candidates), round(REDUCED_SHARE * sum(p.returning for p in persons)))
    chosen = weighted_sample(rng, candidates, weights, count)
    chosen.sort(key=lambda p: p.number)
    staff = sim.staff
    plans = []
    for p in chosen:
        history = visits.of(p.id)
        day, at = history[rng.randint(0, min(4, len(history) - 1))]
        decided_at = at + dt.timedelta(minutes=rng.randint(10, 50))
        plans.append(
            ReducedPlan(
                id=sim.new_id(decided_at),
                person=p,
                decided_at=decided_at,
                decided_on=day,
                decided_by=rng.choices(
                    (staff.social, staff.accueil, staff.direction), weights=(40, 35, 25)
                )[0],
                reason=_reason(rng, p),
                valid_until=one_year_after(day) if rng.random() < 0.7 else None,
            )
        )
    return plans


def _need(p: PersonPlan) -> float:
    if p.employment in (Employment.JOB_SEEKER, Employment.INACTIVE, Employment.STUDENT):
        return 4.0
    return 1.5 if p.employment is Employment.RETIRED else 1.0


def _reason(rng: random.Random, p: PersonPlan) -> str:
    if p.employment is Employment.STUDENT:
        return REDUCED_REASONS[5]
    if p.employment is Employment.JOB_SEEKER:
        return REDUCED_REASONS[0]
    if p.employment is Employment.RETIRED:
        return REDUCED_REASONS[1]
    return rng.choice(REDUCED_REASONS[2:5])


def reduced_row(r: ReducedPlan) -> ReducedPriceDecision:
    return ReducedPriceDecision(
        id=r.id,
        person_id=r.person.id,
        decided_by=r.decided_by,
        decided_at=r.decided_at,
        reason=r.reason,
        valid_until=r.valid_until,
        deleted=False,
    )
