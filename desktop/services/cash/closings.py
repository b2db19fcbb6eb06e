"""Closings ("clôtures"): daily totals per payment method with the chain head, and monthly
and yearly closings summarising the daily ones.

Days are closed in order: a day can be closed only when every earlier day with receipts
is; after a closing no receipt can be dated on or before its last day. Each closing stores
its own SHA-256 (chained to the previous closing of the same series and kind).
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Closing, Receipt, User
from desktop.services import audit
from desktop.services.cash.cache import transaction_cache
from desktop.services.cash.chain import CLOSING_FIELDS, closing_hash
from desktop.services.cash.common import (
    GENESIS,
    day_bounds,
    device_series,
    last_closed_day,
    local_day,
)
from desktop.services.cash.queries import between, totals_by_method
from desktop.services.cash.receipts import last_receipt
from desktop.services.cash.records import ClosingPeriod, ClosingValues
from desktop.services.clock import new_row_id, now, today
from desktop.services.errors import NotFound, ValidationError
from desktop.services.formatting import date_long, date_short
from desktop.services.numbering import receipt_number
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.vocabulary import CLOSING_ACTIONS, AuditEntity, ClosingKind, PaymentMethod

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


@dataclass(frozen=True)
class ClosingInfo:
    id: uuid.UUID
    series: str
    kind: ClosingKind
    period_start: dt.date
    period_end: dt.date
    closed_at: dt.datetime
    closed_by_name: str
    receipt_count: int
    totals_by_method: tuple[tuple[PaymentMethod, int], ...]
    total_cents: int
    grand_total_cents: int
    last_receipt_number: str
    chain_head: str
    hash: str

    @property
    def title(self) -> str:
        return closing_title(self.kind, self.period_start)


def closing_title(kind: ClosingKind, start: dt.date) -> str:
    if kind is ClosingKind.DAY:
        return f"Clôture journalière du {date_long(start)}"
    if kind is ClosingKind.MONTH:
        return f"Clôture mensuelle de {MONTHS_FR[start.month - 1]} {start.year}"
    return f"Clôture annuelle {start.year}"


def closing_info(session: Session, row: Closing, closed_by_name: str | None = None) -> ClosingInfo:
    if closed_by_name is None:
        user = session.get(User, row.closed_by)
        closed_by_name = user.display_name if user is not None else ""
    return ClosingInfo(
        id=row.id,
        series=row.series,
        kind=row.kind,
        period_start=row.period_start,
        period_end=row.period_end,
        closed_at=row.closed_at,
        closed_by_name=closed_by_name,
        receipt_count=row.receipt_count,
        totals_by_method=tuple(
            (m, int(row.totals_by_method.get(m.value, 0))) for m in PaymentMethod
        ),
        total_cents=row.total_cents,
        grand_total_cents=row.grand_total_cents,
        last_receipt_number=row.last_receipt_number,
        chain_head=row.chain_head,
        hash=row.hash,
    )


def _last_of_kind(
    session: Session, series: str, kind: ClosingKind, before: dt.date | None = None
) -> Closing | None:
    """The latest closing of ``kind`` (starting before ``before``); the latest one is kept
    for the transaction (closings are only written by ``_record``)."""
    cache = transaction_cache(session).last_closing
    if before is None and (series, kind) in cache:
        return cache[(series, kind)]
    statement = select(Closing).where(Closing.series == series, Closing.kind == kind)
    if before is not None:
        statement = statement.where(Closing.period_start < before)
    found = session.scalar(statement.order_by(Closing.period_start.desc()).limit(1))
    if before is None:
        cache[(series, kind)] = found
    return found


def _chain_head(session: Session, series: str, end: dt.date) -> tuple[str, str]:
    """(hash, number) of the last receipt of ``series`` dated on or before ``end``."""
    _, high = day_bounds(end)
    last = last_receipt(session, series)
    if last is not None and last.issued_at < high:  # the usual case: no later receipt yet
        return last.hash, receipt_number(series, last.year, last.seq)
    row = session.execute(
        select(Receipt.hash, Receipt.number)
        .where(Receipt.series == series, Receipt.issued_at < high)
        .order_by(Receipt.year.desc(), Receipt.seq.desc())
        .limit(1)
    ).first()
    return (row.hash, row.number) if row is not None else (GENESIS, "")


def _record(
    session: Session,
    actor: Actor,
    period: ClosingPeriod,
    kind: ClosingKind,
) -> ClosingInfo:
    series = period["series"]
    previous = _last_of_kind(session, series, kind)
    closing_id = new_row_id(session)
    values = ClosingValues(**period, id=closing_id, kind=kind, closed_by=actor.user_id)
    assert set(CLOSING_FIELDS) <= set(values)
    row = Closing(**values, hash=closing_hash(values, previous.hash if previous else GENESIS))
    session.add(row)
    audit.record(session, actor, CLOSING_ACTIONS[kind], AuditEntity.CLOSING, closing_id)
    session.flush()
    cache = transaction_cache(session)
    cache.last_closing[(series, kind)] = row
    if series in cache.closed_until:  # the end of the closed periods moves on, if known
        known = cache.closed_until[series]
        cache.closed_until[series] = row.period_end if known is None else max(known, row.period_end)
    return closing_info(session, row, actor.display_name)


def _refuse_twice(session: Session, series: str, kind: ClosingKind, start: dt.date) -> None:
    if session.scalar(
        select(Closing.id).where(
            Closing.series == series, Closing.kind == kind, Closing.period_start == start
        )
    ):
        what = closing_title(kind, start).replace("Clôture", "La clôture", 1)
        raise ValidationError(f"{what} a déjà été faite.")


def close_day(session: Session, actor: Actor, day: dt.date) -> ClosingInfo:
    """Close ``day`` for this device's series (dated now by the session's clock)."""
    require(actor, Capability.CASH)
    moment = now(session)
    series = device_series(session)
    if day > local_day(moment):
        raise ValidationError(f"Impossible de clôturer une journée future ({date_short(day)}).")
    closed = last_closed_day(session, series)
    if closed is not None and day <= closed:  # (a day after every closing is not closed yet)
        _refuse_twice(session, series, ClosingKind.DAY, day)
        raise ValidationError(f"La caisse est déjà clôturée jusqu'au {date_short(closed)} inclus.")
    low, _ = day_bounds(closed + dt.timedelta(days=1)) if closed else (None, None)
    day_start, _ = day_bounds(day)
    pending = min(
        (at for s, at in between(session, low, day_start, Receipt.issued_at) if s == series),
        default=None,
    )
    if pending is not None:
        raise ValidationError(
            f"La journée du {date_short(local_day(pending))} n'est pas clôturée : "
            "clôturez-la d'abord."
        )
    count, totals = totals_by_method(session, series, day, day)
    total = sum(totals.values())
    previous = _last_of_kind(session, series, ClosingKind.DAY)
    head, number = _chain_head(session, series, day)
    values: ClosingPeriod = {
        "series": series,
        "period_start": day,
        "period_end": day,
        "closed_at": moment,
        "receipt_count": count,
        "totals_by_method": totals,
        "total_cents": total,
        "grand_total_cents": (previous.grand_total_cents if previous else 0) + total,
        "last_receipt_number": number,
        "chain_head": head,
    }
    return _record(session, actor, values, ClosingKind.DAY)


def close_month(session: Session, actor: Actor, year: int, month: int) -> ClosingInfo:
    """Close a finished month: the sum of its daily closings."""
    if not 1 <= month <= 12:
        raise ValidationError("Le mois va de 1 à 12.")
    start = dt.date(year, month, 1)
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    return _close_period(session, actor, ClosingKind.MONTH, start, end)


def close_year(session: Session, actor: Actor, year: int) -> ClosingInfo:
    """Close a finished year: the sum of its daily closings."""
    return _close_period(
        session, actor, ClosingKind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31)
    )


def _close_period(
    session: Session,
    actor: Actor,
    kind: ClosingKind,
    start: dt.date,
    end: dt.date,
) -> ClosingInfo:
    require(actor, Capability.CASH)
    moment = now(session)
    series = device_series(session)
    title = closing_title(kind, start)
    if end > local_day(moment):
        raise ValidationError(f"{title} : la période n'est pas terminée.")
    _refuse_twice(session, series, kind, start)
    days = list(
        session.scalars(
            select(Closing)
            .where(
                Closing.series == series,
                Closing.kind == ClosingKind.DAY,
                Closing.period_start >= start,
                Closing.period_start <= end,
            )
            .order_by(Closing.period_start)
        )
    )
    closed_days = {c.period_start for c in days}
    low, high = day_bounds(start, end)
    receipt_days = {
        local_day(at) for s, at in between(session, low, high, Receipt.issued_at) if s == series
    }
    missing = sorted(receipt_days - closed_days)
    if missing:
        raise ValidationError(
            f"{title} : la journée du {date_short(missing[0])} n'est pas clôturée."
        )
    totals = {m.value: 0 for m in PaymentMethod}
    for closing in days:
        for method, cents in closing.totals_by_method.items():
            totals[method] += int(cents)
    last = days[-1] if days else _last_of_kind(session, series, ClosingKind.DAY, before=start)
    values: ClosingPeriod = {
        "series": series,
        "period_start": start,
        "period_end": end,
        "closed_at": moment,
        "receipt_count": sum(c.receipt_count for c in days),
        "totals_by_method": totals,
        "total_cents": sum(c.total_cents for c in days),
        "grand_total_cents": last.grand_total_cents if last else 0,
        "last_receipt_number": last.last_receipt_number if last else "",
        "chain_head": last.chain_head if last else GENESIS,
    }
    return _record(session, actor, values, kind)


@reads
def list_closings(
    session: Session, actor: Actor, kind: ClosingKind | None = None, limit: int = 200
) -> list[ClosingInfo]:
    """This device's closings, latest first."""
    require(actor, Capability.CASH_READ)
    statement = select(Closing).where(Closing.series == device_series(session))
    if kind is not None:
        statement = statement.where(Closing.kind == kind)
    rows = session.scalars(statement.order_by(Closing.period_start.desc()).limit(limit))
    return [closing_info(session, row) for row in rows]


@reads
def find_day_closing(session: Session, actor: Actor, day: dt.date) -> ClosingInfo:
    require(actor, Capability.CASH_READ)
    row = session.scalar(
        select(Closing).where(
            Closing.series == device_series(session),
            Closing.kind == ClosingKind.DAY,
            Closing.period_start == day,
        )
    )
    if row is None:
        raise NotFound(f"La journée du {date_short(day)} n'est pas clôturée.")
    return closing_info(session, row)


@reads
def pending_days(session: Session, actor: Actor) -> list[dt.date]:
    """Days before today with receipts of this series that still need their closing."""
    require(actor, Capability.CASH_READ)
    series = device_series(session)
    closed = last_closed_day(session, series)
    today_start, _ = day_bounds(today(session))
    low = day_bounds(closed)[1] if closed is not None else None
    rows = between(session, low, today_start, Receipt.issued_at)
    return sorted({local_day(at) for s, at in rows if s == series})
