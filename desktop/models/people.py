"""Persons ("sourciers"), their visits, memberships, reduced-price decisions and flags."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import AppendOnly, Base, Deletable, str_enum, utcnow

if TYPE_CHECKING:
    from desktop.models.cash import Receipt
from desktop.vocabulary import (
    AgeBracket,
    CaregiverStatus,
    ConsentKind,
    Employment,
    FirstVisitAnswer,
    FlagReason,
    FlagStatus,
    Gender,
    HeardFrom,
    WelcomeStep,
)


class Person(Deletable, Base):
    """Anyone known by name at the reception."""

    __tablename__ = "person"

    # Human-facing number, e.g. "A-000123": series letter of the creating device + sequence.
    number: Mapped[str] = mapped_column(String(16), unique=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    # "Nom d'usage" or "nom de naissance": the other name the person is known by ('' if none).
    usage_name: Mapped[str] = mapped_column(String(80), default="")
    # Folded words of the three names (desktop.services.people.search_key), for the search.
    search_key: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")  # E.164
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    birth_year: Mapped[int | None] = mapped_column(Integer, default=None)
    gender: Mapped[Gender] = mapped_column(str_enum(Gender, "gender"), default=Gender.UNKNOWN)
    employment: Mapped[Employment] = mapped_column(
        str_enum(Employment, "employment"), default=Employment.UNKNOWN
    )
    heard_from: Mapped[HeardFrom | None] = mapped_column(
        str_enum(HeardFrom, "heard_from"), default=None
    )
    caregiver_status: Mapped[CaregiverStatus] = mapped_column(
        str_enum(CaregiverStatus, "caregiver_status"), default=CaregiverStatus.UNKNOWN
    )
    caregiver_status_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    first_visit_on: Mapped[dt.date | None] = mapped_column(default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_user.id"))
    # Where an imported person came from (« helloasso:… », « paheko:… »; '' if typed here):
    # importing the same file again finds the same persons.
    source_reference: Mapped[str] = mapped_column(String(120), default="", index=True)
    # A merged person is a tombstone (deleted) pointing to the person it was merged into.
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id"), default=None
    )


class ConsentEvent(AppendOnly, Base):
    """A consent given or withdrawn, when and by which staff member; the last one counts."""

    __tablename__ = "consent_event"
    __table_args__ = (Index("ix_consent_event_person_at", "person_id", "at"),)

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    consent: Mapped[ConsentKind] = mapped_column(str_enum(ConsentKind, "consent_kind"))
    given: Mapped[bool]
    at: Mapped[dt.datetime]
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_user.id"))


class Visit(AppendOnly, Base):
    """A "passage": someone came in. Anonymous visits keep only coarse facts.

    Visits are never changed: undoing one appends a cancelling visit (``cancels_visit_id``)
    repeating the person and facts of the one it cancels; statistics skip both.
    """

    __tablename__ = "visit"
    __table_args__ = (
        # The search ranks recent visitors first: their last visit is one index seek.
        Index("ix_visit_person_at", "person_id", "at"),
        CheckConstraint(
            "person_id IS NOT NULL OR anonymous_first_visit IS NOT NULL", name="anonymous_facts"
        ),
    )

    at: Mapped[dt.datetime] = mapped_column(index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"), index=True)
    anonymous_first_visit: Mapped[FirstVisitAnswer | None] = mapped_column(
        str_enum(FirstVisitAnswer, "first_visit_answer"), default=None
    )
    anonymous_gender: Mapped[Gender | None] = mapped_column(
        str_enum(Gender, "gender"), default=None
    )
    anonymous_age_bracket: Mapped[AgeBracket | None] = mapped_column(
        str_enum(AgeBracket, "age_bracket"), default=None
    )
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_user.id"))
    cancels_visit_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("visit.id"), default=None, unique=True
    )


class WelcomeCheck(AppendOnly, Base):
    """A first-visit checklist step ticked (or unticked) on a visit; the last one counts."""

    __tablename__ = "welcome_check"

    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visit.id"), index=True)
    step: Mapped[WelcomeStep] = mapped_column(str_enum(WelcomeStep, "welcome_step"))
    done: Mapped[bool]
    at: Mapped[dt.datetime]
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_user.id"))


class Membership(Deletable, Base):
    """A yearly "adhésion", granted after meeting the team and accepting the charter."""

    __tablename__ = "membership"
    __table_args__ = (
        CheckConstraint("valid_until >= valid_from", name="period"),
        Index("ix_membership_source_reference", "source_reference", unique=True),
    )

    number: Mapped[str] = mapped_column(String(20), unique=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    valid_from: Mapped[dt.date]
    valid_until: Mapped[dt.date]
    amount_cents: Mapped[int] = mapped_column(Integer)
    met_team_on: Mapped[dt.date]
    charter_accepted_at: Mapped[dt.datetime]
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_user.id"))
    receipt_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("receipt.id"))
    cancelled: Mapped[bool] = mapped_column(default=False)
    # An imported membership paid elsewhere (« helloasso:<order>:<n> »), else None.
    source_reference: Mapped[str | None] = mapped_column(String(120), default=None)
    # Never read: the receipt is written first (see WRITE_ORDER in models/cash.py).
    receipt: Mapped[Receipt | None] = relationship(lazy="raise")


class ReducedPriceDecision(Deletable, Base):
    """Staff decided this person pays the reduced price (who, when, why, until when)."""

    __tablename__ = "reduced_price_decision"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    decided_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    valid_until: Mapped[dt.date | None] = mapped_column(default=None)


class MeetingFlag(Deletable, Base):
    """A non-confidential "à rencontrer" flag for the social team's inbox."""

    __tablename__ = "meeting_flag"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    reason: Mapped[FlagReason] = mapped_column(str_enum(FlagReason, "flag_reason"))
    comment: Mapped[str] = mapped_column(String(280), default="")
    raised_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id"))
    raised_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[FlagStatus] = mapped_column(
        str_enum(FlagStatus, "flag_status"), default=FlagStatus.NEW
    )
    handled_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_user.id"))
    handled_at: Mapped[dt.datetime | None] = mapped_column(default=None)
