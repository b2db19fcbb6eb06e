"""The French summary of what a demo site holds, counted from the database itself."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from desktop.demo.accounts import Staff
from desktop.models import (
    Activity,
    Base,
    Case,
    CaseNote,
    CaseReferent,
    Closing,
    Intervention,
    MeetingFlag,
    Membership,
    Occurrence,
    OpeningException,
    Partner,
    Person,
    Receipt,
    ReducedPriceDecision,
    Referral,
    Registration,
    Reminder,
    Visit,
)
from desktop.vocabulary import (
    CaregiverStatus,
    ClosingKind,
    Gender,
    PartnerKind,
    RegistrationStatus,
)

ARRIVAL, REVEALED = CaregiverStatus.ON_ARRIVAL, CaregiverStatus.REVEALED
WAITING = RegistrationStatus.WAITLISTED
PROVIDER = PartnerKind.PROVIDER


def _count(session: Session, entity: type[Base], *criteria: ColumnElement[bool]) -> int:
    """Rows of ``entity`` matching every criterion."""
    return int(session.scalar(select(func.count()).select_from(entity).where(*criteria)) or 0)


def counts(session: Session, staff: Staff) -> tuple[tuple[str, int], ...]:
    """(French label, count) pairs in display order."""
    returning = session.scalar(
        select(func.count()).select_from(
            select(Visit.person_id)
            .where(Visit.person_id.is_not(None))
            .group_by(Visit.person_id)
            .having(func.count() >= 2)
            .subquery()
        )
    )
    tracks: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for case_id, user_id in session.execute(select(CaseReferent.case_id, CaseReferent.user_id)):
        tracks[case_id].add(user_id)
    social_only = sum(1 for users in tracks.values() if users == {staff.social})
    psychologist_only = sum(1 for users in tracks.values() if users == {staff.psychologue})
    both = sum(1 for users in tracks.values() if users == {staff.social, staff.psychologue})
    kept = Membership.cancelled.is_(False)
    members = session.scalar(select(func.count(func.distinct(Membership.person_id))).where(kept))
    return (
        ("Personnes accueillies", _count(session, Person)),
        ("… revenues plusieurs fois", int(returning or 0)),
        ("… femmes", _count(session, Person, Person.gender == Gender.FEMALE)),
        (
            "… aidantes dès leur arrivée",
            _count(session, Person, Person.caregiver_status == ARRIVAL),
        ),
        (
            "… révélées aidantes ensuite",
            _count(session, Person, Person.caregiver_status == REVEALED),
        ),
        ("Passages", _count(session, Visit)),
        ("… anonymes", _count(session, Visit, Visit.person_id.is_(None))),
        ("Adhérents", int(members or 0)),
        ("Adhésions (renouvellements compris)", _count(session, Membership, kept)),
        ("Décisions de tarif réduit", _count(session, ReducedPriceDecision)),
        ("Ateliers", _count(session, Activity)),
        ("Séances", _count(session, Occurrence)),
        ("Inscriptions", _count(session, Registration)),
        ("… en liste d'attente", _count(session, Registration, Registration.status == WAITING)),
        ("Jours de fermeture ou d'ouverture exceptionnelle", _count(session, OpeningException)),
        ("Prestataires d'activités", _count(session, Partner, Partner.kind == PROVIDER)),
        ("Partenaires", _count(session, Partner, Partner.kind != PROVIDER)),
        ("Signalements « à rencontrer »", _count(session, MeetingFlag)),
        ("Dossiers d'accompagnement", _count(session, Case)),
        ("… suivis par la chargée d'accompagnement social", social_only),
        ("… suivis par la psychologue", psychologist_only),
        ("… suivis par les deux", both),
        ("Interventions", _count(session, Intervention)),
        ("Notes chiffrées", _count(session, CaseNote)),
        ("Orientations vers des partenaires", _count(session, Referral)),
        ("Rappels", _count(session, Reminder)),
        ("Reçus de caisse", _count(session, Receipt)),
        ("… reçus d'annulation", _count(session, Receipt, Receipt.cancels_receipt_id.is_not(None))),
        ("Clôtures journalières", _count(session, Closing, Closing.kind == ClosingKind.DAY)),
        (
            "Clôtures mensuelles et annuelles",
            _count(session, Closing, Closing.kind != ClosingKind.DAY),
        ),
    )
