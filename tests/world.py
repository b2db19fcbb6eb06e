"""The one test world: a site made by the set-up code, its staff and its tariffs.

Importable without pytest (worker processes of the concurrency tests use it). Amounts of
the tariffs come from the set-up defaults, so a test never copies them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.models import Activity, Occurrence, Person
from desktop.services import crypto
from desktop.services.database import open_database
from desktop.services.formatting import to_utc
from desktop.services.numbering import next_person_number
from desktop.services.people import search_key
from desktop.services.setup import DEFAULT_TARIFFS, SiteSetup, create_site
from desktop.services.users import add_user
from desktop.vocabulary import (
    ActivityCategory,
    Gender,
    NoteLevel,
    PriceCategory,
    Role,
    TariffCode,
)

ADMIN_PASSWORD = "admin-secret-1"
SITE = SiteSetup(
    site_name="La Ressourcerie",
    address="21 cours de Verdun\n33000 Bordeaux",
    series="A",
    device_name="Accueil",
    admin_username="admin",
    admin_display_name="Camille Martin",
    admin_password=ADMIN_PASSWORD,
    legal_identifiers="SIRET 123 456 789 00012 – RNA W332000000",
)
# The staff besides the administrator: username → (display name, roles); all use STAFF_PASSWORD.
STAFF = {
    "accueil": ("Léa Dubois", [Role.ACCUEIL]),
    "social": ("Inès Garnier", [Role.SOCIAL]),
}
STAFF_PASSWORD = "motdepasse-test-1"

FULL = DEFAULT_TARIFFS[TariffCode.FULL]
MEMBER = DEFAULT_TARIFFS[TariffCode.MEMBER]
REDUCED = DEFAULT_TARIFFS[TariffCode.REDUCED]
MEMBERSHIP = DEFAULT_TARIFFS[TariffCode.MEMBERSHIP]


def build_site(path: Path, *, staff: bool = False) -> Path:
    """Set up SITE in a new file at ``path`` (with STAFF when ``staff``)."""
    database = open_database(path)
    try:
        create_site(database, SITE)
        if staff:
            with database.session() as session:
                for username, (name, roles) in STAFF.items():
                    add_user(session, username, name, STAFF_PASSWORD, roles)
    finally:
        database.close()
    return path


def add_person(
    session: Session,
    first: str = "Marie",
    last: str = "Dupont",
    *,
    number: str | None = None,
    gender: Gender = Gender.FEMALE,
    **extra: object,
) -> Person:
    """A person row (next number of the site's series unless ``number``), flushed."""
    person = Person(
        number=number or next_person_number(session, SITE.series),
        first_name=first,
        last_name=last,
        search_key=search_key(first, last, str(extra.get("usage_name", ""))),
        gender=gender,
        **extra,
    )
    session.add(person)
    session.flush()
    return person


def add_session(
    session: Session,
    day: dt.date,
    *,
    title: str = "Yoga doux",
    hour: int = 14,
    capacity: int = 12,
    free: bool = False,
    category: ActivityCategory = ActivityCategory.PHYSICAL,
) -> Occurrence:
    """An activity and one occurrence of it on ``day`` (Paris), 1 h 30 from ``hour``."""
    activity = Activity(
        title=title,
        category=category,
        capacity=capacity,
        price_category=PriceCategory.FREE if free else PriceCategory.PAID,
    )
    session.add(activity)
    session.flush()
    occurrence = Occurrence(
        activity_id=activity.id,
        starts_at=to_utc(day, dt.time(hour)),
        ends_at=to_utc(day, dt.time(hour + 1, 30)),
        capacity=capacity,
    )
    session.add(occurrence)
    session.flush()
    return occurrence


CARE_PASSWORDS = {"cesf": "social-pass-1", "psy": "psy-pass-1"}


def add_care_team(session: Session) -> tuple[uuid.UUID, uuid.UUID]:
    """A social worker (``cesf``) and a psychologist (``psy``) holding their note-level keys.

    Both hold the team level, only the psychologist the psychologist level. Returns their ids.
    """
    social = add_user(session, "cesf", "Nadia Social", CARE_PASSWORDS["cesf"], [Role.SOCIAL])
    psy = add_user(session, "psy", "Hélène Psy", CARE_PASSWORDS["psy"], [Role.PSYCHOLOGUE])
    holders = [(social.id, CARE_PASSWORDS["cesf"]), (psy.id, CARE_PASSWORDS["psy"])]
    crypto.create_level_key(session, NoteLevel.TEAM, holders)
    crypto.create_level_key(session, NoteLevel.PSYCHOLOGIST, holders[1:])
    return social.id, psy.id
