"""The reception's till over the years: every planned payment goes through the cash service.

Receipts are issued in time order by ``issue_receipt`` (the one payment path, with its
numbering, chain, memberships and paid places), a few are cancelled and issued again, and
every day with receipts is closed that evening (``close_day``), then each finished month
and year, as the reception would have done. Today stays open. The till sets the session's
clock (a ``ManualClock`` with seeded ids) to each moment before calling the service, so
the receipts' and closings' hashes are the same for a given seed and day.

One person holds the till each week, and the till enters a week's sales before that
week's closings (dated each evening): the service allows it (a day can be closed while
later receipts exist) and the records are the same as if entered day by day. The whole
history is one unit of work (the demo batches its own writes).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.demo.context import Simulation
from desktop.demo.ids import IdFactory
from desktop.demo.payments import Mistake, PlannedLine, PlannedPayment, week_of
from desktop.models import Activity, Occurrence, Person, User
from desktop.services.cash.closings import close_day, close_month, close_year
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.queries import ReceiptInfo
from desktop.services.cash.receipts import cancel_receipt, issue_receipt
from desktop.services.clock import ManualClock
from desktop.services.formatting import local, to_utc
from desktop.services.permissions import Actor
from desktop.services.users import get_actor
from desktop.vocabulary import PaymentMethod, ReceiptLineKind

DAY_CLOSED_AT = dt.time(19, 0)  # the desk closes the till in the evening…
PERIOD_CLOSED_AT = dt.time(19, 30)  # … and on a month's last day, the manager the month
CLOSING_AFTER = dt.timedelta(minutes=5)  # after a late receipt (remote sessions)
WRONG_METHOD = {
    PaymentMethod.CASH: PaymentMethod.CARD,
    PaymentMethod.CARD: PaymentMethod.CASH,
    PaymentMethod.CHEQUE: PaymentMethod.CARD,
    PaymentMethod.TRANSFER: PaymentMethod.CARD,
}
REASONS = {
    Mistake.WRONG_METHOD: "Erreur de moyen de paiement à la saisie : reçu refait.",
    Mistake.FORGOTTEN_MEMBERSHIP: (
        "Tarif erroné : l'adhésion prise le jour même avait été oubliée, séance reprise "
        "au tarif adhérent avec l'adhésion."
    ),
}


@dataclass(frozen=True)
class TillSummary:
    receipts: int  # cancelling receipts and re-issued ones included
    cancellations: int
    day_closings: int
    period_closings: int  # monthly and yearly
    disagreements: int  # lines the service charged at another tier than planned (0 expected)


class Till:
    """Issues the receipts of one simulated history and closes its past days and periods."""

    def __init__(self, session: Session, sim: Simulation, clock: ManualClock) -> None:
        self.session = session
        self.sim = sim
        self.clock = clock
        clock.ids = IdFactory(sim.rng("cash-ids"))
        # What every sale reads by id, loaded at once and held: the session then finds it in
        # its identity map (it holds rows weakly) instead of querying for each sale.
        self.held = [
            row
            for model in (Person, Activity, Occurrence, User)
            for row in session.scalars(select(model))
        ]
        self.actors = {uid: get_actor(session, uid) for uid in sim.staff.front_desk}
        self.manager = get_actor(session, sim.staff.direction)
        self.receipts = self.cancellations = self.days = self.periods = self.disagreements = 0
        self.open_day: dt.date | None = None  # the day whose receipts are not closed yet
        self.open_actor: Actor | None = None  # who was on the desk that day
        self.last_at: dt.datetime | None = None  # the latest receipt
        self.last_closing: dt.datetime | None = None
        self.next_month: dt.date | None = None  # first day of the first month not closed

    def run(self, payments: list[PlannedPayment], start: float, end: float) -> TillSummary:
        """Issue everything in time order (progress from ``start`` to ``end``)."""
        total = max(1, len(payments))
        done = 0
        for week in _weeks(payments):
            actor = self.actors[week[0].issued_by]
            if self.next_month is None:
                self.next_month = local(week[0].at).date().replace(day=1)
            ends = self._issue_week(actor, week)
            for day, last_at in ends:  # each evening's closing, in order
                self._close_before(day)
                self.open_day, self.open_actor, self.last_at = day, actor, last_at
            done += len(week)
            self.sim.progress.report(start + (end - start) * done / total)
        self._close_before(self.sim.today)
        return TillSummary(
            self.receipts, self.cancellations, self.days, self.periods, self.disagreements
        )

    def _issue_week(
        self, actor: Actor, payments: list[PlannedPayment]
    ) -> list[tuple[dt.date, dt.datetime]]:
        """Plain sales go to the service together, corrections alone, all in time order.

        Returns each day of the week with its last receipt's moment.
        """
        ends: dict[dt.date, dt.datetime] = {}
        plain: list[PlannedPayment] = []
        for payment in payments:
            if payment.mistake is None:
                plain.append(payment)
                last = payment.at
            else:
                self._issue(actor, plain)
                plain = []
                last = self._correct(actor, payment)
            ends[local(payment.at).date()] = last
        self._issue(actor, plain)
        return sorted(ends.items())

    def _issue(self, actor: Actor, payments: list[PlannedPayment]) -> None:
        for payment in payments:
            info = self._receipt(actor, _draft(payment, payment.lines, payment.method), payment.at)
            self._compare(payment, info)
        self.receipts += len(payments)

    def _receipt(self, actor: Actor, draft: ReceiptDraft, at: dt.datetime) -> ReceiptInfo:
        self.clock.set(at)
        return issue_receipt(self.session, actor, draft)

    def _correct(self, actor: Actor, payment: PlannedPayment) -> dt.datetime:
        """Issue it wrong, cancel it a minute later with the reason, then issue it right."""
        assert payment.mistake is not None
        at = payment.at
        if payment.mistake is Mistake.FORGOTTEN_MEMBERSHIP:
            sessions = tuple(li for li in payment.lines if li.kind is ReceiptLineKind.SESSION)
            wrong = _draft(payment, sessions, payment.method)
        else:
            wrong = _draft(payment, payment.lines, WRONG_METHOD[payment.method])
        first = self._receipt(actor, wrong, at)
        self.clock.set(at + dt.timedelta(minutes=1))
        cancel_receipt(self.session, actor, first.id, REASONS[payment.mistake])
        right = _draft(payment, payment.lines, payment.method)
        info = self._receipt(actor, right, at + dt.timedelta(minutes=2))
        self._compare(payment, info)
        self.receipts += 3
        self.cancellations += 1
        return info.issued_at

    def _compare(self, payment: PlannedPayment, info: ReceiptInfo) -> None:
        for planned, line in zip(payment.lines, info.lines, strict=True):
            if planned.tariff_code is not line.tariff_code:
                self.disagreements += 1

    def _close_before(self, day: dt.date) -> None:
        """Close the open day if it is before ``day``, then every month ended before it."""
        if self.open_day is not None and self.open_day < day:
            assert self.last_at is not None and self.open_actor is not None
            moment = max(to_utc(self.open_day, DAY_CLOSED_AT), self.last_at + CLOSING_AFTER)
            self.clock.set(moment)
            close_day(self.session, self.open_actor, self.open_day)
            self.days += 1
            self.last_closing = moment
            self.open_day = None
        while self.next_month is not None:
            first = self.next_month
            end = first.replace(day=calendar.monthrange(first.year, first.month)[1])
            if end >= day:
                break
            self._close_month(first.year, first.month, end)
            self.next_month = end + dt.timedelta(days=1)

    def _close_month(self, year: int, month: int, end: dt.date) -> None:
        moment = to_utc(end, PERIOD_CLOSED_AT)
        if self.last_closing is not None:
            moment = max(moment, self.last_closing + dt.timedelta(minutes=2))
        self.clock.set(moment)
        close_month(self.session, self.manager, year, month)
        self.periods += 1
        if month == 12:
            moment += dt.timedelta(minutes=2)
            self.clock.set(moment)
            close_year(self.session, self.manager, year)
            self.periods += 1
        self.last_closing = moment


def _weeks(payments: list[PlannedPayment]) -> Iterator[list[PlannedPayment]]:
    """Runs of payments of one ISO week, Paris time (the payments are in time order)."""
    run: list[PlannedPayment] = []
    for payment in payments:
        if run and week_of(local(payment.at).date()) != week_of(local(run[0].at).date()):
            yield run
            run = []
        run.append(payment)
    if run:
        yield run


def _draft(
    payment: PlannedPayment,
    lines: tuple[PlannedLine, ...],
    method: PaymentMethod,
) -> ReceiptDraft:
    drafts = []
    for line in lines:
        if line.kind is ReceiptLineKind.MEMBERSHIP:
            assert line.membership is not None
            # The charter is signed at the desk, just before paying.
            drafts.append(DraftLine.membership(line.membership.met_team_on, charter_accepted=True))
        else:
            assert line.occurrence_id is not None
            drafts.append(DraftLine.session_place(line.occurrence_id))
    return ReceiptDraft(
        lines=tuple(drafts),
        payment=_payment(payment, method),
        person_id=payment.person_id,
        payer_label=payment.payer_label,
    )


def _payment(payment: PlannedPayment, method: PaymentMethod) -> Payment:
    if method is not payment.method:  # the mistaken receipt: exact cash or a card
        return Payment(method)
    if method is PaymentMethod.CASH:
        return Payment(method, tendered_cents=payment.tendered_cents)
    return Payment(method, cheque_number=payment.cheque_number)


def settle_payments(
    session: Session,
    sim: Simulation,
    clock: ManualClock,
    payments: list[PlannedPayment],
    start: float,
    end: float,
) -> TillSummary:
    """Issue every planned payment, close the past days, months and years (``clock``: the
    session's clock, which the till moves)."""
    return Till(session, sim, clock).run(payments, start, end)
