"""Declarative base, column types and the sync mixins shared by every entity."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import Boolean, DateTime, MetaData, String, TypeDecorator, Uuid
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from uuid6 import uuid7

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> uuid.UUID:
    """A time-ordered UUIDv7, so rows created later sort later and index locality is good."""
    return uuid.UUID(bytes=uuid7().bytes)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores timezone-aware datetimes as naive UTC; refuses naive input."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


def str_enum(enum_cls: type[enum.Enum], name: str) -> SAEnum:
    """Enum column stored as its value (readable in SQL, portable across versions)."""
    return SAEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime(), uuid.UUID: Uuid()}


class Synced:
    """Mixin for every row that travels between devices.

    ``hlc`` and ``origin_device`` are filled by the change-log hook at flush time
    (see ``desktop.models.changelog``), never by services.
    """

    __synced__ = True
    __append_only__ = False
    __deletable__ = False

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    hlc: Mapped[str] = mapped_column(String(48), default="", index=True)
    origin_device: Mapped[str] = mapped_column(String(36), default="")


class Deletable(Synced):
    """Synced rows that are deleted by tombstone, so the deletion itself syncs."""

    __deletable__ = True

    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class AppendOnly(Synced):
    """Synced rows that are written once and never updated nor deleted."""

    __append_only__ = True
