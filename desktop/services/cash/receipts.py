"""Issuing and cancelling receipts: the one payment path of the application.

A receipt is numbered ``A-2024-000042`` (``numbering.receipt_number``: consecutive per series
and Paris year)
and chained to the previous receipt of its series by SHA-256. The engine opens every
write transaction with ``BEGIN IMMEDIATE``, so reading the last number and inserting the next one
happen under SQLite's write lock: two threads or processes never get the same number.
Nothing here commits: the caller's unit of work does. All checks and reads of a sale happen
before its first write, so a refused sale adds nothing to the caller's session.

A receipt is dated by the clock of the unit of work (``services.clock``) and its rows take
their ids from it. A caller may issue several receipts in one unit of work: each sees
the effects of the ones before (memberships, paid places, numbers, chain). Reading
receipts (search, today's list, day totals) lives in ``queries``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from desktop.models import (
    Membership,
    Person,
    Receipt,
    ReceiptLine,
    Registration,
)
from desktop.services import audit
from desktop.services.cash.cache import LastReceipt, transaction_cache
from desktop.services.cash.chain import RECEIPT_FIELDS, receipt_hash
from desktop.services.cash.common import (
    GENESIS,
    device_series,
    ensure_open,
    local_day,
)
from desktop.services.cash.drafts import (
    PricedLine,
    ReceiptDraft,
    RegistrationRows,
    price_lines,
    registration_row,
    validate_payment,
)
from desktop.services.cash.memberships import membership_numbered, next_membership_number
from desktop.services.cash.pricing import occurrence_and_activity
from desktop.services.cash.queries import ReceiptInfo, new_receipt_info
from desktop.services.cash.records import (
    LineValues,
    NumberedReceipt,
    ReceiptHeader,
    ReceiptValues,
)
from desktop.services.clock import new_row_id, now
from desktop.services.errors import NotFound, ValidationError
from desktop.services.formatting import datetime_short, local
from desktop.services.numbering import receipt_number
from desktop.services.permissions import Actor, Capability, require
from desktop.vocabulary import (
    AuditAction,
    AuditEntity,
    PaymentMethod,
    ReceiptLineKind,
    RegistrationStatus,
)


def issue_receipt(session: Session, actor: Actor, draft: ReceiptDraft) -> ReceiptInfo:
    """Validate, price and record a sale; create memberships and mark session places paid.

    The receipt is dated now by the session's clock, which must not precede the last
    closing nor the previous receipt of the series. Does not commit.
    """
    require(actor, Capability.CASH)
    at = _moment(session)
    series = device_series(session)
    day = local_day(at)
    ensure_open(session, series, day)
    person = _person(session, draft.person_id)
    payer_label = " ".join(draft.payer_label.split())
    if len(payer_label) > 160:
        raise ValidationError("Le nom du payeur est trop long (160 caractères au plus).")
    found: RegistrationRows = {}
    preview = price_lines(session, draft.person_id, tuple(draft.lines), day, found)
    change = validate_payment(draft.payment, preview.total_cents)
    receipt_id = new_row_id(session)
    membership = _membership(session, actor, series, draft, preview.lines, receipt_id, at)
    lines = [
        _line_values(position, priced, membership.id if membership else None, new_row_id(session))
        for position, priced in enumerate(preview.lines, start=1)
    ]
    registrations = _registrations(session, actor, draft.person_id, lines, at, found)
    values = _numbered(
        session,
        series,
        ReceiptHeader({
            "id": receipt_id,
            "issued_at": at,
            "issued_by": actor.user_id,
            "person_id": draft.person_id,
            "payer_label": payer_label,
            "payment_method": PaymentMethod(draft.payment.method),
            "cheque_number": draft.payment.cheque_number.strip(),
            "tendered_cents": preview.total_cents + change if change is not None else None,
            "total_cents": preview.total_cents,
            "cancels_receipt_id": None,
            "cancel_reason": "",
        }),
        lines,
    )
    others: list[Membership | Registration] = [membership] if membership else []
    _write(session, actor, values, lines, others, settle=registrations)
    return new_receipt_info(values, lines, issued_by_name=actor.display_name, person=person)


def cancel_receipt(
    session: Session, actor: Actor, receipt_id: uuid.UUID, reason: str
) -> ReceiptInfo:
    """Issue the cancelling receipt of ``receipt_id`` (negative lines, same payment method).

    A receipt is cancelled at most once; memberships it created are cancelled and the
    session places it paid become unpaid again. Dated as ``issue_receipt``. Does not commit.
    """
    require(actor, Capability.CASH)
    original = session.get(Receipt, receipt_id)
    if original is None:
        raise NotFound("Ce reçu est introuvable.")
    if original.cancels_receipt_id is not None:
        raise ValidationError(
            f"Le reçu {original.number} est lui-même une annulation : il ne peut pas être annulé."
        )
    previous = session.scalar(select(Receipt).where(Receipt.cancels_receipt_id == original.id))
    if previous is not None:
        raise ValidationError(
            f"Le reçu {original.number} a déjà été annulé par le reçu {previous.number}."
        )
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Indiquez le motif de l'annulation.", "reason")
    if len(reason) > 500:
        raise ValidationError("Le motif est trop long (500 caractères au plus).", "reason")
    at = _moment(session)
    series = device_series(session)
    ensure_open(session, series, local_day(at))
    originals = list(
        session.scalars(
            select(ReceiptLine)
            .where(ReceiptLine.receipt_id == original.id)
            .order_by(ReceiptLine.position)
        )
    )
    lines = [
        LineValues({
            "id": new_row_id(session),
            "position": line.position,
            "kind": line.kind,
            "label": line.label,
            "tariff_code": line.tariff_code,
            "quantity": line.quantity,
            "unit_cents": -line.unit_cents,
            "total_cents": -line.total_cents,
            "occurrence_id": line.occurrence_id,
            "membership_id": line.membership_id,
        })
        for line in originals
    ]
    values = _numbered(
        session,
        series,
        ReceiptHeader({
            "id": new_row_id(session),
            "issued_at": at,
            "issued_by": actor.user_id,
            "person_id": original.person_id,
            "payer_label": original.payer_label,
            "payment_method": original.payment_method,
            "cheque_number": "",
            "tendered_cents": None,
            "total_cents": -original.total_cents,
            "cancels_receipt_id": original.id,
            "cancel_reason": reason,
        }),
        lines,
    )
    _write(session, actor, values, lines, [], undo=originals)
    return new_receipt_info(
        values,
        lines,
        issued_by_name=actor.display_name,
        person=_person(session, original.person_id, allow_deleted=True),
        cancels_number=original.number,
    )


def _moment(session: Session) -> dt.datetime:
    """Now, read once the transaction holds the write lock: receipts numbered later are
    dated later (two desks writing to one file take turns)."""
    session.connection()
    return now(session)


def _person(
    session: Session, person_id: uuid.UUID | None, *, allow_deleted: bool = False
) -> Person | None:
    if person_id is None:
        return None
    person = session.get(Person, person_id)
    if person is None or (person.deleted and not allow_deleted):
        raise NotFound("Cette personne est introuvable.")
    return person


def _numbered(
    session: Session,
    series: str,
    header: ReceiptHeader,
    lines: list[LineValues],
) -> ReceiptValues:
    """Number and chain the receipt (read under the transaction's write lock)."""
    at: dt.datetime = header["issued_at"]
    year = local(at).year
    last = last_receipt(session, series)
    if last is not None and at < last.issued_at:
        raise ValidationError(
            f"Un reçu ne peut pas être daté du {datetime_short(at)} : le précédent reçu de la "
            f"série {series} date du {datetime_short(last.issued_at)}."
        )
    if last is not None and last.year > year:
        raise ValidationError(
            f"Un reçu de l'année {last.year} existe déjà : impossible d'émettre en {year}."
        )
    seq = last.seq + 1 if last is not None and last.year == year else 1
    numbered = NumberedReceipt(
        **header,
        number=receipt_number(series, year, seq),
        series=series,
        year=year,
        seq=seq,
        prev_hash=last.hash if last is not None else GENESIS,
    )
    assert set(numbered) == set(RECEIPT_FIELDS)
    return ReceiptValues(**numbered, hash=receipt_hash(numbered, lines))


def last_receipt(session: Session, series: str) -> LastReceipt | None:
    """The last receipt of ``series`` (cached for the transaction)."""
    cache = transaction_cache(session).last_receipt
    if series not in cache:
        row = session.execute(
            select(Receipt.year, Receipt.seq, Receipt.hash, Receipt.issued_at)
            .where(Receipt.series == series)
            .order_by(Receipt.year.desc(), Receipt.seq.desc())
            .limit(1)
        ).first()
        cache[series] = LastReceipt(*row) if row is not None else None
    return cache[series]


def _write(
    session: Session,
    actor: Actor,
    values: ReceiptValues,
    lines: list[LineValues],
    others: list[Membership | Registration],
    *,
    settle: list[tuple[Registration, uuid.UUID]] | None = None,
    undo: list[ReceiptLine] | None = None,
) -> None:
    """Audit, then add the receipt, its lines and related rows to the session; flush.

    Foreign keys are checked at commit
    (``defer_foreign_keys`` lasts until the end of the transaction), so the unit of work
    may insert these rows in any order.
    """
    cache = transaction_cache(session)
    if not cache.foreign_keys_deferred:
        session.execute(text("PRAGMA defer_foreign_keys = ON"))
        cache.foreign_keys_deferred = True
    # The audit entry names the receipt by its number: readable by the administrator, and
    # ``check`` can name a receipt that was deleted after the last one kept.
    cancels = values["cancels_receipt_id"]
    action = AuditAction.RECEIPT_CANCELLED if cancels else AuditAction.RECEIPT_ISSUED
    audit.record(session, actor, action, AuditEntity.RECEIPT, values["number"])
    if undo is not None:
        _undo_effects(session, undo)
    if settle:
        others = [*others, *_settle(settle)]
    session.add(Receipt(**values))
    session.add_all(ReceiptLine(receipt_id=values["id"], **line) for line in lines)
    session.add_all(others)
    session.flush()
    for row in others:
        if isinstance(row, Membership):
            membership_numbered(session, row.number)
    cache.last_receipt[values["series"]] = LastReceipt(
        values["year"], values["seq"], values["hash"], values["issued_at"]
    )


def _line_values(
    position: int, priced: PricedLine, membership_id: uuid.UUID | None, line_id: uuid.UUID
) -> LineValues:
    return {
        "id": line_id,
        "position": position,
        "kind": priced.kind,
        "label": priced.label,
        "tariff_code": priced.tariff_code,
        "quantity": priced.quantity,
        "unit_cents": priced.unit_cents,
        "total_cents": priced.total_cents,
        "occurrence_id": priced.occurrence_id,
        "membership_id": membership_id if priced.kind is ReceiptLineKind.MEMBERSHIP else None,
    }


def _membership(
    session: Session,
    actor: Actor,
    series: str,
    draft: ReceiptDraft,
    priced_lines: tuple[PricedLine, ...],
    receipt_id: uuid.UUID,
    at: dt.datetime,
) -> Membership | None:
    """The membership a membership line creates (not yet added to the session).

    The charter counts as accepted at ``at``, the moment of the sale (the session's clock).
    """
    priced = next((p for p in priced_lines if p.kind is ReceiptLineKind.MEMBERSHIP), None)
    if priced is None:
        return None
    line = next(x for x in draft.lines if x.kind is ReceiptLineKind.MEMBERSHIP)
    assert draft.person_id is not None and line.met_team_on and line.charter_accepted
    assert priced.membership_from is not None and priced.membership_until is not None
    return Membership(
        id=new_row_id(session),
        number=next_membership_number(session, series, priced.membership_from.year),
        person_id=draft.person_id,
        valid_from=priced.membership_from,
        valid_until=priced.membership_until,
        amount_cents=priced.total_cents,
        met_team_on=line.met_team_on,
        charter_accepted_at=at,
        recorded_by=actor.user_id,
        receipt_id=receipt_id,
    )


def _registrations(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID | None,
    lines: list[LineValues],
    at: dt.datetime,
    found: RegistrationRows,
) -> list[tuple[Registration, uuid.UUID]]:
    """The registration each session line settles (a new one when the person has none);
    ``found``: the rows ``price_lines`` just read (nothing was written since).

    Nothing is changed yet: ``_write`` applies the plan once foreign keys are deferred.
    """
    if person_id is None:
        return []
    plan = []
    for values in lines:
        if values["kind"] is not ReceiptLineKind.SESSION:
            continue
        assert values["occurrence_id"] is not None  # a session line names its session
        # (``price_lines`` checked the place can be paid: the row is only looked up here.)
        occurrence, _activity = occurrence_and_activity(session, values["occurrence_id"])
        if occurrence.id in found:
            registration = found[occurrence.id]
        else:
            registration = registration_row(session, person_id, occurrence.id)
        if registration is None:
            registration = Registration(
                id=new_row_id(session),
                occurrence_id=occurrence.id,
                person_id=person_id,
                status=RegistrationStatus.REGISTERED,
                registered_at=at,
                registered_by=actor.user_id,
            )
        plan.append((registration, values["id"]))
    return plan


def _settle(plan: list[tuple[Registration, uuid.UUID]]) -> list[Registration]:
    """Apply the plan of ``_registrations``; returns the registrations to add."""
    created = []
    for registration, line_id in plan:
        if inspect(registration).transient:
            created.append(registration)
        elif registration.deleted or registration.status is RegistrationStatus.CANCELLED:
            registration.deleted = False
            registration.status = RegistrationStatus.REGISTERED
            registration.waitlist_rank = None
        registration.receipt_line_id = line_id
    return created


def _undo_effects(session: Session, originals: list[ReceiptLine]) -> None:
    """Cancel the memberships a receipt created and unpay the places it paid (in place)."""
    membership_ids = {line.membership_id for line in originals if line.membership_id}
    for membership in session.scalars(select(Membership).where(Membership.id.in_(membership_ids))):
        membership.cancelled = True
    line_ids = [line.id for line in originals if line.kind is ReceiptLineKind.SESSION]
    if line_ids:
        for registration in session.scalars(
            select(Registration).where(Registration.receipt_line_id.in_(line_ids))
        ):
            registration.receipt_line_id = None
