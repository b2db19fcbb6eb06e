"""Confidential caregiver follow-up: cases, relatives, interventions, notes, referrals.

Sensitive free text is stored only as AES-GCM ciphertext (``*_ct`` columns) under the data
key of a confidentiality level; see ``desktop.services.crypto``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Deletable, str_enum, utcnow
from desktop.vocabulary import (
    AgeBracket,
    CaseStatus,
    HelpedSituation,
    IdentifiedHow,
    InterventionKind,
    NoteLevel,
    PartnerKind,
    ReferralStatus,
)


class Partner(Deletable, Base):
    """A partner organisation (CCAS, CLIC, respite platform…) or an activity provider."""

    __tablename__ = "partner"

    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[PartnerKind] = mapped_column(str_enum(PartnerKind, "partner_kind"))
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Case(Deletable, Base):
    """A "dossier d'accompagnement" for one caregiver."""

    __tablename__ = "care_case"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), unique=True)
    status: Mapped[CaseStatus] = mapped_column(str_enum(CaseStatus, "case_status"))
    identified_how: Mapped[IdentifiedHow] = mapped_column(str_enum(IdentifiedHow, "identified_how"))
    shared_secrecy_consent_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    opened_on: Mapped[dt.date]
    closed_on: Mapped[dt.date | None] = mapped_column(default=None)
    # Team-level ciphertext of the sensitive summary (situation, context).
    summary_ct: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id"))


class CaseReferent(Deletable, Base):
    __tablename__ = "care_case_referent"
    __table_args__ = (UniqueConstraint("case_id", "user_id"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("care_case.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id"))


class HelpedRelative(Deletable, Base):
    """A person the caregiver helps (only coarse facts in clear, details encrypted)."""

    __tablename__ = "helped_relative"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("care_case.id"), index=True)
    relation: Mapped[str] = mapped_column(String(60))
    age_bracket: Mapped[AgeBracket] = mapped_column(str_enum(AgeBracket, "age_bracket"))
    situation: Mapped[HelpedSituation] = mapped_column(
        str_enum(HelpedSituation, "helped_situation")
    )
    details_ct: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)


class Intervention(Deletable, Base):
    __tablename__ = "intervention"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("care_case.id"), index=True)
    kind: Mapped[InterventionKind] = mapped_column(str_enum(InterventionKind, "intervention_kind"))
    at: Mapped[dt.datetime]
    duration_minutes: Mapped[int] = mapped_column(Integer, default=45)
    by_user: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id"))
    summary_ct: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)


class CaseNote(Deletable, Base):
    """A note readable by the team (social worker + psychologist) or the psychologist only."""

    __tablename__ = "case_note"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("care_case.id"), index=True)
    level: Mapped[NoteLevel] = mapped_column(str_enum(NoteLevel, "note_level"))
    key_version: Mapped[int] = mapped_column(Integer, default=1)
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id"))
    written_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    body_ct: Mapped[bytes] = mapped_column(LargeBinary)


class Referral(Deletable, Base):
    """An "orientation" of the caregiver towards a partner, with follow-up."""

    __tablename__ = "referral"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("care_case.id"), index=True)
    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partner.id"))
    status: Mapped[ReferralStatus] = mapped_column(str_enum(ReferralStatus, "referral_status"))
    referred_on: Mapped[dt.date]
    follow_up_on: Mapped[dt.date | None] = mapped_column(default=None)
    by_user: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id"))
    notes_ct: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)


class Reminder(Deletable, Base):
    __tablename__ = "reminder"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("care_case.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id"))
    due_on: Mapped[dt.date] = mapped_column(index=True)
    done: Mapped[bool] = mapped_column(default=False)
    text_ct: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


__all__ = [
    "Case",
    "CaseNote",
    "CaseReferent",
    "HelpedRelative",
    "Intervention",
    "Partner",
    "Referral",
    "Reminder",
]
