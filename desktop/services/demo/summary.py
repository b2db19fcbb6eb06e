"""The French summary of what a demo site holds, counted from the database itself."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import (
    Activity,
    Case,
    CaseNote,
    CaseReferent,
    Intervention,
    MeetingFlag,
    Membership,
    Occurrence,
    OpeningException,
    Partner,
    Person,
    ReducedPriceDecision,
    Referral,
    Registration,
    Reminder,
    Visit,
)
from desktop.services.demo.accounts import Staff
from desktop.vocabulary import CaregiverStatus, Gender, PartnerKind, RegistrationStatus


def _count(session: Session, *criteria, of=None) -> int:  # type: ignore[no-untyped-def]
    query = select(func.count()).select_from(of) if of is not None else None
    assert query is not None
    if criteria:
        query = query.where(*criteria)
    return int(session.scalar(query) or 0)


def counts(session: Session, staff: Staff, payments: int) -> tuple[tuple[str, int], ...]:
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
    tracks: dict[object, set[object]] = defaultdict(set)
    for case_id, user_id in session.execute(select(CaseReferent.case_id, CaseReferent.user_id)):
        tracks[case_id].add(user_id)
    social_only = sum(1 for users in tracks.values() if users == {staff.social})
    psychologist_only = sum(1 for users in tracks.values() if users == {staff.psychologue})
    both = sum(1 for users in tracks.values() if users == {staff.social, staff.psychologue})
    members = session.scalar(select(func.count(func.distinct(Membership.person_id))))
    return (
        ("Personnes accueillies", _count(session, of=Person)),
        ("… revenues plusieurs fois", int(returning or 0)),
        ("… femmes", _count(session, Person.gender == Gender.FEMALE, of=Person)),
        (
            "… aidantes dès leur arrivée",
            _count(session, Person.caregiver_status == CaregiverStatus.ON_ARRIVAL, of=Person),
        ),
        (
            "… révélées aidantes ensuite",
            _count(session, Person.caregiver_status == CaregiverStatus.REVEALED, of=Person),
        ),
        ("Passages", _count(session, of=Visit)),
        ("… anonymes", _count(session, Visit.person_id.is_(None), of=Visit)),
        ("Adhérents", int(members or 0)),
        ("Adhésions (renouvellements compris)", _count(session, of=Membership)),
        ("Décisions de tarif réduit", _count(session, of=ReducedPriceDecision)),
        ("Ateliers", _count(session, of=Activity)),
        ("Séances", _count(session, of=Occurrence)),
        ("Inscriptions", _count(session, of=Registration)),
        (
            "… en liste d'attente",
            _count(session, Registration.status == RegistrationStatus.WAITLISTED, of=Registration),
        ),
        ("Jours de fermeture ou d'ouverture exceptionnelle", _count(session, of=OpeningException)),
        (
            "Prestataires d'activités",
            _count(session, Partner.kind == PartnerKind.PROVIDER, of=Partner),
        ),
        ("Partenaires", _count(session, Partner.kind != PartnerKind.PROVIDER, of=Partner)),
        ("Signalements « à rencontrer »", _count(session, of=MeetingFlag)),
        ("Dossiers d'accompagnement", _count(session, of=Case)),
        ("… suivis par la chargée d'accompagnement social", social_only),
        ("… suivis par la psychologue", psychologist_only),
        ("… suivis par les deux", both),
        ("Interventions", _count(session, of=Intervention)),
        ("Notes chiffrées", _count(session, of=CaseNote)),
        ("Orientations vers des partenaires", _count(session, of=Referral)),
        ("Rappels", _count(session, of=Reminder)),
        ("Paiements à encaisser (service de caisse à venir)", payments),
    )
