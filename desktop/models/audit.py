"""Append-only, hash-chained audit log: who did what, when; never any content."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import AppendOnly, Base


class AuditEntry(AppendOnly, Base):
    """One audited action. The chain (``prev_hash`` → ``hash``) is kept per device."""

    __tablename__ = "audit_entry"
    __table_args__ = (UniqueConstraint("device_id", "seq"),)

    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("device.id"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_user.id"))
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(60), default="")
    entity_id: Mapped[str] = mapped_column(String(36), default="")
    # A short non-personal fact (a setting's "5 → 10"); empty for most actions.
    detail: Mapped[str] = mapped_column(String(200), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
