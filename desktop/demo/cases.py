"""Confidential caregiver follow-up: cases, referents, relatives, interventions, notes.

At scale 1, 132 caregivers are followed by the social worker only, 30 by the psychologist
only and 37 by both (the seed's figures). In-person interviews happen on open days (the
psychologist comes on Thursdays) and are also visits; during lockdowns they become calls.
Referrals and reminders are in ``followup``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import uuid
from dataclasses import dataclass, field, replace
from enum import Enum

from desktop.demo import texts
from desktop.demo.attendance import VisitBook
from desktop.demo.confidential import Sealer
from desktop.demo.context import Simulation, weighted_sample
from desktop.demo.people import OpenDays, PersonPlan
from desktop.models import Base, Case, CaseNote, CaseReferent, HelpedRelative, Intervention
from desktop.services.formatting import local, to_utc
from desktop.vocabulary import (
    AgeBracket,
    CaregiverStatus,
    CaseStatus,
    Employment,
    Gender,
    HelpedSituation,
    IdentifiedHow,
    InterventionKind,
    NoteLevel,
    VisitReason,
)

SOCIAL_ONLY, PSYCHOLOGIST_ONLY, BOTH = 132, 30, 37
K = InterventionKind
SOCIAL_KINDS = (K.SOCIAL_INTERVIEW, K.CALL, K.HOME_VISIT, K.PARTNER_MEETING, K.OTHER)
SOCIAL_WEIGHTS = (50, 30, 8, 7, 5)
MINUTES = {
    K.SOCIAL_INTERVIEW: (45, 60),
    K.PSYCHOLOGICAL_INTERVIEW: (45, 60),
    K.CALL: (10, 25),
    K.HOME_VISIT: (60, 90),
    K.PARTNER_MEETING: (45, 90),
    K.OTHER: (60, 120),
}
ON_SITE = (K.SOCIAL_INTERVIEW, K.PSYCHOLOGICAL_INTERVIEW, K.OTHER)
PSYCHOLOGIST_DAY = 3  # Thursday
MEETING_PARTNERS = ("le CLIC", "le CCAS", "la plateforme de répit", "le service d'aide à domicile")


class Track(Enum):
    SOCIAL = "social"
    PSYCHOLOGIST = "psychologue"
    BOTH = "both"


@dataclass(slots=True)
class CasePlan:
    case: Case
    person: PersonPlan
    track: Track
    context: texts.TextContext
    end: dt.date  # last day of follow-up (today when still open)
    interventions: list[Intervention] = field(default_factory=list)
    rows: list[Base] = field(default_factory=list)  # referents, relatives, notes


def _bracket(age: int) -> AgeBracket:
    for limit, bracket in (
        (30, AgeBracket.UNDER_30),
        (45, AgeBracket.FROM_30_TO_44),
        (60, AgeBracket.FROM_45_TO_59),
        (75, AgeBracket.FROM_60_TO_74),
    ):
        if age < limit:
            return bracket
    return AgeBracket.FROM_75


def _relative(rng: random.Random, p: PersonPlan) -> tuple[str, str, int, HelpedSituation]:
    """(relation, phrase, age, situation) of one helped relative."""
    female = p.gender is not Gender.MALE
    S = HelpedSituation
    options = [
        ("Mère", "sa mère", p.age + rng.randint(22, 35), (60, 35, 5), 32),
        ("Père", "son père", p.age + rng.randint(24, 38), (55, 40, 5), 16),
        (
            "Conjoint" if female else "Conjointe",
            "son conjoint" if female else "sa conjointe",
            p.age + rng.randint(-4, 6),
            (20, 65, 15),
            26,
        ),
        ("Fils", "son fils", p.age - rng.randint(22, 36), (0, 25, 75), 8),
        ("Fille", "sa fille", p.age - rng.randint(22, 36), (0, 25, 75), 7),
        ("Frère", "son frère", p.age + rng.randint(-8, 8), (10, 45, 45), 4),
        ("Sœur", "sa sœur", p.age + rng.randint(-8, 8), (10, 45, 45), 4),
        ("Belle-mère", "sa belle-mère", p.age + rng.randint(22, 35), (70, 30, 0), 3),
    ]
    relation, phrase, age, situations, _ = rng.choices(options, weights=[o[4] for o in options])[0]
    situation = rng.choices((S.AGE, S.ILLNESS, S.DISABILITY), weights=situations)[0]
    return relation, phrase, max(2, min(104, age)), situation


def plan_cases(
    sim: Simulation, days: OpenDays, persons: list[PersonPlan], visits: VisitBook, sealer: Sealer
) -> list[CasePlan]:
    """Cases of the followed caregivers, with their interventions and notes."""
    return _CaseBuilder(sim, days, visits, sealer).build(persons)


class _CaseBuilder:
    def __init__(self, sim: Simulation, days: OpenDays, visits: VisitBook, sealer: Sealer) -> None:
        self.sim, self.days, self.visits, self.sealer = sim, days, visits, sealer
        self.rng = sim.rng("cases")
        self.staff = sim.staff

    def build(self, persons: list[PersonPlan]) -> list[CasePlan]:
        sim, rng = self.sim, self.rng
        caregivers = [
            p
            for p in persons
            if p.caregiver in (CaregiverStatus.ON_ARRIVAL, CaregiverStatus.REVEALED)
            and p.caregiver_at is not None
            and local(p.caregiver_at).date() < sim.today - dt.timedelta(days=1)
        ]
        tracks = (
            [Track.SOCIAL] * sim.scaled(SOCIAL_ONLY)
            + [Track.PSYCHOLOGIST] * sim.scaled(PSYCHOLOGIST_ONLY)
            + [Track.BOTH] * sim.scaled(BOTH)
        )
        rng.shuffle(tracks)
        weights = [3.0 if p.returning else 0.5 for p in caregivers]
        followed = weighted_sample(rng, caregivers, weights, min(len(tracks), len(caregivers)))
        followed.sort(key=lambda p: p.number)
        plans = []
        for i, (p, track) in enumerate(zip(followed, tracks, strict=False)):
            if i % 200 == 0:
                sim.progress.check()
            plans.append(self.case(p, track))
        return plans

    def seal(
        self,
        table: str,
        column: str,
        row_id: uuid.UUID,
        kind: texts.TextKind,
        context: texts.TextContext,
        level: NoteLevel | None = None,
    ) -> bytes:
        text = texts.compose(self.rng, kind, context)
        return self.sealer.seal(table, column, row_id, text, level)

    def case(self, p: PersonPlan, track: Track) -> CasePlan:
        sim, rng, staff = self.sim, self.rng, self.staff
        assert p.caregiver_at is not None
        start = local(p.caregiver_at).date() + dt.timedelta(days=rng.randint(0, 14))
        opened_on = min(start, sim.today - dt.timedelta(days=1))
        end = opened_on + dt.timedelta(days=round(rng.lognormvariate(math.log(200), 0.8)))
        closed = end < sim.today - dt.timedelta(days=14) and rng.random() < 0.85
        if not closed:
            end = sim.today - dt.timedelta(days=1)
        relation, phrase, relative_age, situation = _relative(rng, p)
        context = texts.TextContext(
            female=p.gender is not Gender.MALE,
            age=p.age + (opened_on.year - p.first_day.year),
            relative=phrase,
            situation=situation,
            detail=rng.choice(texts.DETAILS[situation]),
            employed=p.employment in (Employment.EMPLOYED, Employment.SELF_EMPLOYED),
        )
        opened_at = to_utc(opened_on, dt.time(rng.randint(10, 16), 5 * rng.randrange(12)))
        social_led = track is not Track.PSYCHOLOGIST
        case = Case(
            id=sim.new_id(opened_at),
            person_id=p.id,
            status=CaseStatus.SPOTTED,
            identified_how=IdentifiedHow.ON_ARRIVAL
            if p.caregiver is CaregiverStatus.ON_ARRIVAL
            else IdentifiedHow.REVEALED,
            shared_secrecy_consent_at=opened_at
            if track is Track.BOTH or rng.random() < 0.6
            else None,
            opened_on=opened_on,
            closed_on=end if closed else None,
            created_by=staff.social if social_led else staff.psychologue,
            deleted=False,
        )
        case.summary_ct = self.seal(
            "care_case", "summary_ct", case.id, texts.TextKind.CASE_SUMMARY, context
        )
        plan = CasePlan(case=case, person=p, track=track, context=context, end=end)
        referents = [staff.social] if social_led else []
        if track is not Track.SOCIAL:
            referents.append(staff.psychologue)
        for user in referents:
            plan.rows.append(
                CaseReferent(id=sim.new_id(opened_at), case_id=case.id, user_id=user, deleted=False)
            )
        self.relatives(plan, relation, relative_age, situation, opened_at)
        if not ((sim.today - opened_on).days <= 10 and rng.random() < 0.5):
            if social_led:
                self.social_track(plan)
            if track is not Track.SOCIAL:
                self.psychologist_track(plan, first=track is Track.PSYCHOLOGIST)
        plan.interventions.sort(key=lambda i: (i.at, i.id))
        for intervention in plan.interventions:
            if intervention.kind in ON_SITE:
                day = local(intervention.at).date()
                at = intervention.at - dt.timedelta(minutes=5)
                self.visits.add(p.id, day, at, VisitReason.SUPPORT)
            self.notes(plan, intervention)
        return plan

    def relatives(
        self, plan: CasePlan, relation: str, age: int, situation: HelpedSituation, at: dt.datetime
    ) -> None:
        rng = self.rng
        context = plan.context
        for i in range(2 if rng.random() < 0.15 else 1):
            if i:
                relation, phrase, age, situation = _relative(rng, plan.person)
                context = texts.TextContext(
                    context.female,
                    context.age,
                    phrase,
                    situation,
                    rng.choice(texts.DETAILS[situation]),
                )
            row = HelpedRelative(
                id=self.sim.new_id(at),
                case_id=plan.case.id,
                relation=relation,
                age_bracket=_bracket(age),
                situation=situation,
                deleted=False,
            )
            row.details_ct = self.seal(
                "helped_relative", "details_ct", row.id, texts.TextKind.RELATIVE_DETAILS, context
            )
            plan.rows.append(row)

    def social_track(self, plan: CasePlan) -> None:
        rng = self.rng
        day = plan.case.opened_on
        self.intervention(plan, K.SOCIAL_INTERVIEW, day, self.staff.social)
        for _ in range(rng.randint(1, 15)):
            day += dt.timedelta(days=rng.randint(10, 45))
            if day > plan.end:
                break
            kind = rng.choices(SOCIAL_KINDS, weights=SOCIAL_WEIGHTS)[0]
            self.intervention(plan, kind, day, self.staff.social)

    def psychologist_track(self, plan: CasePlan, *, first: bool) -> None:
        rng = self.rng
        day = plan.case.opened_on + dt.timedelta(days=0 if first else rng.randint(7, 40))
        for _ in range(rng.randint(1, 12)):
            if day > plan.end:
                break
            kind = K.PSYCHOLOGICAL_INTERVIEW if rng.random() < 0.85 else K.CALL
            self.intervention(plan, kind, day, self.staff.psychologue, PSYCHOLOGIST_DAY)
            day += dt.timedelta(days=rng.randint(14, 35))

    def intervention(
        self,
        plan: CasePlan,
        kind: InterventionKind,
        day: dt.date,
        user: uuid.UUID,
        weekday: int | None = None,
    ) -> None:
        sim, rng = self.sim, self.rng
        if kind in ON_SITE:
            on_site = _on_site_day(self.days, day, weekday)
            if on_site is None:  # closed (a lockdown): the interview becomes a call
                kind = K.CALL
            else:
                day = on_site
        if kind not in ON_SITE:
            day = _working_day(day)
        if day > plan.end or day >= sim.today:
            return
        if kind in ON_SITE:
            at = self.days.moment(rng, day)
        else:
            at = to_utc(day, dt.time(rng.randint(9, 16), 5 * rng.randrange(12)))
        row = Intervention(
            id=sim.new_id(at),
            case_id=plan.case.id,
            kind=kind,
            at=at,
            duration_minutes=rng.randint(*MINUTES[kind]),
            by_user=user,
            deleted=False,
        )
        if rng.random() < 0.7:
            partner = rng.choice(MEETING_PARTNERS)
            context = replace(plan.context, intervention=kind, partner_name=partner)
            row.summary_ct = self.seal(
                "intervention", "summary_ct", row.id, texts.TextKind.INTERVENTION, context
            )
        plan.interventions.append(row)

    def notes(self, plan: CasePlan, intervention: Intervention) -> None:
        """Notes written after an intervention: team notes, psychologist-only notes."""
        rng = self.rng
        by_psychologist = intervention.by_user == self.staff.psychologue
        wanted: list[NoteLevel] = []
        if by_psychologist:
            if intervention.kind is K.PSYCHOLOGICAL_INTERVIEW and rng.random() < 0.75:
                wanted.append(NoteLevel.PSYCHOLOGIST)
            if rng.random() < 0.25:
                wanted.append(NoteLevel.TEAM)
        elif rng.random() < (0.25 if intervention.kind is K.CALL else 0.75):
            wanted.append(NoteLevel.TEAM)
        end = intervention.at + dt.timedelta(minutes=intervention.duration_minutes)
        for level in wanted:
            written_at = min(end + dt.timedelta(minutes=rng.randint(5, 26 * 60)), self.sim.now)
            row = CaseNote(
                id=self.sim.new_id(written_at),
                case_id=plan.case.id,
                level=level,
                key_version=1,
                author_id=intervention.by_user,
                written_at=written_at,
                deleted=False,
            )
            kind = (
                texts.TextKind.PSYCHOLOGIST_NOTE
                if level is NoteLevel.PSYCHOLOGIST
                else texts.TextKind.TEAM_NOTE
            )
            row.body_ct = self.seal("case_note", "body_ct", row.id, kind, plan.context, level)
            plan.rows.append(row)


def _on_site_day(days: OpenDays, day: dt.date, weekday: int | None = None) -> dt.date | None:
    """The first open day on or after ``day`` (on that weekday if given), within three weeks."""
    for candidate in days.after(day, day + dt.timedelta(days=21)):
        if weekday is None or candidate.weekday() == weekday:
            return candidate
    return None


def _working_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day
