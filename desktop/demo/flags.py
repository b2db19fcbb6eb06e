"""« À rencontrer » flags: staff noticed someone, the social team took it from there."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Protocol

from desktop.demo.attendance import VisitBook
from desktop.demo.cases import CasePlan
from desktop.demo.context import Simulation, weighted_sample
from desktop.demo.people import PersonPlan
from desktop.models import MeetingFlag
from desktop.services.formatting import to_utc
from desktop.vocabulary import CaregiverStatus, FlagReason, FlagStatus

FALSE_ALARMS = 20
RECENT = 6
COMMENTS = {
    FlagReason.SEEMS_CAREGIVER: "Parle souvent d'un proche qu'elle ou il accompagne.",
    FlagReason.TIRED_ISOLATED: "Semble très fatigué·e ces dernières semaines.",
    FlagReason.ASKED_INFORMATION: "A demandé des informations sur l'aide à domicile.",
    FlagReason.ASKED_MEETING: "Souhaite rencontrer la chargée d'accompagnement social.",
    FlagReason.OTHER: "Pas de situation d'aide repérée : besoin de lien social.",
}


class _RaiseFlag(Protocol):
    def __call__(
        self,
        p: PersonPlan,
        reason: FlagReason,
        raised_at: dt.datetime,
        handled_at: dt.datetime | None,
        seen: bool = False,
    ) -> None: ...


def plan_flags(
    sim: Simulation, persons: list[PersonPlan], visits: VisitBook, cases: list[CasePlan]
) -> list[MeetingFlag]:
    rng = sim.rng("flags")
    opened = {plan.person.id: plan.case.opened_on for plan in cases}
    raisers = (sim.staff.accueil, sim.staff.animation, sim.staff.direction)
    rows: list[MeetingFlag] = []
    flagged: set[uuid.UUID] = set()

    def flag(
        p: PersonPlan,
        reason: FlagReason,
        raised_at: dt.datetime,
        handled_at: dt.datetime | None,
        seen: bool = False,
    ) -> None:
        if handled_at is not None and handled_at > sim.now:
            handled_at, seen = None, True
        status = FlagStatus.HANDLED if handled_at else FlagStatus.SEEN if seen else FlagStatus.NEW
        rows.append(
            MeetingFlag(
                id=sim.new_id(raised_at),
                person_id=p.id,
                reason=reason,
                comment=COMMENTS[reason] if rng.random() < 0.6 else "",
                raised_by=rng.choices(raisers, weights=(60, 30, 10))[0],
                raised_at=raised_at,
                status=status,
                handled_by=sim.staff.social if handled_at else None,
                handled_at=handled_at,
                deleted=False,
            )
        )
        flagged.add(p.id)

    for p in persons:
        if p.caregiver is CaregiverStatus.REVEALED and p.caregiver_at and rng.random() < 0.7:
            before = [at for _, at in visits.of(p.id) if at < p.caregiver_at]
            if before:
                raised = rng.choice(before[-3:]) + dt.timedelta(minutes=rng.randint(20, 90))
                reasons = (
                    FlagReason.SEEMS_CAREGIVER,
                    FlagReason.TIRED_ISOLATED,
                    FlagReason.ASKED_INFORMATION,
                )
                reason = rng.choices(reasons, weights=(50, 30, 20))[0]
                flag(p, reason, min(raised, p.caregiver_at), p.caregiver_at)
        elif p.caregiver is CaregiverStatus.ON_ARRIVAL and p.id in opened and rng.random() < 0.4:
            raised = p.first_at + dt.timedelta(minutes=15)
            handled = max(raised, to_utc(opened[p.id], dt.time(11)))
            flag(p, FlagReason.ASKED_MEETING, raised, handled)
    _false_alarms(sim, rng, persons, visits, flagged, flag)
    _recent(sim, rng, persons, visits, flagged, flag)
    rows.sort(key=lambda r: (r.raised_at, r.id))
    return rows


def _false_alarms(
    sim: Simulation,
    rng: random.Random,
    persons: list[PersonPlan],
    visits: VisitBook,
    flagged: set[uuid.UUID],
    flag: _RaiseFlag,
) -> None:
    candidates = [
        p
        for p in persons
        if p.returning
        and p.caregiver in (CaregiverStatus.NOT_CAREGIVER, CaregiverStatus.UNKNOWN)
        and visits.count_days(p.id) >= 3
        and p.id not in flagged
    ]
    for p in weighted_sample(rng, candidates, [1.0] * len(candidates), sim.scaled(FALSE_ALARMS)):
        _, at = rng.choice(visits.of(p.id))
        raised = at + dt.timedelta(minutes=rng.randint(20, 90))
        flag(p, FlagReason.OTHER, raised, raised + dt.timedelta(days=rng.randint(3, 20)))


def _recent(
    sim: Simulation,
    rng: random.Random,
    persons: list[PersonPlan],
    visits: VisitBook,
    flagged: set[uuid.UUID],
    flag: _RaiseFlag,
) -> None:
    since = sim.today - dt.timedelta(days=21)
    candidates = [
        p
        for p in persons
        if p.caregiver is CaregiverStatus.UNKNOWN
        and p.id not in flagged
        and visits.of(p.id)[-1][0] >= since
    ]
    chosen = weighted_sample(rng, candidates, [1.0] * len(candidates), sim.scaled(RECENT))
    for p in chosen:
        _, at = visits.of(p.id)[-1]
        reason = rng.choice((FlagReason.SEEMS_CAREGIVER, FlagReason.TIRED_ISOLATED))
        flag(p, reason, at + dt.timedelta(minutes=rng.randint(20, 90)), None, rng.random() < 0.3)
