"""The person card's lists as table models: visits, registrations, receipts, consent
history (the memberships are the MembershipPanel's)."""

from __future__ import annotations

from desktop.services.formatting import date_short, datetime_short, local, time_short
from desktop.services.person_card import (
    ReceiptSummary,
    RegistrationLine,
    VisitLine,
)
from desktop.services.person_records import ConsentRecord
from desktop.views.tables import RIGHT, Column
from desktop.vocabulary import CONSENT_LABELS, REGISTRATION_LABELS

VISIT_COLUMNS: tuple[Column[VisitLine], ...] = (
    Column("Date", lambda v: date_short(local(v.at).date()), sort_key=lambda v: v.at),
    Column("Heure", lambda v: time_short(v.at)),
    Column("Motifs", lambda v: v.reasons_text),
)


def _registration_status(line: RegistrationLine) -> str:
    status = REGISTRATION_LABELS[line.status]
    return f"{status} (séance annulée)" if line.cancelled_session else status


REGISTRATION_COLUMNS: tuple[Column[RegistrationLine], ...] = (
    Column("Séance", lambda r: datetime_short(r.starts_at), sort_key=lambda r: r.starts_at),
    Column("Atelier", lambda r: r.title),
    Column("Statut", _registration_status),
)

RECEIPT_COLUMNS: tuple[Column[ReceiptSummary], ...] = (
    Column("N° de reçu", lambda r: r.number),
    Column("Date", lambda r: datetime_short(r.issued_at), sort_key=lambda r: r.issued_at),
    Column("Montant", lambda r: r.amount, align=RIGHT, sort_key=lambda r: r.total_cents),
    Column("Remarque", lambda r: r.note),
)

CONSENT_COLUMNS: tuple[Column[ConsentRecord], ...] = (
    Column("Date", lambda c: datetime_short(c.at), sort_key=lambda c: c.at),
    Column("Consentement", lambda c: CONSENT_LABELS[c.kind]),
    Column("Décision", lambda c: "donné" if c.given else "retiré"),
    Column("Enregistré par", lambda c: c.recorded_by),
)
