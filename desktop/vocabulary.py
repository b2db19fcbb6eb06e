"""Domain vocabulary shared by every layer: enumerations and their French labels.

Pure Python (no SQLAlchemy, no Qt), so views, services and models can all import it.
Values are stable identifiers stored in the database; labels are what people read.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    ACCUEIL = "accueil"
    ANIMATION = "animation"
    SOCIAL = "social"
    PSYCHOLOGUE = "psychologue"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.ACCUEIL: "Accueil",
    Role.ANIMATION: "Animation",
    Role.SOCIAL: "Accompagnement social",
    Role.PSYCHOLOGUE: "Psychologue",
    Role.ADMIN: "Administration",
}


class Gender(StrEnum):
    FEMALE = "femme"
    MALE = "homme"
    OTHER = "autre"
    UNKNOWN = "non_precise"


GENDER_LABELS = {
    Gender.FEMALE: "Femme",
    Gender.MALE: "Homme",
    Gender.OTHER: "Autre",
    Gender.UNKNOWN: "Non précisé",
}


class Employment(StrEnum):
    EMPLOYED = "salarie"
    SELF_EMPLOYED = "independant"
    JOB_SEEKER = "demandeur_emploi"
    RETIRED = "retraite"
    STUDENT = "etudiant"
    INACTIVE = "sans_activite"
    UNKNOWN = "non_precise"


EMPLOYMENT_LABELS = {
    Employment.EMPLOYED: "Salarié·e",
    Employment.SELF_EMPLOYED: "Indépendant·e",
    Employment.JOB_SEEKER: "Demandeur·se d'emploi",
    Employment.RETIRED: "Retraité·e",
    Employment.STUDENT: "Étudiant·e",
    Employment.INACTIVE: "Sans activité professionnelle",
    Employment.UNKNOWN: "Non précisé",
}


class HeardFrom(StrEnum):
    WORD_OF_MOUTH = "bouche_a_oreille"
    PASSING_BY = "passage"
    SOCIAL_MEDIA = "reseaux_sociaux"
    WEBSITE = "site_internet"
    PARTNER = "partenaire"
    INSURER = "malakoff_humanis"
    PRESS = "presse"
    EVENT = "salon_evenement"
    OTHER = "autre"


HEARD_FROM_LABELS = {
    HeardFrom.WORD_OF_MOUTH: "Bouche-à-oreille",
    HeardFrom.PASSING_BY: "En passant devant",
    HeardFrom.SOCIAL_MEDIA: "Réseaux sociaux",
    HeardFrom.WEBSITE: "Site internet",
    HeardFrom.PARTNER: "Orienté·e par un partenaire",
    HeardFrom.INSURER: "Malakoff Humanis",
    HeardFrom.PRESS: "Presse",
    HeardFrom.EVENT: "Salon, événement",
    HeardFrom.OTHER: "Autre",
}


class CaregiverStatus(StrEnum):
    UNKNOWN = "inconnu"
    NOT_CAREGIVER = "non_aidant"
    ON_ARRIVAL = "aidant_arrivee"
    REVEALED = "aidant_revele"


CAREGIVER_LABELS = {
    CaregiverStatus.UNKNOWN: "Inconnu",
    CaregiverStatus.NOT_CAREGIVER: "Non aidant",
    CaregiverStatus.ON_ARRIVAL: "Aidant dès l'arrivée",
    CaregiverStatus.REVEALED: "Aidant révélé ensuite",
}


class VisitReason(StrEnum):
    ACTIVITY = "activite"
    INFORMATION = "information"
    SUPPORT = "accompagnement"
    CONVIVIALITY = "convivialite"
    OTHER = "autre"


VISIT_REASON_LABELS = {
    VisitReason.ACTIVITY: "Activité",
    VisitReason.INFORMATION: "Information",
    VisitReason.SUPPORT: "Accompagnement",
    VisitReason.CONVIVIALITY: "Convivialité",
    VisitReason.OTHER: "Autre",
}


class FirstVisitAnswer(StrEnum):
    """Whether an anonymous visitor comes for the first time, as they answered."""

    YES = "oui"
    NO = "non"
    UNKNOWN = "ne_sait_pas"


FIRST_VISIT_LABELS = {
    FirstVisitAnswer.YES: "Oui",
    FirstVisitAnswer.NO: "Non",
    FirstVisitAnswer.UNKNOWN: "Ne sait pas",
}


class WelcomeStep(StrEnum):
    """The receptionist's short checklist for a person's first visit."""

    PRESENT_PLACE = "presenter_lieu"
    OFFER_PROGRAMME = "proposer_planning"
    OFFER_NEWSLETTER = "proposer_lettre"


WELCOME_STEP_LABELS = {
    WelcomeStep.PRESENT_PLACE: "Présenter le lieu",
    WelcomeStep.OFFER_PROGRAMME: "Proposer le planning",
    WelcomeStep.OFFER_NEWSLETTER: "Proposer la lettre d'information",
}


class ConsentKind(StrEnum):
    """What a person agreed to; each is given or withdrawn as a dated event."""

    DATA = "donnees"
    NEWSLETTER = "lettre"
    PHOTOS = "photos"


CONSENT_LABELS = {
    ConsentKind.DATA: "Conservation des données",
    ConsentKind.NEWSLETTER: "Lettre d'information",
    ConsentKind.PHOTOS: "Droit à l'image (photos)",
}


class AgeBracket(StrEnum):
    UNDER_30 = "moins_30"
    FROM_30_TO_44 = "30_44"
    FROM_45_TO_59 = "45_59"
    FROM_60_TO_74 = "60_74"
    FROM_75 = "75_plus"
    UNKNOWN = "non_precise"


AGE_BRACKET_LABELS = {
    AgeBracket.UNDER_30: "Moins de 30 ans",
    AgeBracket.FROM_30_TO_44: "30 – 44 ans",
    AgeBracket.FROM_45_TO_59: "45 – 59 ans",
    AgeBracket.FROM_60_TO_74: "60 – 74 ans",
    AgeBracket.FROM_75: "75 ans et plus",
    AgeBracket.UNKNOWN: "Non précisé",
}


class ActivityCategory(StrEnum):
    PHYSICAL = "activite_physique"
    WELLBEING = "bien_etre"
    LEISURE = "loisirs"
    PRACTICAL = "atelier_pratique"
    CONVIVIAL = "convivialite"
    SUPPORT = "soutien"


ACTIVITY_CATEGORY_LABELS = {
    ActivityCategory.PHYSICAL: "Activité physique",
    ActivityCategory.WELLBEING: "Bien-être",
    ActivityCategory.LEISURE: "Loisirs et culture",
    ActivityCategory.PRACTICAL: "Atelier pratique",
    ActivityCategory.CONVIVIAL: "Temps convivial",
    ActivityCategory.SUPPORT: "Information et soutien",
}


class PriceCategory(StrEnum):
    PAID = "payant"
    FREE = "gratuit"


class TariffCode(StrEnum):
    FULL = "plein"
    MEMBER = "adherent"
    REDUCED = "reduit"
    FREE = "gratuit"
    MEMBERSHIP = "adhesion"


TARIFF_LABELS = {
    TariffCode.FULL: "Plein tarif",
    TariffCode.MEMBER: "Tarif adhérent",
    TariffCode.REDUCED: "Tarif réduit",
    TariffCode.FREE: "Gratuit",
    TariffCode.MEMBERSHIP: "Adhésion annuelle",
}


class RegistrationStatus(StrEnum):
    REGISTERED = "inscrit"
    WAITLISTED = "liste_attente"
    PRESENT = "present"
    ABSENT = "absent"
    CANCELLED = "annule"


REGISTRATION_LABELS = {
    RegistrationStatus.REGISTERED: "Inscrit·e",
    RegistrationStatus.WAITLISTED: "Liste d'attente",
    RegistrationStatus.PRESENT: "Présent·e",
    RegistrationStatus.ABSENT: "Absent·e",
    RegistrationStatus.CANCELLED: "Annulé",
}


class PaymentMethod(StrEnum):
    CASH = "especes"
    CARD = "carte"
    CHEQUE = "cheque"
    TRANSFER = "virement"


PAYMENT_METHOD_LABELS = {
    PaymentMethod.CASH: "Espèces",
    PaymentMethod.CARD: "Carte bancaire",
    PaymentMethod.CHEQUE: "Chèque",
    PaymentMethod.TRANSFER: "Virement",
}


class ReceiptLineKind(StrEnum):
    MEMBERSHIP = "adhesion"
    SESSION = "seance"
    OTHER = "autre"


class ClosingKind(StrEnum):
    DAY = "jour"
    MONTH = "mois"
    YEAR = "annee"


class CaseStatus(StrEnum):
    SPOTTED = "repere"
    FIRST_INTERVIEW = "premier_entretien"
    SUPPORT = "accompagnement"
    REFERRAL = "orientation"
    CLOSED = "clos"


CASE_STATUS_LABELS = {
    CaseStatus.SPOTTED: "Repéré",
    CaseStatus.FIRST_INTERVIEW: "Premier entretien",
    CaseStatus.SUPPORT: "Accompagnement",
    CaseStatus.REFERRAL: "Orientation",
    CaseStatus.CLOSED: "Clos",
}


class IdentifiedHow(StrEnum):
    ON_ARRIVAL = "arrivee"
    REVEALED = "revele"


class HelpedSituation(StrEnum):
    AGE = "age"
    DISABILITY = "handicap"
    ILLNESS = "maladie"


HELPED_SITUATION_LABELS = {
    HelpedSituation.AGE: "Âge",
    HelpedSituation.DISABILITY: "Handicap",
    HelpedSituation.ILLNESS: "Maladie",
}


class InterventionKind(StrEnum):
    SOCIAL_INTERVIEW = "entretien_social"
    PSYCHOLOGICAL_INTERVIEW = "entretien_psychologique"
    CALL = "appel"
    HOME_VISIT = "visite_domicile"
    PARTNER_MEETING = "reunion_partenaire"
    OTHER = "autre"


INTERVENTION_LABELS = {
    InterventionKind.SOCIAL_INTERVIEW: "Entretien social",
    InterventionKind.PSYCHOLOGICAL_INTERVIEW: "Entretien psychologique",
    InterventionKind.CALL: "Appel téléphonique",
    InterventionKind.HOME_VISIT: "Visite à domicile",
    InterventionKind.PARTNER_MEETING: "Réunion avec un partenaire",
    InterventionKind.OTHER: "Autre",
}


class NoteLevel(StrEnum):
    TEAM = "equipe"
    PSYCHOLOGIST = "psychologue"


class PartnerKind(StrEnum):
    CCAS = "ccas"
    CLIC = "clic"
    RESPITE = "plateforme_repit"
    HOME_CARE = "aide_domicile"
    DAY_CARE = "accueil_jour"
    HOSPITAL = "hopital"
    INSURER = "caisse_retraite"
    ASSOCIATION = "association"
    PROVIDER = "prestataire"
    OTHER = "autre"


PARTNER_KIND_LABELS = {
    PartnerKind.CCAS: "CCAS",
    PartnerKind.CLIC: "CLIC",
    PartnerKind.RESPITE: "Plateforme de répit",
    PartnerKind.HOME_CARE: "Service d'aide à domicile",
    PartnerKind.DAY_CARE: "Accueil de jour",
    PartnerKind.HOSPITAL: "Établissement de santé",
    PartnerKind.INSURER: "Caisse de retraite, prévoyance",
    PartnerKind.ASSOCIATION: "Association",
    PartnerKind.PROVIDER: "Prestataire d'activités",
    PartnerKind.OTHER: "Autre",
}


class ReferralStatus(StrEnum):
    PROPOSED = "proposee"
    ACCEPTED = "acceptee"
    IN_PROGRESS = "en_cours"
    DONE = "aboutie"
    DECLINED = "refusee"


REFERRAL_STATUS_LABELS = {
    ReferralStatus.PROPOSED: "Proposée",
    ReferralStatus.ACCEPTED: "Acceptée",
    ReferralStatus.IN_PROGRESS: "En cours",
    ReferralStatus.DONE: "Aboutie",
    ReferralStatus.DECLINED: "Refusée",
}


class FlagReason(StrEnum):
    SEEMS_CAREGIVER = "semble_aidant"
    ASKED_INFORMATION = "demande_information"
    TIRED_ISOLATED = "fatigue_isolement"
    ASKED_MEETING = "demande_rencontre"
    OTHER = "autre"


FLAG_REASON_LABELS = {
    FlagReason.SEEMS_CAREGIVER: "Semble accompagner un proche",
    FlagReason.ASKED_INFORMATION: "A demandé une information sur l'aide",
    FlagReason.TIRED_ISOLATED: "Fatigue, isolement",
    FlagReason.ASKED_MEETING: "Souhaite rencontrer l'équipe",
    FlagReason.OTHER: "Autre",
}


class FlagStatus(StrEnum):
    NEW = "nouveau"
    SEEN = "vu"
    HANDLED = "traite"


# --- Entity kinds of the change signal (desktop/services/changes.py) ----------------------


class EntityKind(StrEnum):
    """What kind of record a committed write touched (the views' refresh unit)."""

    PERSON = "person"
    VISIT = "visit"
    MEMBERSHIP = "membership"
    REDUCED_PRICE = "reduced_price"
    FLAG = "flag"
    RECEIPT = "receipt"
    CLOSING = "closing"
    TARIFF = "tariff"
    ACTIVITY = "activity"
    OCCURRENCE = "occurrence"
    REGISTRATION = "registration"
    ROOM = "room"
    OPENING_HOURS = "opening_hours"
    CASE = "case"
    PARTNER = "partner"
    USER = "user"
    SETTING = "setting"
    SITE = "site"
    AUDIT = "audit"


ENTITY_KIND_LABELS = {
    EntityKind.PERSON: "Personne",
    EntityKind.VISIT: "Passage",
    EntityKind.MEMBERSHIP: "Adhésion",
    EntityKind.REDUCED_PRICE: "Tarif réduit",
    EntityKind.FLAG: "Signalement",
    EntityKind.RECEIPT: "Reçu",
    EntityKind.CLOSING: "Clôture",
    EntityKind.TARIFF: "Tarif",
    EntityKind.ACTIVITY: "Atelier",
    EntityKind.OCCURRENCE: "Séance",
    EntityKind.REGISTRATION: "Inscription",
    EntityKind.ROOM: "Espace",
    EntityKind.OPENING_HOURS: "Horaires d'ouverture",
    EntityKind.CASE: "Dossier d'accompagnement",
    EntityKind.PARTNER: "Partenaire",
    EntityKind.USER: "Utilisateur",
    EntityKind.SETTING: "Réglage",
    EntityKind.SITE: "Site",
    EntityKind.AUDIT: "Journal d'audit",
}
FLAG_STATUS_LABELS = {
    FlagStatus.NEW: "Nouveau",
    FlagStatus.SEEN: "Vu",
    FlagStatus.HANDLED: "Traité",
}


PRICE_CATEGORY_LABELS = {PriceCategory.PAID: "Payant", PriceCategory.FREE: "Gratuit"}

RECEIPT_LINE_KIND_LABELS = {
    ReceiptLineKind.MEMBERSHIP: "Adhésion",
    ReceiptLineKind.SESSION: "Séance",
    ReceiptLineKind.OTHER: "Autre",
}

CLOSING_KIND_LABELS = {
    ClosingKind.DAY: "Clôture du jour",
    ClosingKind.MONTH: "Clôture du mois",
    ClosingKind.YEAR: "Clôture de l'année",
}

IDENTIFIED_HOW_LABELS = {
    IdentifiedHow.ON_ARRIVAL: "Dès l'arrivée",
    IdentifiedHow.REVEALED: "Révélé ensuite",
}

NOTE_LEVEL_LABELS = {NoteLevel.TEAM: "Équipe", NoteLevel.PSYCHOLOGIST: "Psychologue"}


# Registrations that hold one of the session's places (an absent person held theirs).
TAKES_A_PLACE = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.PRESENT,
    RegistrationStatus.ABSENT,
)
# Places still to be paid at the desk: an absence is not charged afterwards.
PAYABLE_PLACE = (RegistrationStatus.REGISTERED, RegistrationStatus.PRESENT)


class AuditAction(StrEnum):
    """What an audit entry records; values are stored and hashed, never renamed."""

    LOGIN = "connexion"
    USER_CREATED = "compte_cree"
    ROLES_CHANGED = "roles_modifies"
    PASSWORD_RESET = "mot_de_passe_reinitialise"
    PASSWORD_CHANGED = "mot_de_passe_change"
    USER_ACTIVATED = "compte_active"
    USER_DEACTIVATED = "compte_desactive"
    RECEIPT_ISSUED = "recu_emis"
    RECEIPT_CANCELLED = "recu_annule"
    DAY_CLOSED = "cloture_jour"
    MONTH_CLOSED = "cloture_mois"
    YEAR_CLOSED = "cloture_annee"
    TARIFF_CHANGED = "tarif_modifie"
    REDUCED_PRICE_DECIDED = "tarif_reduit_decide"
    REDUCED_PRICE_WITHDRAWN = "tarif_reduit_retire"
    CASES_LISTED = "dossiers_listes"
    NOTE_WRITTEN = "note_ecrite"
    NOTES_READ = "notes_lues"
    SETTING_CHANGED = "reglage_modifie"
    PERSONS_MERGED = "personnes_fusionnees"
    PERSONS_IMPORTED = "personnes_importees"


AUDIT_ACTION_LABELS = {
    AuditAction.LOGIN: "Connexion",
    AuditAction.USER_CREATED: "Compte créé",
    AuditAction.ROLES_CHANGED: "Rôles modifiés",
    AuditAction.PASSWORD_RESET: "Mot de passe réinitialisé",
    AuditAction.PASSWORD_CHANGED: "Mot de passe changé",
    AuditAction.USER_ACTIVATED: "Compte réactivé",
    AuditAction.USER_DEACTIVATED: "Compte désactivé",
    AuditAction.RECEIPT_ISSUED: "Reçu émis",
    AuditAction.RECEIPT_CANCELLED: "Reçu annulé",
    AuditAction.DAY_CLOSED: "Clôture du jour",
    AuditAction.MONTH_CLOSED: "Clôture du mois",
    AuditAction.YEAR_CLOSED: "Clôture de l'année",
    AuditAction.TARIFF_CHANGED: "Tarif modifié",
    AuditAction.REDUCED_PRICE_DECIDED: "Tarif réduit accordé",
    AuditAction.REDUCED_PRICE_WITHDRAWN: "Tarif réduit retiré",
    AuditAction.CASES_LISTED: "Liste des dossiers consultée",
    AuditAction.NOTE_WRITTEN: "Note de dossier écrite",
    AuditAction.NOTES_READ: "Notes de dossier lues",
    AuditAction.SETTING_CHANGED: "Réglage modifié",
    AuditAction.PERSONS_MERGED: "Fiches fusionnées",
    AuditAction.PERSONS_IMPORTED: "Personnes importées",
}

CLOSING_ACTIONS = {
    ClosingKind.DAY: AuditAction.DAY_CLOSED,
    ClosingKind.MONTH: AuditAction.MONTH_CLOSED,
    ClosingKind.YEAR: AuditAction.YEAR_CLOSED,
}


class AuditEntity(StrEnum):
    """What kind of record an audit entry names; values are stored and hashed."""

    STAFF_USER = "staff_user"
    RECEIPT = "receipt"
    CLOSING = "closing"
    TARIFF = "tariff"
    REDUCED_PRICE = "reduced_price_decision"
    CARE_CASE = "care_case"
    SETTING = "setting"
    PERSON = "person"


AUDIT_ENTITY_LABELS = {
    AuditEntity.STAFF_USER: "Compte",
    AuditEntity.RECEIPT: "Reçu",
    AuditEntity.CLOSING: "Clôture",
    AuditEntity.TARIFF: "Tarif",
    AuditEntity.REDUCED_PRICE: "Décision de tarif réduit",
    AuditEntity.CARE_CASE: "Dossier d'accompagnement",
    AuditEntity.SETTING: "Réglage",
    AuditEntity.PERSON: "Fiche personne",
}


# Every enumeration people read, with its French labels (tests check each member has one).
class MembershipValidity(StrEnum):
    """How long a membership lasts (the « membership_validity » setting)."""

    ROLLING = "rolling"  # the set number of months from the day it starts
    CALENDAR_YEAR = "calendar_year"  # until 31 December of the year it starts


MEMBERSHIP_VALIDITY_LABELS = {
    MembershipValidity.ROLLING: "Mois glissants (durée ci-dessus)",
    MembershipValidity.CALENDAR_YEAR: "Année civile (jusqu'au 31 décembre)",
}

LABELS: dict[type[StrEnum], Mapping[Any, str]] = {
    Role: ROLE_LABELS,
    Gender: GENDER_LABELS,
    Employment: EMPLOYMENT_LABELS,
    HeardFrom: HEARD_FROM_LABELS,
    CaregiverStatus: CAREGIVER_LABELS,
    VisitReason: VISIT_REASON_LABELS,
    AgeBracket: AGE_BRACKET_LABELS,
    FirstVisitAnswer: FIRST_VISIT_LABELS,
    WelcomeStep: WELCOME_STEP_LABELS,
    ConsentKind: CONSENT_LABELS,
    ActivityCategory: ACTIVITY_CATEGORY_LABELS,
    PriceCategory: PRICE_CATEGORY_LABELS,
    TariffCode: TARIFF_LABELS,
    RegistrationStatus: REGISTRATION_LABELS,
    PaymentMethod: PAYMENT_METHOD_LABELS,
    ReceiptLineKind: RECEIPT_LINE_KIND_LABELS,
    ClosingKind: CLOSING_KIND_LABELS,
    CaseStatus: CASE_STATUS_LABELS,
    IdentifiedHow: IDENTIFIED_HOW_LABELS,
    HelpedSituation: HELPED_SITUATION_LABELS,
    InterventionKind: INTERVENTION_LABELS,
    NoteLevel: NOTE_LEVEL_LABELS,
    PartnerKind: PARTNER_KIND_LABELS,
    ReferralStatus: REFERRAL_STATUS_LABELS,
    FlagReason: FLAG_REASON_LABELS,
    FlagStatus: FLAG_STATUS_LABELS,
    AuditAction: AUDIT_ACTION_LABELS,
    AuditEntity: AUDIT_ENTITY_LABELS,
    EntityKind: ENTITY_KIND_LABELS,
    MembershipValidity: MEMBERSHIP_VALIDITY_LABELS,
}
# Enumerations never shown to anyone (add one here only if no screen or print shows it).
INTERNAL: frozenset[type[StrEnum]] = frozenset()


def label(member: StrEnum) -> str:
    """The French label of any member of a labelled enumeration."""
    return LABELS[type(member)][member]


def stored_label(enum: type[StrEnum], value: str) -> str:
    """The label of a stored value, or a readable fallback for a value this version ignores."""
    try:
        member = enum(value)
    except ValueError:
        return value.replace("_", " ").capitalize()
    return LABELS[enum][member]
