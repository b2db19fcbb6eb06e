"""Effective-dated tariffs: the amount of each price tier in force on a given day.

A tariff row applies from its ``effective_from`` day until a later row of the same code
supersedes it. Receipts copy the amount they charged, so a new tariff never changes a past
receipt; a tariff can only start after the last closing, so closed days keep their prices.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Closing, Tariff
from desktop.services import audit
from desktop.services.cash.cache import forget, transaction_cache
from desktop.services.errors import FieldChecks, NotFound, ValidationError
from desktop.services.formatting import date_short
from desktop.services.money import parse_amount
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.services.settings import get_setting
from desktop.vocabulary import (
    TARIFF_LABELS,
    AuditAction,
    AuditEntity,
    MembershipValidity,
    TariffCode,
)

MAX_CENTS = 100_000_00


@dataclass(frozen=True)
class TariffInfo:
    code: TariffCode
    label: str
    amount_cents: int
    effective_from: dt.date


def _info(row: Tariff) -> TariffInfo:
    return TariffInfo(
        code=row.code,
        label=TARIFF_LABELS[row.code],
        amount_cents=row.amount_cents,
        effective_from=row.effective_from,
    )


def tariff_on(session: Session, code: TariffCode, day: dt.date) -> TariffInfo:
    """The tariff of ``code`` in force on ``day`` (no permission needed: prices are public).

    Every tariff row of ``code`` is read once per transaction (``add_tariff`` forgets them).
    """
    cache = transaction_cache(session).tariffs
    rows = cache.get(code)
    if rows is None:
        rows = cache[code] = [
            _info(row)
            for row in session.scalars(
                select(Tariff)
                .where(Tariff.code == code, Tariff.deleted.is_(False))
                .order_by(Tariff.effective_from)
            )
        ]
    index = bisect.bisect_right([info.effective_from for info in rows], day)
    if index == 0:
        raise NotFound(f"Aucun tarif « {TARIFF_LABELS[code]} » n'est défini au {date_short(day)}.")
    return rows[index - 1]


def membership_validity_months(session: Session) -> int:
    """Months a membership lasts: the setting shown in Paramètres."""
    return int(get_setting(session, "membership_validity_months"))


def membership_validity(session: Session) -> MembershipValidity:
    """Rolling months or calendar year: the setting shown in Paramètres."""
    return MembershipValidity(str(get_setting(session, "membership_validity")))


@reads
def list_tariffs(session: Session, actor: Actor) -> list[TariffInfo]:
    """Every tariff row, by code then date (history included), for the settings screen."""
    require(actor, Capability.CASH)
    rows = session.scalars(
        select(Tariff).where(Tariff.deleted.is_(False)).order_by(Tariff.code, Tariff.effective_from)
    )
    return [_info(row) for row in rows]


def _tariff_cents(code: TariffCode, amount: int | str) -> int:
    if isinstance(amount, str):  # as typed by a person
        amount = parse_amount(amount, field="amount", maximum_cents=MAX_CENTS, allow_zero=True)
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= MAX_CENTS:
        raise ValidationError("Le montant d'un tarif est un nombre positif d'euros.", "amount")
    if code is TariffCode.FREE and amount != 0:
        raise ValidationError("Le tarif « Gratuit » vaut toujours 0,00 €.", "amount")
    return amount


def _after_last_closing(session: Session, effective_from: dt.date) -> None:
    closed = session.scalar(select(Closing.period_end).order_by(Closing.period_end.desc()))
    if closed is not None and effective_from <= closed:
        raise ValidationError(
            f"La caisse est clôturée jusqu'au {date_short(closed)} : un nouveau tarif ne peut "
            "prendre effet qu'après cette date.",
            "effective_from",
        )


def add_tariff(
    session: Session,
    actor: Actor,
    code: TariffCode,
    amount: int | str,
    effective_from: dt.date,
) -> TariffInfo:
    """Admin sets a new amount for a tier from a day on (after the last closing).

    ``amount``: cents, or the amount as typed (« 4,50 »); every refused field is named.
    """
    require(actor, Capability.ADMINISTRATION)
    code = TariffCode(code)
    checks = FieldChecks()
    amount_cents = checks.run(_tariff_cents, code, amount)
    checks.run(_after_last_closing, session, effective_from)
    checks.raise_any()
    assert amount_cents is not None
    row = session.scalar(
        select(Tariff).where(Tariff.code == code, Tariff.effective_from == effective_from)
    )
    if row is None:
        row = Tariff(code=code, effective_from=effective_from)
        session.add(row)
    row.amount_cents = amount_cents
    row.deleted = False
    session.flush()
    forget(session)
    audit.record(session, actor, AuditAction.TARIFF_CHANGED, AuditEntity.TARIFF, row.id)
    return _info(row)
