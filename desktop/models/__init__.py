"""SQLAlchemy ORM entities of the whole domain. No Qt, no business rules."""

from desktop.models.audit import AuditEntry
from desktop.models.base import AppendOnly, Base, Deletable, Synced, new_id, utcnow
from desktop.models.care import (
    Case,
    CaseNote,
    CaseReferent,
    HelpedRelative,
    Intervention,
    Partner,
    Referral,
    Reminder,
)
from desktop.models.cash import Closing, Receipt, ReceiptLine, Tariff
from desktop.models.changelog import (
    AppendOnlyViolation,
    ChangeLogEntry,
    DeviceContext,
    SyncConflict,
    attach_device,
)
from desktop.models.clock import HybridLogicalClock
from desktop.models.people import (
    ConsentEvent,
    MeetingFlag,
    Membership,
    Person,
    ReducedPriceDecision,
    Visit,
    WelcomeCheck,
)
from desktop.models.programme import (
    Activity,
    ActivitySchedule,
    Occurrence,
    OpeningException,
    OpeningHours,
    Registration,
    Room,
)
from desktop.models.site import Device, LocalState, Setting, Site
from desktop.models.staff import DataKeyWrap, LoginThrottle, User, UserRole

__all__ = [
    "Activity",
    "ActivitySchedule",
    "AppendOnly",
    "AppendOnlyViolation",
    "AuditEntry",
    "Base",
    "Case",
    "CaseNote",
    "CaseReferent",
    "ChangeLogEntry",
    "Closing",
    "ConsentEvent",
    "DataKeyWrap",
    "Deletable",
    "Device",
    "DeviceContext",
    "HelpedRelative",
    "HybridLogicalClock",
    "Intervention",
    "LocalState",
    "LoginThrottle",
    "MeetingFlag",
    "Membership",
    "Occurrence",
    "OpeningException",
    "OpeningHours",
    "Partner",
    "Person",
    "Receipt",
    "ReceiptLine",
    "ReducedPriceDecision",
    "Referral",
    "Registration",
    "Reminder",
    "Room",
    "Setting",
    "Site",
    "SyncConflict",
    "Synced",
    "Tariff",
    "User",
    "UserRole",
    "Visit",
    "WelcomeCheck",
    "attach_device",
    "new_id",
    "utcnow",
]
