"""Short, realistic French texts for the confidential fields of the demo's cases.

Everything goes through :func:`compose`, so the texts can be changed in one place. They
name no one: the caregiver is "Mme"/"M." and the relative is "sa mère", "son fils"…
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import Enum

from desktop.vocabulary import HelpedSituation, InterventionKind, PartnerKind


class TextKind(Enum):
    CASE_SUMMARY = "case_summary"
    RELATIVE_DETAILS = "relative_details"
    INTERVENTION = "intervention"
    TEAM_NOTE = "team_note"
    PSYCHOLOGIST_NOTE = "psychologist_note"
    REFERRAL = "referral"
    REMINDER = "reminder"


@dataclass(frozen=True)
class TextContext:
    female: bool  # the caregiver
    age: int
    relative: str  # "sa mère"
    situation: HelpedSituation
    detail: str  # "maladie d'Alzheimer"
    employed: bool = False
    intervention: InterventionKind | None = None
    partner_name: str = ""
    partner_kind: PartnerKind | None = None

    @property
    def civ(self) -> str:
        return "Mme" if self.female else "M."

    @property
    def e(self) -> str:
        return "e" if self.female else ""


DETAILS = {
    HelpedSituation.AGE: (
        "perte d'autonomie liée à l'âge",
        "chutes à répétition",
        "début de troubles cognitifs",
        "isolement et dénutrition",
        "grande fatigue, ne sort plus seul·e",
    ),
    HelpedSituation.ILLNESS: (
        "maladie d'Alzheimer",
        "maladie de Parkinson",
        "cancer en cours de traitement",
        "suites d'un AVC",
        "insuffisance cardiaque",
        "sclérose en plaques",
        "troubles psychiques",
    ),
    HelpedSituation.DISABILITY: (
        "handicap mental",
        "trouble du spectre de l'autisme",
        "polyhandicap",
        "handicap moteur après un accident",
        "déficience visuelle",
    ),
}
LIVING = (
    "vit seul·e à domicile",
    "vit sous le même toit",
    "vit à domicile avec le passage d'une aide",
    "est entré·e en EHPAD récemment",
    "vit à proximité, visites quotidiennes",
)
NEEDS = (
    "du répit",
    "de l'information sur les aides",
    "un soutien psychologique",
    "l'aménagement du logement",
    "rompre l'isolement",
    "être reconnu{e} dans son rôle",
)

TEAM_NOTES = (
    "Premier entretien. {civ} accompagne {rel} ({detail}). Fatigue importante, peu de relais "
    "dans l'entourage. Dit « faire ce qu'il faut », ne se vit pas comme aidant{e}.",
    "Point sur les démarches : dossier APA en cours auprès du Département. {civ} souhaite "
    "des informations sur l'accueil de jour.",
    "{civ} signale une dégradation de l'état de {rel}. Rendez-vous avec la psychologue "
    "proposé, accepté.",
    "Retour positif après le répit de la semaine passée : {civ} a pu se reposer et revoir "
    "des amies. Continue la sophrologie le mercredi.",
    "Difficultés à concilier travail et présence auprès de {rel}. Information sur le congé "
    "de proche aidant remise.",
    "{civ} hésite encore à faire intervenir une aide à domicile (« ce n'est pas à des "
    "étrangers de s'en occuper »). On en reparle au prochain rendez-vous.",
    "Situation stable. {civ} vient régulièrement aux ateliers et dit s'y ressourcer.",
    "Inquiétude sur les finances : aides possibles listées, rendez-vous au CCAS à prendre.",
)
PSYCHOLOGIST_NOTES = (
    "Culpabilité très présente à l'idée de confier {rel} à une structure. Travail sur la "
    "légitimité de ses propres besoins.",
    "Épuisement émotionnel, sommeil perturbé. Évoque des moments de colère difficiles à accepter.",
    "Deuil blanc : ne reconnaît plus {rel} certains jours. Séance centrée sur ce qui demeure "
    "de la relation.",
    "Mieux depuis la reprise des activités à la Ressourcerie ; s'autorise des temps pour soi.",
    "Tensions familiales autour de la prise en charge, fratrie peu présente. À reprendre.",
    "Anxiété anticipatoire face à l'évolution de la maladie ; exercices de respiration proposés.",
    "Parle pour la première fois de son propre épuisement. Alliance de travail installée.",
)
ENDINGS = ("À revoir dans 15 jours.", "Prochain rendez-vous dans un mois.", "", "")
INTERVENTIONS = {
    InterventionKind.SOCIAL_INTERVIEW: (
        "Entretien : point sur la situation et les besoins de {civ}.",
        "Entretien d'accueil : présentation des accompagnements possibles.",
        "Entretien : préparation des démarches avec {civ}.",
    ),
    InterventionKind.PSYCHOLOGICAL_INTERVIEW: (
        "Entretien psychologique (séance de suivi).",
        "Entretien psychologique : premier rendez-vous.",
    ),
    InterventionKind.CALL: (
        "Appel de suivi : nouvelles de {rel}.",
        "Appel : {civ} annule et reporte le rendez-vous.",
        "Appel pendant le confinement : {civ} tient le coup, garde le lien par visio.",
    ),
    InterventionKind.HOME_VISIT: (
        "Visite à domicile : évaluation des besoins et de l'aménagement du logement.",
    ),
    InterventionKind.PARTNER_MEETING: ("Réunion de coordination avec {partner}.",),
    InterventionKind.OTHER: ("Accompagnement physique à un rendez-vous administratif.",),
}
REFERRALS = {
    PartnerKind.CCAS: "Demande d'aide financière ponctuelle et instruction d'un dossier.",
    PartnerKind.CLIC: "Évaluation des besoins et information sur l'APA.",
    PartnerKind.RESPITE: "Demande de halte-répit et de séjour de répit.",
    PartnerKind.HOME_CARE: "Mise en place d'heures d'aide à domicile.",
    PartnerKind.DAY_CARE: "Accueil de jour deux jours par semaine pour {rel}.",
    PartnerKind.HOSPITAL: "Bilan en consultation mémoire pour {rel}.",
    PartnerKind.INSURER: "Étude d'une aide de l'action sociale (financement de répit).",
    PartnerKind.ASSOCIATION: "Groupe de parole et formation des aidants.",
}
REMINDERS = (
    "Rappeler {civ} pour le retour de {partner}.",
    "Relancer {partner} : dossier en attente.",
    "Proposer un rendez-vous avec la psychologue.",
    "Faire le point après le séjour de répit.",
    "Vérifier la mise en place de l'aide à domicile.",
)


def compose(rng: random.Random, kind: TextKind, ctx: TextContext) -> str:
    """One text of the given kind for this caregiver's situation."""
    if kind is TextKind.RELATIVE_DETAILS:
        template = "{detail_cap}, {living}."
    elif kind is TextKind.CASE_SUMMARY:
        template = (
            "{civ}, {age} ans, aidant{e} de {rel} ({detail}) qui {living}. "
            "Besoins exprimés : {need}."
        )
        if ctx.employed:
            template += " En activité professionnelle."
    elif kind is TextKind.INTERVENTION:
        template = rng.choice(INTERVENTIONS[ctx.intervention or InterventionKind.OTHER])
    elif kind is TextKind.TEAM_NOTE:
        template = f"{rng.choice(TEAM_NOTES)} {rng.choice(ENDINGS)}"
    elif kind is TextKind.PSYCHOLOGIST_NOTE:
        template = f"{rng.choice(PSYCHOLOGIST_NOTES)} {rng.choice(ENDINGS)}"
    elif kind is TextKind.REFERRAL:
        template = REFERRALS.get(ctx.partner_kind or PartnerKind.OTHER, "Orientation proposée.")
    else:
        template = rng.choice(REMINDERS)
    text = template.format(
        civ=ctx.civ,
        e=ctx.e,
        age=ctx.age,
        rel=ctx.relative,
        detail=ctx.detail,
        detail_cap=ctx.detail[:1].upper() + ctx.detail[1:],
        living=rng.choice(LIVING),
        need=rng.choice(NEEDS).format(e=ctx.e),
        partner=ctx.partner_name or "le partenaire",
    )
    return text.strip()
