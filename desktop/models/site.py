"""Site, devices, settings and the local (never synced) state of this installation."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Synced, utcnow


class Site(Synced, Base):
    """The association's place; one per database."""

    __tablename__ = "site"

    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(Text, default="")
    legal_identifiers: Mapped[str] = mapped_column(Text, default="")
    legal_mention: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Device(Synced, Base):
    """An installation (reception PC, a laptop) with its own human-number series letter."""

    __tablename__ = "device"
    __table_args__ = (CheckConstraint("length(series) = 1 AND series GLOB '[A-Z]'", name="series"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
    name: Mapped[str] = mapped_column(String(80))
    series: Mapped[str] = mapped_column(String(1), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Setting(Synced, Base):
    """A site-wide setting, JSON-encoded; declared with its default in services.settings."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), unique=True)
    value: Mapped[Any] = mapped_column(JSON)


class LocalState(Base):
    """Facts about this installation only: which device and site it is.

    Not synced: each database has exactly one row.
    """

    __tablename__ = "local_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("device.id"))
    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"))
