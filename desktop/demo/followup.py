"""Referrals to partners, reminders, and each case's resulting status."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from desktop.demo import catalogue, texts
from desktop.demo.cases import CasePlan, Track
from desktop.demo.confidential import Sealer
from desktop.demo.context import Simulation
from desktop.models import Base, Referral, Reminder
from desktop.services.formatting import local, to_utc
from desktop.vocabulary import CaseStatus, HelpedSituation, InterventionKind, ReferralStatus

S = HelpedSituation
R = ReferralStatus
PARTNERS_BY_SITUATION = {
    S.AGE: (
        ("clic", 30),
        ("domicile", 25),
        ("repit", 15),
        ("tilleuls", 12),
        ("ccas_bdx", 10),
        ("mh", 10),
        ("jardin", 8),
        ("portage", 6),
        ("domcare", 6),
        ("ccas_merignac", 3),
    ),
    S.ILLNESS: (
        ("repit", 25),
        ("chu", 15),
        ("jardin", 12),
        ("asso", 12),
        ("clic", 10),
        ("domicile", 10),
        ("mh", 8),
        ("ccas_bdx", 8),
        ("repit_rd", 6),
        ("domcare", 5),
    ),
    S.DISABILITY: (
        ("repit", 30),
        ("asso", 25),
        ("repit_rd", 15),
        ("ccas_bdx", 10),
        ("mh", 10),
        ("ccas_merignac", 5),
    ),
}
ACTIVE = (R.PROPOSED, R.ACCEPTED, R.IN_PROGRESS)
SPECS = {spec.key: spec for spec in catalogue.SOCIAL_PARTNERS}


def plan_followup(
    sim: Simulation, cases: list[CasePlan], partners: dict[str, uuid.UUID], sealer: Sealer
) -> list[Base]:
    """Referrals and reminders of every case; sets each case's status."""
    rng = sim.rng("followup")
    names = {pid: SPECS[key].name for key, pid in partners.items() if key in SPECS}
    rows: list[Base] = []
    for plan in cases:
        referrals = _referrals(sim, rng, plan, partners, sealer)
        rows.extend(referrals)
        rows.extend(_reminders(sim, rng, plan, referrals, names, sealer))
        plan.case.status = _status(plan, referrals)
    return rows


def _referrals(
    sim: Simulation,
    rng: random.Random,
    plan: CasePlan,
    partners: dict[str, uuid.UUID],
    sealer: Sealer,
) -> list[Referral]:
    days = sorted({i.at for i in plan.interventions[1:]})
    if not days:
        return []
    if plan.track is Track.PSYCHOLOGIST:
        count = rng.choices((0, 1), weights=(70, 30))[0]
    else:
        count = rng.choices((0, 1, 2, 3), weights=(25, 40, 25, 10))[0]
    table = PARTNERS_BY_SITUATION[plan.context.situation]
    keys: list[str] = []
    while len(keys) < min(count, len(table)):
        key = rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]
        if key not in keys:
            keys.append(key)
    by = sim.staff.psychologue if plan.track is Track.PSYCHOLOGIST else sim.staff.social
    rows = []
    for key in keys:
        at = rng.choice(days)
        referred_on = local(at).date()
        if plan.case.closed_on is not None:
            status = rng.choices((R.DONE, R.DECLINED), weights=(70, 30))[0]
        elif (sim.today - referred_on).days > 90:
            status = rng.choices((R.DONE, R.DECLINED, R.IN_PROGRESS), weights=(50, 15, 35))[0]
        else:
            status = rng.choices(ACTIVE, weights=(35, 35, 30))[0]
        row = Referral(
            id=sim.new_id(at),
            case_id=plan.case.id,
            partner_id=partners[key],
            status=status,
            referred_on=referred_on,
            follow_up_on=referred_on + dt.timedelta(days=rng.randint(14, 60))
            if status in ACTIVE
            else None,
            by_user=by,
            deleted=False,
        )
        spec = SPECS[key]
        context = texts.TextContext(
            plan.context.female,
            plan.context.age,
            plan.context.relative,
            plan.context.situation,
            plan.context.detail,
            partner_name=spec.name,
            partner_kind=spec.kind,
        )
        row.notes_ct = sealer.seal(
            "referral", "notes_ct", row.id, texts.compose(rng, texts.TextKind.REFERRAL, context)
        )
        rows.append(row)
    return rows


def _reminders(
    sim: Simulation,
    rng: random.Random,
    plan: CasePlan,
    referrals: list[Referral],
    names: dict[uuid.UUID, str],
    sealer: Sealer,
) -> list[Reminder]:
    user = sim.staff.psychologue if plan.track is Track.PSYCHOLOGIST else sim.staff.social
    partner = next((names.get(r.partner_id) for r in referrals), None)
    context = texts.TextContext(
        plan.context.female,
        plan.context.age,
        plan.context.relative,
        plan.context.situation,
        plan.context.detail,
        partner_name=partner or "le partenaire",
    )
    last = (
        plan.interventions[-1].at
        if plan.interventions
        else to_utc(plan.case.opened_on, dt.time(12))
    )
    wanted: list[tuple[dt.date, bool, dt.datetime]] = []
    if len(plan.interventions) >= 3:
        past = rng.choice(plan.interventions[:-1]).at
        wanted.append((local(past).date() + dt.timedelta(days=14), True, past))
    if plan.case.closed_on is None:
        for _ in range(rng.choice((1, 1, 2))):
            due = sim.today + dt.timedelta(days=rng.randint(-10, 30))
            wanted.append((due, False, min(last, sim.now)))
    rows = []
    for due, done, created in wanted:
        row = Reminder(
            id=sim.new_id(created),
            case_id=plan.case.id,
            user_id=user,
            due_on=due,
            done=done,
            created_at=created,
            deleted=False,
        )
        row.text_ct = sealer.seal(
            "reminder", "text_ct", row.id, texts.compose(rng, texts.TextKind.REMINDER, context)
        )
        rows.append(row)
    return rows


def _status(plan: CasePlan, referrals: list[Referral]) -> CaseStatus:
    if plan.case.closed_on is not None:
        return CaseStatus.CLOSED
    if not plan.interventions:
        return CaseStatus.SPOTTED
    if any(r.status in ACTIVE for r in referrals):
        return CaseStatus.REFERRAL
    interviews = [i for i in plan.interventions if i.kind is not InterventionKind.CALL]
    return CaseStatus.SUPPORT if len(interviews) >= 2 else CaseStatus.FIRST_INTERVIEW
