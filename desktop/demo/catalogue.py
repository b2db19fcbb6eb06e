"""The demo's weekly programme since April 2019, its providers and partners (plain data).

On-site workshops follow the opening calendar (no session on closed days, lockdowns
included); remote workshops ("ateliers à distance") start with the first lockdown of
March 2020 and some of them stay afterwards, as the place's digital offer grew.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.vocabulary import ActivityCategory as C
from desktop.vocabulary import PartnerKind as K

D = dt.date
T = dt.time
KITCHEN, ACTIVITY_SPACE, QUIET = "Cuisine / salon", "Espace activités", "Espace calme"


@dataclass(frozen=True)
class ScheduleSpec:
    weekday: int  # 0 = Monday
    starts: dt.time
    valid_from: dt.date
    valid_until: dt.date | None = None
    every: int = 1


@dataclass(frozen=True)
class ActivitySpec:
    key: str
    title: str
    category: C
    provider: str | None  # key of PROVIDERS
    room: str | None  # None: remote or outside (a museum)
    capacity: int
    paid: bool
    minutes: int
    popularity: float  # relative appeal when people pick their favourite workshops
    description: str
    schedules: tuple[ScheduleSpec, ...]
    remote: bool = False


@dataclass(frozen=True)
class PartnerSpec:
    key: str
    name: str
    kind: K
    notes: str = ""


PROVIDERS = (
    PartnerSpec("yoga", "Yoga Respire", K.PROVIDER, "Professeure de yoga diplômée."),
    PartnerSpec("pilates", "Pilates & Vous", K.PROVIDER),
    PartnerSpec("sophro", "Cabinet de sophrologie de Caudéran", K.PROVIDER),
    PartnerSpec("esthetique", "Prendre soin de soi – socio-esthétique", K.PROVIDER),
    PartnerSpec("guides", "Les Guides du Port de la Lune", K.PROVIDER, "Visites d'expositions."),
    PartnerSpec("crea", "Atelier Créa'Liens", K.PROVIDER),
    PartnerSpec("numerique", "Connexions solidaires", K.PROVIDER, "Médiation numérique."),
    PartnerSpec("dechet", "Collectif Moins de déchets", K.PROVIDER),
    PartnerSpec("ecriture", "Plumes vagabondes", K.PROVIDER),
    PartnerSpec("gym", "Gym Équilibre", K.PROVIDER),
)

SOCIAL_PARTNERS = (
    PartnerSpec("ccas_bdx", "CCAS de Bordeaux", K.CCAS),
    PartnerSpec("ccas_merignac", "CCAS de Mérignac", K.CCAS),
    PartnerSpec("clic", "CLIC de Bordeaux", K.CLIC),
    PartnerSpec("repit", "Plateforme d'accompagnement et de répit des aidants", K.RESPITE),
    PartnerSpec("repit_rd", "Plateforme de répit Rive droite", K.RESPITE),
    PartnerSpec("domicile", "Aide à domicile Bordeaux Métropole", K.HOME_CARE),
    PartnerSpec("domcare", "DomCare – intervention à domicile", K.HOME_CARE),
    PartnerSpec("portage", "Portage de repas et de courses solidaire", K.HOME_CARE),
    PartnerSpec("tilleuls", "Accueil de jour Les Tilleuls", K.DAY_CARE),
    PartnerSpec("jardin", "Accueil de jour Le Jardin des Mémoires", K.DAY_CARE),
    PartnerSpec("chu", "CHU de Bordeaux – consultation mémoire", K.HOSPITAL),
    PartnerSpec("mh", "Malakoff Humanis – action sociale retraite", K.INSURER),
    PartnerSpec("asso", "Association Aidants de Gironde", K.ASSOCIATION),
)

LOCK1 = (D(2020, 3, 17), D(2020, 5, 10))
LOCK2 = (D(2020, 10, 30), D(2020, 12, 14))


def _during_lockdowns(weekday: int, starts: dt.time) -> tuple[ScheduleSpec, ...]:
    return (
        ScheduleSpec(weekday, starts, LOCK1[0], LOCK1[1]),
        ScheduleSpec(weekday, starts, LOCK2[0], LOCK2[1]),
    )


ACTIVITIES = (
    ActivitySpec(
        "yoga",
        "Yoga doux",
        C.PHYSICAL,
        "yoga",
        ACTIVITY_SPACE,
        12,
        True,
        75,
        1.7,
        "Postures douces et respiration, accessibles à tous les corps.",
        (ScheduleSpec(1, T(10, 30), D(2019, 4, 2)),),
    ),
    ActivitySpec(
        "pilates",
        "Pilates",
        C.PHYSICAL,
        "pilates",
        ACTIVITY_SPACE,
        10,
        True,
        60,
        1.3,
        "Renforcement musculaire en douceur, sur tapis.",
        (ScheduleSpec(4, T(10, 30), D(2019, 4, 5), D(2023, 6, 30)),),
    ),
    ActivitySpec(
        "sophro",
        "Sophrologie",
        C.WELLBEING,
        "sophro",
        ACTIVITY_SPACE,
        10,
        True,
        60,
        1.6,
        "Relaxation et respiration pour mieux gérer le stress et la fatigue.",
        (ScheduleSpec(2, T(14), D(2019, 4, 3)),),
    ),
    ActivitySpec(
        "esthetique",
        "Atelier esthétique et soin de soi",
        C.WELLBEING,
        "esthetique",
        ACTIVITY_SPACE,
        6,
        True,
        90,
        1.4,
        "Soins du visage et des mains avec une socio-esthéticienne.",
        (ScheduleSpec(3, T(14, 30), D(2019, 4, 11), every=2),),
    ),
    ActivitySpec(
        "visite",
        "Visite guidée d'exposition",
        C.LEISURE,
        "guides",
        None,
        12,
        True,
        120,
        1.0,
        "Rendez-vous devant le musée ; visite commentée d'une exposition du moment.",
        (ScheduleSpec(4, T(14, 30), D(2019, 4, 26), every=4),),
    ),
    ActivitySpec(
        "conference",
        "Conférence-débat",
        C.LEISURE,
        None,
        KITCHEN,
        20,
        False,
        90,
        0.8,
        "Une intervenante invitée, un thème, un temps d'échange autour d'un café.",
        (ScheduleSpec(3, T(16), D(2019, 5, 9), every=4),),
    ),
    ActivitySpec(
        "aidants",
        "Temps d'échange entre aidants",
        C.SUPPORT,
        None,
        ACTIVITY_SPACE,
        8,
        False,
        90,
        0.7,
        "Un moment pour parler de ce que l'on vit auprès d'un proche, entre pairs.",
        (ScheduleSpec(0, T(14, 30), D(2019, 5, 6), every=2),),
    ),
    ActivitySpec(
        "creatif",
        "Atelier créatif",
        C.LEISURE,
        "crea",
        ACTIVITY_SPACE,
        10,
        True,
        120,
        1.2,
        "Couture, mosaïque, carterie : on crée ensemble, sans prérequis.",
        (ScheduleSpec(2, T(10, 30), D(2019, 4, 3)),),
    ),
    ActivitySpec(
        "numerique",
        "Atelier numérique",
        C.PRACTICAL,
        "numerique",
        ACTIVITY_SPACE,
        6,
        False,
        90,
        0.9,
        "Smartphone, tablette, démarches en ligne : venez avec vos questions.",
        (ScheduleSpec(1, T(14, 30), D(2019, 4, 2)),),
    ),
    ActivitySpec(
        "dechet",
        "Atelier zéro déchet",
        C.PRACTICAL,
        "dechet",
        ACTIVITY_SPACE,
        10,
        True,
        90,
        0.8,
        "Produits ménagers, cosmétiques maison, cuisine anti-gaspillage.",
        (ScheduleSpec(4, T(14, 30), D(2019, 6, 7), every=2),),
    ),
    ActivitySpec(
        "dejeuner",
        "Déjeuner partagé",
        C.CONVIVIAL,
        None,
        KITCHEN,
        16,
        False,
        90,
        1.3,
        "Chacun apporte un plat ; on déjeune ensemble dans la cuisine.",
        (ScheduleSpec(2, T(12, 15), D(2019, 4, 3)),),
    ),
    ActivitySpec(
        "gouter",
        "Goûter partagé",
        C.CONVIVIAL,
        None,
        KITCHEN,
        16,
        False,
        60,
        1.1,
        "Thé, café, gâteaux maison et discussions.",
        (ScheduleSpec(0, T(16), D(2019, 4, 8)),),
    ),
    ActivitySpec(
        "brunch",
        "Brunch du samedi",
        C.CONVIVIAL,
        None,
        KITCHEN,
        20,
        False,
        120,
        0.9,
        "Le samedi d'ouverture mensuel, un brunch ouvert à tous.",
        (ScheduleSpec(5, T(11), D(2019, 9, 1)),),
    ),
    ActivitySpec(
        "ecriture",
        "Atelier d'écriture",
        C.LEISURE,
        "ecriture",
        ACTIVITY_SPACE,
        8,
        True,
        90,
        0.8,
        "Jeux d'écriture et lectures partagées.",
        (ScheduleSpec(3, T(14, 30), D(2021, 9, 16), every=2),),
    ),
    ActivitySpec(
        "gym",
        "Gym douce",
        C.PHYSICAL,
        "gym",
        ACTIVITY_SPACE,
        12,
        True,
        60,
        1.2,
        "Équilibre, souplesse et renforcement, assis ou debout.",
        (ScheduleSpec(4, T(10, 30), D(2023, 9, 1)),),
    ),
    ActivitySpec(
        "yoga_soir",
        "Yoga du soir",
        C.PHYSICAL,
        "yoga",
        ACTIVITY_SPACE,
        12,
        True,
        75,
        1.1,
        "Le yoga en fin de journée, pour celles et ceux qui travaillent.",
        (ScheduleSpec(1, T(16, 45), D(2022, 1, 4)),),
    ),
    # Remote workshops ("ateliers à distance"), from the first lockdown on.
    ActivitySpec(
        "yoga_visio",
        "Yoga à distance",
        C.PHYSICAL,
        "yoga",
        None,
        15,
        True,
        60,
        1.0,
        "Séance en visio : un tapis, une connexion, et c'est parti.",
        (*_during_lockdowns(1, T(10, 30)), ScheduleSpec(3, T(18, 30), D(2021, 1, 7))),
        remote=True,
    ),
    ActivitySpec(
        "sophro_visio",
        "Sophrologie à distance",
        C.WELLBEING,
        "sophro",
        None,
        15,
        True,
        60,
        1.0,
        "Relaxation guidée en visio.",
        (*_during_lockdowns(2, T(14)), ScheduleSpec(0, T(18), D(2021, 1, 4))),
        remote=True,
    ),
    ActivitySpec(
        "gouter_visio",
        "Goûter virtuel",
        C.CONVIVIAL,
        None,
        None,
        20,
        False,
        60,
        0.9,
        "Prendre des nouvelles les uns des autres, chacun devant sa tasse.",
        (
            ScheduleSpec(4, T(16), D(2020, 3, 20), D(2020, 6, 26)),
            ScheduleSpec(4, T(16), LOCK2[0], D(2020, 12, 18)),
        ),
        remote=True,
    ),
    ActivitySpec(
        "numerique_visio",
        "Atelier numérique à distance",
        C.PRACTICAL,
        "numerique",
        None,
        8,
        False,
        60,
        0.7,
        "Garder le lien : visio, messageries, démarches en ligne.",
        (
            ScheduleSpec(3, T(10, 30), D(2020, 3, 26), D(2020, 12, 17)),
            ScheduleSpec(3, T(10, 30), D(2021, 1, 7), every=2),
        ),
        remote=True,
    ),
    ActivitySpec(
        "aidants_visio",
        "Groupe d'échange entre aidants à distance",
        C.SUPPORT,
        None,
        None,
        8,
        False,
        90,
        0.6,
        "Le temps d'échange entre aidants, en visio, en soirée.",
        (ScheduleSpec(2, T(18), D(2020, 4, 1), every=2),),
        remote=True,
    ),
    ActivitySpec(
        "creatif_visio",
        "Atelier créatif à distance",
        C.LEISURE,
        "crea",
        None,
        12,
        True,
        90,
        0.8,
        "Le matériel est à retirer à la Ressourcerie ou à trouver chez soi.",
        _during_lockdowns(2, T(10, 30)),
        remote=True,
    ),
    ActivitySpec(
        "conference_visio",
        "Conférence en ligne",
        C.LEISURE,
        None,
        None,
        30,
        False,
        90,
        0.7,
        "Conférence et questions en direct, en visio.",
        (ScheduleSpec(3, T(17), D(2020, 4, 9), every=4),),
        remote=True,
    ),
)

CANCEL_NOTES = (
    "Annulée : intervenante indisponible.",
    "Annulée : trop peu d'inscrits.",
    "Annulée : salle indisponible (travaux).",
    "Annulée : intempéries.",
)
