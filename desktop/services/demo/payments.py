"""Every payment the demo's history implies, waiting for the cash service (issue 3).

TODO(issue 3): the cash service (receipts numbered per series and year, hash chain, daily
closings) is being written on branch ``cash``. Until it is merged, the demo creates
memberships with ``receipt_id=None`` and registrations with ``receipt_line_id=None``, and
only *plans* the payments: ``plan_payments`` lists them (one ``PlannedPayment`` per person,
day and way of paying, with its lines), and ``_settle_payments`` is the single place that
must turn them into receipts through the cash service. Today it only counts them.
Free sessions cost nothing and plan no payment.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.services.demo.attendance import RegistrationPlan
from desktop.services.demo.context import Simulation
from desktop.services.demo.memberships import MembershipPlan, ReducedPlan
from desktop.services.formatting import date_short, local, time_short
from desktop.services.setup import DEFAULT_TARIFFS
from desktop.vocabulary import (
    TARIFF_LABELS,
    PaymentMethod,
    ReceiptLineKind,
    RegistrationStatus,
    TariffCode,
)

_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.CHEQUE, PaymentMethod.TRANSFER)
ON_SITE_SHARES = (40, 42, 15, 3)
WITH_MEMBERSHIP_SHARES = (28, 37, 30, 5)
REMOTE_SHARES = (0, 60, 0, 40)


@dataclass(frozen=True)
class PlannedLine:
    kind: ReceiptLineKind
    label: str  # French, as printed on the receipt
    tariff_code: TariffCode
    unit_cents: int
    occurrence_id: uuid.UUID | None = None
    membership_id: uuid.UUID | None = None
    registration_id: uuid.UUID | None = None  # to link Registration.receipt_line_id


@dataclass(frozen=True)
class PlannedPayment:
    at: dt.datetime  # aware UTC, the simulated moment of payment
    person_id: uuid.UUID
    payer_label: str
    method: PaymentMethod
    issued_by: uuid.UUID
    lines: tuple[PlannedLine, ...]

    @property
    def total_cents(self) -> int:
        return sum(line.unit_cents for line in self.lines)


def _periods(
    items: list[tuple[uuid.UUID, dt.date, dt.date]],
) -> dict[uuid.UUID, list[tuple[dt.date, dt.date]]]:
    periods: dict[uuid.UUID, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for person_id, first, last in items:
        periods[person_id].append((first, last))
    return periods


def _within(periods: list[tuple[dt.date, dt.date]], day: dt.date) -> bool:
    return any(first <= day <= last for first, last in periods)


def session_tariff(is_member: bool, is_reduced: bool) -> TariffCode:
    """The cheapest tier a person is entitled to (reduced 4,50 € beats member 6 €)."""
    if is_reduced:
        return TariffCode.REDUCED
    return TariffCode.MEMBER if is_member else TariffCode.FULL


def plan_payments(
    sim: Simulation,
    registrations: list[RegistrationPlan],
    memberships: list[MembershipPlan],
    reduced: list[ReducedPlan],
) -> list[PlannedPayment]:
    """The one list of payments of the demo's history, in time order."""
    rng = sim.rng("payments")
    member = _periods([(m.person.id, m.valid_from, m.valid_until) for m in memberships])
    reduced_periods = _periods(
        [(r.person.id, r.decided_on, r.valid_until or dt.date.max) for r in reduced]
    )
    groups: dict[tuple[uuid.UUID, dt.date, bool], list] = {}  # type: ignore[type-arg]
    names: dict[uuid.UUID, str] = {}
    occurrence_labels: dict[uuid.UUID, str] = {}  # Babel formatting is slow: once per session

    def add(person, day: dt.date, remote: bool, at: dt.datetime, line: PlannedLine) -> None:  # type: ignore[no-untyped-def]
        names[person.id] = person.full_name
        group = groups.setdefault((person.id, day, remote), [at, []])
        group[0] = min(group[0], at)
        group[1].append(line)

    for m in memberships:
        line = PlannedLine(
            kind=ReceiptLineKind.MEMBERSHIP,
            label=f"{TARIFF_LABELS[TariffCode.MEMBERSHIP]} du {date_short(m.valid_from)} "
            f"au {date_short(m.valid_until)}",
            tariff_code=TariffCode.MEMBERSHIP,
            unit_cents=DEFAULT_TARIFFS[TariffCode.MEMBERSHIP],
            membership_id=m.id,
        )
        add(m.person, local(m.taken_at).date(), False, m.taken_at, line)
    for r in registrations:
        occ = r.occurrence
        spec = occ.activity.spec
        if r.status is not RegistrationStatus.PRESENT or not spec.paid:
            continue
        person_id = r.person.id
        code = session_tariff(
            _within(member.get(person_id, []), occ.day),
            _within(reduced_periods.get(person_id, []), occ.day),
        )
        when = occurrence_labels.get(occ.id)
        if when is None:
            when = occurrence_labels[occ.id] = f"{date_short(occ.day)} {time_short(occ.starts_at)}"
        line = PlannedLine(
            kind=ReceiptLineKind.SESSION,
            label=f"{spec.title} – {when} ({TARIFF_LABELS[code].lower()})",
            tariff_code=code,
            unit_cents=DEFAULT_TARIFFS[code],
            occurrence_id=occ.id,
            registration_id=r.id,
        )
        if spec.remote:
            at = occ.starts_at - dt.timedelta(hours=rng.randint(2, 48))
            add(r.person, local(at).date(), True, at, line)
        else:
            at = occ.starts_at - dt.timedelta(minutes=rng.randint(3, 15))
            add(r.person, occ.day, False, at, line)
    payments = []
    for (person_id, _day, remote), (at, lines) in sorted(
        groups.items(), key=lambda item: (item[1][0], item[0][0], item[0][2])
    ):
        if remote:
            shares = REMOTE_SHARES
        elif any(line.kind is ReceiptLineKind.MEMBERSHIP for line in lines):
            shares = WITH_MEMBERSHIP_SHARES
        else:
            shares = ON_SITE_SHARES
        payments.append(
            PlannedPayment(
                at=at,
                person_id=person_id,
                payer_label=names[person_id],
                method=rng.choices(_METHODS, weights=shares)[0],
                issued_by=rng.choices(sim.staff.front_desk, weights=(70, 22, 8))[0],
                lines=tuple(lines),
            )
        )
    return payments


def _settle_payments(session: Session, payments: list[PlannedPayment]) -> int:
    """Turn the planned payments into receipts; returns how many were settled.

    TODO(issue 3): call the cash service here for each payment, in time order (it numbers
    the receipts, chains their hashes and should write the daily closings), then link
    ``Membership.receipt_id`` and ``Registration.receipt_line_id`` from the lines'
    ``membership_id`` / ``registration_id``. Until then nothing is written: it only counts.
    """
    del session
    return len(payments)
