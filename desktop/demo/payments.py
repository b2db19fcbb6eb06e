"""Every payment the demo's history implies, planned before the cash service issues it.

``plan_payments`` lists them in time order: one ``PlannedPayment`` per person, day and way
of paying (on site, or ahead for a remote session), with its lines (a membership, session
places) and the tier each place must be charged. ``till.settle_payments`` issues them
through the cash service, which prices them itself: the plan computes the same tiers from
the same facts (memberships already issued or in the same basket, reduced-price
decisions in force on the session day), and the till counts any disagreement (none is
expected; tests assert it). Free sessions cost nothing and plan no payment.

A few payments are first issued wrong (the wrong payment method, or a session sold at full
price while the person is joining in the same visit), then cancelled and issued again, as
happens at a real desk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass

from desktop.demo.attendance import RegistrationPlan
from desktop.demo.context import Simulation
from desktop.demo.memberships import MembershipPlan, ReducedPlan
from desktop.demo.people import PersonPlan
from desktop.services.formatting import local
from desktop.services.setup import DEFAULT_TARIFFS
from desktop.vocabulary import PaymentMethod, ReceiptLineKind, RegistrationStatus, TariffCode

_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.CHEQUE, PaymentMethod.TRANSFER)
ON_SITE_SHARES = (40, 42, 15, 3)
WITH_MEMBERSHIP_SHARES = (28, 37, 30, 5)
REMOTE_SHARES = (0, 60, 0, 40)
EXACT_CASH_RATE = 0.45  # otherwise a banknote, and the change is given back
BANKNOTES = (500, 1000, 2000, 5000)
MISTAKE_RATE = 0.0012  # about a dozen corrected receipts over the years at scale 1
CORRECTION_GAP = dt.timedelta(minutes=4)  # room needed before the next payment


class Mistake(enum.Enum):
    WRONG_METHOD = "wrong_method"
    FORGOTTEN_MEMBERSHIP = "forgotten_membership"


@dataclass(frozen=True)
class PlannedLine:
    kind: ReceiptLineKind
    tariff_code: TariffCode  # the tier the cash service is expected to charge
    unit_cents: int
    occurrence_id: uuid.UUID | None = None
    membership: MembershipPlan | None = None
    member_by_basket: bool = False  # member price only thanks to this receipt's membership


@dataclass(frozen=True)
class PlannedPayment:
    at: dt.datetime  # aware UTC, the simulated moment of payment
    person_id: uuid.UUID
    payer_label: str
    method: PaymentMethod
    issued_by: uuid.UUID
    lines: tuple[PlannedLine, ...]
    tendered_cents: int | None = None  # cash: the banknote given (None: the exact amount)
    cheque_number: str = ""
    mistake: Mistake | None = None  # first issued wrong, then cancelled and issued again

    @property
    def total_cents(self) -> int:
        return sum(line.unit_cents for line in self.lines)


def _within(periods: list[tuple[dt.date, dt.date]], day: dt.date) -> bool:
    return any(first <= day <= last for first, last in periods)


def session_tariff(is_member: bool, is_reduced: bool) -> TariffCode:
    """The cheapest tier a person is entitled to (reduced 4,50 € beats member 6 €)."""
    if is_reduced:
        return TariffCode.REDUCED
    return TariffCode.MEMBER if is_member else TariffCode.FULL


@dataclass
class _Group:
    at: dt.datetime
    person: PersonPlan
    memberships: list[MembershipPlan]
    places: list[RegistrationPlan]


def plan_payments(
    sim: Simulation,
    registrations: list[RegistrationPlan],
    memberships: list[MembershipPlan],
    reduced: list[ReducedPlan],
) -> list[PlannedPayment]:
    """The one list of payments of the demo's history, in time order."""
    rng = sim.rng("payments")
    groups: dict[tuple[uuid.UUID, dt.date, bool], _Group] = {}

    def group(person: PersonPlan, day: dt.date, remote: bool, at: dt.datetime) -> _Group:
        found = groups.get((person.id, day, remote))
        if found is None:
            found = groups[(person.id, day, remote)] = _Group(at, person, [], [])
        found.at = min(found.at, at)
        return found

    for m in memberships:
        group(m.person, local(m.taken_at).date(), False, m.taken_at).memberships.append(m)
    for r in registrations:
        occ = r.occurrence
        spec = occ.activity.spec
        if r.status is not RegistrationStatus.PRESENT or not spec.paid:
            continue
        if spec.remote:
            at = occ.starts_at - dt.timedelta(hours=rng.randint(2, 48))
            group(r.person, local(at).date(), True, at).places.append(r)
        else:
            at = occ.starts_at - dt.timedelta(minutes=rng.randint(3, 15))
            group(r.person, occ.day, False, at).places.append(r)
    reduced_periods: dict[uuid.UUID, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for d in reduced:
        until = d.valid_until or dt.date.max
        reduced_periods[d.person.id].append((local(d.decided_at).date(), until))
    issued: dict[uuid.UUID, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    desk: dict[tuple[int, int], uuid.UUID] = {}  # one person holds the till each week
    payments = []
    ordered = sorted(groups.items(), key=lambda item: (item[1].at, item[0][0], item[0][2]))
    for (person_id, _day, remote), g in ordered:
        lines = [
            PlannedLine(
                ReceiptLineKind.MEMBERSHIP,
                TariffCode.MEMBERSHIP,
                DEFAULT_TARIFFS[TariffCode.MEMBERSHIP],
                membership=m,
            )
            for m in g.memberships
        ]
        basket = [(m.valid_from, m.valid_until) for m in g.memberships]
        for r in g.places:
            day = r.occurrence.day
            already = _within(issued[person_id], day)
            code = session_tariff(
                already or _within(basket, day), _within(reduced_periods[person_id], day)
            )
            lines.append(
                PlannedLine(
                    ReceiptLineKind.SESSION,
                    code,
                    DEFAULT_TARIFFS[code],
                    r.occurrence.id,
                    member_by_basket=code is TariffCode.MEMBER and not already,
                )
            )
        issued[person_id].extend(basket)
        if remote:
            shares = REMOTE_SHARES
        elif g.memberships:
            shares = WITH_MEMBERSHIP_SHARES
        else:
            shares = ON_SITE_SHARES
        method = rng.choices(_METHODS, weights=shares)[0]
        total = sum(line.unit_cents for line in lines)
        tendered = None
        cheque = ""
        if method is PaymentMethod.CASH and rng.random() >= EXACT_CASH_RATE:
            notes = [note for note in BANKNOTES if note > total]
            tendered = notes[0] if notes else None
        elif method is PaymentMethod.CHEQUE:
            cheque = f"{rng.randint(1, 9_999_999):07d}"
        payments.append(
            PlannedPayment(
                at=g.at,
                person_id=person_id,
                payer_label=g.person.full_name,
                method=method,
                issued_by=_on_desk(rng, sim, desk, local(g.at).date()),
                lines=tuple(lines),
                tendered_cents=tendered,
                cheque_number=cheque,
            )
        )
    return _with_mistakes(sim, payments)


def week_of(day: dt.date) -> tuple[int, int]:
    """(ISO year, ISO week): the till is held by one person a week."""
    year, week, _ = day.isocalendar()
    return year, week


def _on_desk(
    rng: random.Random, sim: Simulation, desk: dict[tuple[int, int], uuid.UUID], day: dt.date
) -> uuid.UUID:
    who = desk.get(week_of(day))
    if who is None:
        who = desk[week_of(day)] = rng.choices(sim.staff.front_desk, weights=(70, 22, 8))[0]
    return who


def _with_mistakes(sim: Simulation, payments: list[PlannedPayment]) -> list[PlannedPayment]:
    """Mark a few payments as first issued wrong (room is left before the next payment)."""
    rng = sim.rng("corrections")
    marked = []
    for i, p in enumerate(payments):
        mistake = None
        if rng.random() < MISTAKE_RATE:
            following = payments[i + 1].at if i + 1 < len(payments) else None
            fits = following is None or following - p.at >= CORRECTION_GAP
            same_day = local(p.at + CORRECTION_GAP).date() == local(p.at).date()
            if fits and same_day:
                mistake = _mistake_for(p)
        marked.append(p if mistake is None else dataclasses.replace(p, mistake=mistake))
    return marked


def _mistake_for(p: PlannedPayment) -> Mistake | None:
    if any(line.member_by_basket for line in p.lines):
        return Mistake.FORGOTTEN_MEMBERSHIP  # sold at full price, then the person joins
    if all(line.kind is ReceiptLineKind.SESSION for line in p.lines):
        return Mistake.WRONG_METHOD
    return None
