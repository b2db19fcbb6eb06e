"""Rooms, opening hours, activities, their dated occurrences and registrations."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Deletable, str_enum, utcnow

if TYPE_CHECKING:
    from desktop.models.cash import ReceiptLine
from desktop.vocabulary import ActivityCategory, PriceCategory, RegistrationStatus


class Room(Deletable, Base):
    """An "espace": cuisine/salon, espace activités, espace calme."""

    __tablename__ = "room"

    name: Mapped[str] = mapped_column(String(80), unique=True)
    capacity: Mapped[int] = mapped_column(Integer)
    confidential: Mapped[bool] = mapped_column(default=False)


class OpeningHours(Deletable, Base):
    """Regular weekly opening slot (local Europe/Paris times). Weekday 0 is Monday."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("closes_at > opens_at", name="slot"),
    )

    weekday: Mapped[int] = mapped_column(Integer)
    opens_at: Mapped[dt.time]
    closes_at: Mapped[dt.time]


class OpeningException(Deletable, Base):
    """A dated exception: closed day, or an extra opening such as the monthly Saturday."""

    __tablename__ = "opening_exception"

    on: Mapped[dt.date] = mapped_column(unique=True)
    closed: Mapped[bool] = mapped_column(default=False)
    opens_at: Mapped[dt.time | None] = mapped_column(default=None)
    closes_at: Mapped[dt.time | None] = mapped_column(default=None)
    label: Mapped[str] = mapped_column(String(120), default="")


class Activity(Deletable, Base):
    """An "atelier": what is offered, by whom, where, for how many, at which price category."""

    __tablename__ = "activity"

    title: Mapped[str] = mapped_column(String(120))
    category: Mapped[ActivityCategory] = mapped_column(
        str_enum(ActivityCategory, "activity_category")
    )
    description: Mapped[str] = mapped_column(Text, default="")
    provider_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("partner.id"))
    room_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("room.id"))
    capacity: Mapped[int] = mapped_column(Integer)
    price_category: Mapped[PriceCategory] = mapped_column(str_enum(PriceCategory, "price_category"))
    remote: Mapped[bool] = mapped_column(default=False)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=90)
    active: Mapped[bool] = mapped_column(default=True)


class ActivitySchedule(Deletable, Base):
    """Weekly recurrence of an activity between two dates (local time)."""

    __tablename__ = "activity_schedule"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),)

    activity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("activity.id"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[dt.time]
    valid_from: Mapped[dt.date]
    valid_until: Mapped[dt.date | None] = mapped_column(default=None)
    every_n_weeks: Mapped[int] = mapped_column(Integer, default=1)


class Occurrence(Deletable, Base):
    """A "séance": one dated occurrence of an activity (stored in UTC)."""

    __tablename__ = "occurrence"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="period"),)

    activity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("activity.id"), index=True)
    schedule_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("activity_schedule.id"))
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    ends_at: Mapped[dt.datetime]
    room_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("room.id"))
    capacity: Mapped[int] = mapped_column(Integer)
    remote: Mapped[bool] = mapped_column(default=False)
    cancelled: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")


class Registration(Deletable, Base):
    """A person's place (or waitlist position) for one occurrence."""

    __tablename__ = "registration"
    __table_args__ = (UniqueConstraint("occurrence_id", "person_id"),)

    occurrence_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("occurrence.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(
        str_enum(RegistrationStatus, "registration_status")
    )
    # Position on the waitlist; ordering key only (ties broken by registered_at).
    waitlist_rank: Mapped[int | None] = mapped_column(Integer, default=None)
    registered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    registered_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_user.id"))
    receipt_line_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("receipt_line.id"))
    # Never read: the paying line is written first (see WRITE_ORDER in models/cash.py).
    receipt_line: Mapped[ReceiptLine | None] = relationship(lazy="raise")
