"""One person's memberships as the person card shows them: the status and the history.

Memberships are only created by issuing a receipt (``desktop.services.cash.receipts``);
this module only reads them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Membership, Receipt, User
from desktop.services.clock import today
from desktop.services.errors import NotFound
from desktop.services.formatting import date_short, local
from desktop.services.people import MembershipStatus, PersonSummary, get_person, membership_on
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads


@dataclass(frozen=True)
class MembershipRecord:
    """One membership of the person (a cancelled one too, marked so)."""

    id: uuid.UUID
    number: str
    valid_from: dt.date
    valid_until: dt.date
    met_team_on: dt.date
    charter_accepted_on: dt.date  # Paris day
    recorded_by: str  # the staff member's name, « » when unknown (an import)
    cancelled: bool
    # Cash facts, only for who may read the till (else None / «»).
    amount_cents: int | None
    receipt_number: str

    @property
    def period(self) -> str:
        """« du 12/05/2026 au 11/05/2027 »"""
        return f"du {date_short(self.valid_from)} au {date_short(self.valid_until)}"


@dataclass(frozen=True)
class MembershipOverview:
    """What the membership panel shows for one person."""

    person: PersonSummary
    status: MembershipStatus  # today's (« à jour jusqu'au … », « expirée depuis le … »…)
    memberships: tuple[MembershipRecord, ...]  # latest first
    on: dt.date  # the day the status is for

    @property
    def ever_member(self) -> bool:
        """True once a membership was taken (then the desk offers « Renouveler »)."""
        return any(not m.cancelled for m in self.memberships)

    @property
    def has_card(self) -> bool:
        """A member card can be printed (some membership, current or past)."""
        return self.ever_member

    def stage(self, record: MembershipRecord) -> str:
        """« annulée », « à venir », « en cours » or « terminée » on :attr:`on`."""
        if record.cancelled:
            return "annulée"
        if record.valid_from > self.on:
            return "à venir"
        return "en cours" if record.valid_until >= self.on else "terminée"


@reads
def membership_overview(
    session: Session, actor: Actor, person_id: uuid.UUID
) -> MembershipOverview:
    """The person's membership status today and every membership, latest first; the
    amounts and receipt numbers only for who may read the till."""
    require(actor, Capability.RECEPTION)
    person = get_person(session, actor, person_id)
    if person is None:
        raise NotFound("Cette personne est introuvable.")
    cash = actor.can(Capability.CASH_READ)
    rows = session.execute(
        select(Membership, Receipt.number, User.display_name)
        .outerjoin(Receipt, Receipt.id == Membership.receipt_id)
        .outerjoin(User, User.id == Membership.recorded_by)
        .where(Membership.person_id == person_id, Membership.deleted.is_(False))
        .order_by(Membership.valid_from.desc(), Membership.number.desc())
    ).all()
    records = tuple(
        MembershipRecord(
            id=m.id,
            number=m.number,
            valid_from=m.valid_from,
            valid_until=m.valid_until,
            met_team_on=m.met_team_on,
            charter_accepted_on=local(m.charter_accepted_at).date(),
            recorded_by=recorded_by or "",
            cancelled=m.cancelled,
            amount_cents=m.amount_cents if cash else None,
            receipt_number=(receipt_number or "") if cash else "",
        )
        for m, receipt_number, recorded_by in rows
    )
    on = today(session)
    periods = [(m.valid_from, m.valid_until) for m in records if not m.cancelled]
    return MembershipOverview(person, membership_on(periods, on), records, on)
