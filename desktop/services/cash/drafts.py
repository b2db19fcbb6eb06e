"""The basket of a sale before it becomes a receipt: lines, payment, pricing and validation.

Views build a :class:`ReceiptDraft`, show :func:`preview_draft` (the same pricing the receipt
will use) and pass the draft to ``receipts.issue_receipt``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import Occurrence, Registration
from desktop.services.cash.common import device_series, ensure_open
from desktop.services.cash.memberships import membership_period
from desktop.services.cash.pricing import (
    occurrence_and_activity,
    price_membership,
    price_session,
)
from desktop.services.clock import local_day, today
from desktop.services.errors import ValidationError
from desktop.services.formatting import date_short, money, time_short
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.vocabulary import (
    TAKES_A_PLACE,
    PaymentMethod,
    ReceiptLineKind,
    RegistrationStatus,
    TariffCode,
)

# The registration row of the payer for each session of a basket (None: none yet).
RegistrationRows = dict[uuid.UUID, Registration | None]
MAX_LINES = 50
MAX_LINE_CENTS = 10_000_00
MAX_QUANTITY = 99


@dataclass(frozen=True)
class DraftLine:
    """One basket line; build it with :meth:`membership`, :meth:`session_place` or :meth:`other`."""

    kind: ReceiptLineKind
    label: str = ""
    unit_cents: int | None = None
    quantity: int = 1
    occurrence_id: uuid.UUID | None = None
    met_team_on: dt.date | None = None
    charter_accepted: bool = False  # the membership records the moment of the sale

    @classmethod
    def membership(cls, met_team_on: dt.date | None, *, charter_accepted: bool) -> DraftLine:
        return cls(
            ReceiptLineKind.MEMBERSHIP, met_team_on=met_team_on, charter_accepted=charter_accepted
        )

    @classmethod
    def session_place(cls, occurrence_id: uuid.UUID) -> DraftLine:
        return cls(ReceiptLineKind.SESSION, occurrence_id=occurrence_id)

    @classmethod
    def other(cls, label: str, unit_cents: int, quantity: int = 1) -> DraftLine:
        return cls(ReceiptLineKind.OTHER, label=label, unit_cents=unit_cents, quantity=quantity)


@dataclass(frozen=True)
class Payment:
    method: PaymentMethod
    tendered_cents: int | None = None  # cash only; None means the exact amount
    cheque_number: str = ""


@dataclass(frozen=True)
class ReceiptDraft:
    lines: tuple[DraftLine, ...]
    payment: Payment
    person_id: uuid.UUID | None = None
    payer_label: str = ""


@dataclass(frozen=True)
class PricedLine:
    kind: ReceiptLineKind
    label: str
    tariff_code: TariffCode | None
    quantity: int
    unit_cents: int
    total_cents: int
    reason_fr: str
    occurrence_id: uuid.UUID | None = None
    membership_from: dt.date | None = None
    membership_until: dt.date | None = None


@dataclass(frozen=True)
class DraftPreview:
    lines: tuple[PricedLine, ...]
    total_cents: int


@reads
def preview_draft(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID | None,
    lines: tuple[DraftLine, ...] | list[DraftLine],
    on: dt.date | None = None,
) -> DraftPreview:
    """Price and validate a basket as ``issue_receipt`` would (raises ValidationError)."""
    require(actor, Capability.CASH)
    day = on or today(session)
    return price_lines(session, person_id, tuple(lines), day)


@reads
def closed_notice(session: Session, actor: Actor, on: dt.date | None = None) -> str:
    """Why no receipt can be dated ``on`` (default today) on this device; "" when open."""
    require(actor, Capability.CASH)
    try:
        ensure_open(session, device_series(session), on or today(session))
    except ValidationError as error:
        return error.message
    return ""


def price_lines(
    session: Session,
    person_id: uuid.UUID | None,
    lines: tuple[DraftLine, ...],
    day: dt.date,
    found: RegistrationRows | None = None,
) -> DraftPreview:
    """Validate and price every line (reads only; nothing is written). ``found`` gathers
    the registration row read for each session line (the sale settles it next)."""
    if not lines:
        raise ValidationError("Le panier est vide : ajoutez au moins une ligne.")
    if len(lines) > MAX_LINES:
        raise ValidationError(f"Un reçu compte au plus {MAX_LINES} lignes.")
    kinds = [line.kind for line in lines]
    if kinds.count(ReceiptLineKind.MEMBERSHIP) > 1:
        raise ValidationError("Une seule adhésion par reçu.")
    occurrences = [line.occurrence_id for line in lines if line.kind is ReceiptLineKind.SESSION]
    if person_id is not None and len(set(occurrences)) != len(occurrences):
        raise ValidationError("La même séance figure deux fois dans le panier.")
    membership = next(
        (
            _membership_line(session, person_id, line, day)
            for line in lines
            if line.kind is ReceiptLineKind.MEMBERSHIP
        ),
        None,
    )
    period = (
        (membership.membership_from, membership.membership_until)
        if membership is not None
        and membership.membership_from is not None
        and membership.membership_until is not None
        else None
    )
    priced = []
    for line in lines:
        if line.kind is ReceiptLineKind.MEMBERSHIP:
            assert membership is not None
            priced.append(membership)
        elif line.kind is ReceiptLineKind.SESSION:
            priced.append(_session_line(session, person_id, line, period, found))
        else:
            priced.append(_other_line(line))
    return DraftPreview(tuple(priced), sum(p.total_cents for p in priced))


def _membership_line(
    session: Session, person_id: uuid.UUID | None, line: DraftLine, day: dt.date
) -> PricedLine:
    quote = price_membership(session, person_id, day)
    assert person_id is not None
    if line.met_team_on is None:
        raise ValidationError(
            "Adhésion : indiquez la date de la rencontre avec l'équipe.", "met_team_on"
        )
    if line.met_team_on > day:
        raise ValidationError(
            "Adhésion : la rencontre avec l'équipe doit avoir eu lieu avant l'adhésion.",
            "met_team_on",
        )
    if not line.charter_accepted:
        raise ValidationError(
            "Adhésion : la personne doit d'abord accepter la charte.", "charter_accepted"
        )
    start, end = membership_period(session, person_id, day)
    return PricedLine(
        kind=ReceiptLineKind.MEMBERSHIP,
        label=f"Adhésion du {date_short(start)} au {date_short(end)}",
        tariff_code=TariffCode.MEMBERSHIP,
        quantity=1,
        unit_cents=quote.amount_cents,
        total_cents=quote.amount_cents,
        reason_fr=quote.reason_fr,
        membership_from=start,
        membership_until=end,
    )


def _session_line(
    session: Session,
    person_id: uuid.UUID | None,
    line: DraftLine,
    new_membership: tuple[dt.date, dt.date] | None,
    found: RegistrationRows | None = None,
) -> PricedLine:
    if line.occurrence_id is None:
        raise ValidationError("Choisissez la séance à régler.")
    occurrence, activity = occurrence_and_activity(session, line.occurrence_id)
    if occurrence.cancelled:
        raise ValidationError(f"La séance « {activity.title} » est annulée.")
    if person_id is not None:
        registration_for_payment(session, person_id, occurrence, found)
    quote = price_session(session, person_id, occurrence, activity, new_membership=new_membership)
    if quote.tier is TariffCode.FREE:
        # Nothing to pay, so no receipt (a 0,00 € receipt "paid by card" means nothing).
        raise ValidationError(
            f"« {activity.title} » est un atelier gratuit : il n'y a rien à encaisser. "
            "La personne s'inscrit sans passer par la caisse.",
            "occurrence_id",
        )
    when = f"{date_short(local_day(occurrence.starts_at))} à {time_short(occurrence.starts_at)}"
    return PricedLine(
        kind=ReceiptLineKind.SESSION,
        label=f"{activity.title} – séance du {when}"[:200],
        tariff_code=quote.tier,
        quantity=1,
        unit_cents=quote.amount_cents,
        total_cents=quote.amount_cents,
        reason_fr=quote.reason_fr,
        occurrence_id=occurrence.id,
    )


def _other_line(line: DraftLine) -> PricedLine:
    label = " ".join(line.label.split())
    if not label:
        raise ValidationError("Indiquez le libellé de la ligne.", "label")
    if len(label) > 200:
        raise ValidationError("Libellé trop long (200 caractères au plus).", "label")
    unit = line.unit_cents
    if not isinstance(unit, int) or isinstance(unit, bool) or not 0 < unit <= MAX_LINE_CENTS:
        raise ValidationError(
            f"« {label} » : le prix est un montant positif (au plus {money(MAX_LINE_CENTS)}).",
            "unit_cents",
        )
    if not isinstance(line.quantity, int) or not 1 <= line.quantity <= MAX_QUANTITY:
        raise ValidationError(f"« {label} » : quantité de 1 à {MAX_QUANTITY}.", "quantity")
    return PricedLine(
        kind=ReceiptLineKind.OTHER,
        label=label,
        tariff_code=None,
        quantity=line.quantity,
        unit_cents=unit,
        total_cents=unit * line.quantity,
        reason_fr="",
    )


def registration_row(
    session: Session, person_id: uuid.UUID, occurrence_id: uuid.UUID
) -> Registration | None:
    """The person's registration row for the session, if any (tombstoned included)."""
    return session.scalar(
        select(Registration).where(
            Registration.occurrence_id == occurrence_id, Registration.person_id == person_id
        )
    )


def registration_for_payment(
    session: Session,
    person_id: uuid.UUID,
    occurrence: Occurrence,
    found: RegistrationRows | None = None,
) -> Registration | None:
    """The registration a session payment settles (None: one will be created).

    Refuses a place already paid, a waitlisted person, or a full session. The row read
    (tombstoned or cancelled too, or None) goes into ``found`` under ``occurrence.id``.
    """
    registration = registration_row(session, person_id, occurrence.id)
    if found is not None:
        found[occurrence.id] = registration
    if registration is not None and not registration.deleted:
        if registration.status is RegistrationStatus.WAITLISTED:
            raise ValidationError(
                "La personne est sur liste d'attente pour cette séance : "
                "elle ne règle qu'une fois sa place confirmée."
            )
        if registration.status is not RegistrationStatus.CANCELLED:
            if registration.receipt_line_id is not None:
                raise ValidationError("Cette séance est déjà réglée pour cette personne.")
            return registration
    taken = session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.occurrence_id == occurrence.id,
            Registration.deleted.is_(False),
            Registration.status.in_(TAKES_A_PLACE),
        )
    )
    if (taken or 0) >= occurrence.capacity:
        raise ValidationError(
            "Cette séance est complète : inscrivez la personne sur la liste d'attente."
        )
    return registration


def validate_payment(payment: Payment, total_cents: int) -> int | None:
    """Check the payment for ``total_cents``; returns the change to give (cash) or None."""
    try:
        method = PaymentMethod(payment.method)
    except ValueError:
        raise ValidationError("Choisissez le moyen de paiement.", "method") from None
    if method is PaymentMethod.CASH:
        tendered = total_cents if payment.tendered_cents is None else payment.tendered_cents
        if not isinstance(tendered, int) or tendered < total_cents:
            raise ValidationError(
                f"Montant remis insuffisant : {money(total_cents)} sont dus.", "tendered_cents"
            )
        if tendered > total_cents + MAX_LINE_CENTS:
            raise ValidationError("Montant remis invraisemblable.", "tendered_cents")
        return tendered - total_cents
    if payment.tendered_cents is not None:
        raise ValidationError("Le montant remis ne concerne que les espèces.", "tendered_cents")
    if method is PaymentMethod.CHEQUE:
        number = payment.cheque_number.strip()
        if not number:
            raise ValidationError("Indiquez le numéro du chèque.", "cheque_number")
        if len(number) > 40:
            raise ValidationError("Numéro de chèque trop long.", "cheque_number")
    elif payment.cheque_number.strip():
        raise ValidationError("Un numéro de chèque ne va qu'avec un chèque.", "cheque_number")
    return None
