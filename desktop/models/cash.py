"""Tariffs, receipts and their lines, and closings. Receipts and closings are append-only."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import AppendOnly, Base, Deletable, str_enum
from desktop.vocabulary import ClosingKind, PaymentMethod, ReceiptLineKind, TariffCode

if TYPE_CHECKING:
    from desktop.models.people import Membership


# WRITE_ORDER. The relationships marked "never read" are not for navigation: they tell
# SQLAlchemy's unit of work which rows a flush must write first (it orders unrelated
# tables by class name otherwise). Foreign keys are deferred while receipts are issued, so
# any order is correct, but a child row written before its parent leaves a violation
# pending, and until the parent comes SQLite scans every child table (registrations
# included, with no index on the column) for each parent row inserted.


class Tariff(Deletable, Base):
    """A price tier's amount, effective from a date (a later row supersedes it)."""

    __tablename__ = "tariff"
    __table_args__ = (
        UniqueConstraint("code", "effective_from"),
        CheckConstraint("amount_cents >= 0", name="amount"),
    )

    code: Mapped[TariffCode] = mapped_column(str_enum(TariffCode, "tariff_code"))
    amount_cents: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[dt.date]


class Receipt(AppendOnly, Base):
    """A "reçu", numbered A-2024-000042 without gaps (``numbering``), hash-chained per series."""

    __tablename__ = "receipt"
    __table_args__ = (
        UniqueConstraint("series", "year", "seq"),
        CheckConstraint("seq >= 1", name="seq"),
    )

    number: Mapped[str] = mapped_column(String(20), unique=True)
    series: Mapped[str] = mapped_column(String(1))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(index=True)
    issued_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id"))
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"), index=True)
    payer_label: Mapped[str] = mapped_column(String(160), default="")
    payment_method: Mapped[PaymentMethod] = mapped_column(str_enum(PaymentMethod, "payment_method"))
    cheque_number: Mapped[str] = mapped_column(String(40), default="")
    tendered_cents: Mapped[int | None] = mapped_column(Integer, default=None)
    total_cents: Mapped[int] = mapped_column(Integer)
    cancels_receipt_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("receipt.id"), unique=True
    )
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class ReceiptLine(AppendOnly, Base):
    __tablename__ = "receipt_line"
    __table_args__ = (UniqueConstraint("receipt_id", "position"),)

    receipt_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("receipt.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[ReceiptLineKind] = mapped_column(str_enum(ReceiptLineKind, "receipt_line_kind"))
    label: Mapped[str] = mapped_column(String(200))
    tariff_code: Mapped[TariffCode | None] = mapped_column(
        str_enum(TariffCode, "tariff_code"), default=None
    )
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_cents: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int] = mapped_column(Integer)
    occurrence_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("occurrence.id"))
    membership_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("membership.id"))
    # Never read (see WRITE_ORDER): the unit of work writes parents before children.
    receipt: Mapped[Receipt] = relationship(lazy="raise")
    membership: Mapped[Membership | None] = relationship(lazy="raise")


class Closing(AppendOnly, Base):
    """A daily, monthly or yearly "clôture" of one series, with totals and chain head."""

    __tablename__ = "closing"
    __table_args__ = (UniqueConstraint("series", "kind", "period_start"),)

    series: Mapped[str] = mapped_column(String(1))
    kind: Mapped[ClosingKind] = mapped_column(str_enum(ClosingKind, "closing_kind"))
    period_start: Mapped[dt.date]
    period_end: Mapped[dt.date]
    closed_at: Mapped[dt.datetime]
    closed_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id"))
    receipt_count: Mapped[int] = mapped_column(Integer)
    totals_by_method: Mapped[dict[str, int]] = mapped_column(JSON)
    total_cents: Mapped[int] = mapped_column(Integer)
    grand_total_cents: Mapped[int] = mapped_column(Integer)
    last_receipt_number: Mapped[str] = mapped_column(String(20), default="")
    chain_head: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
