"""First run: create the site, this device, the administrator and sensible defaults."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from desktop.models import (
    Device,
    HybridLogicalClock,
    LocalState,
    OpeningHours,
    Room,
    Site,
    Tariff,
)
from desktop.models.changelog import DeviceContext, attach_device
from desktop.services.auth import check_confirmation, check_password_rules
from desktop.services.clock import attach_clock
from desktop.services.database import Database
from desktop.services.errors import FieldChecks, ValidationError
from desktop.services.users import add_user, display_name_rules, normalise_username
from desktop.vocabulary import Role, TariffCode

SERIES_RE = re.compile(r"^[A-Z]$")

DEFAULT_ROOMS = (
    ("Cuisine / salon", 20, False),
    ("Espace activités", 14, False),
    ("Espace calme", 4, True),
)
# Tue, Wed, Fri 10:00–18:00; Mon and Thu afternoons.
DEFAULT_OPENING_HOURS = (
    (0, dt.time(14), dt.time(18)),
    (1, dt.time(10), dt.time(18)),
    (2, dt.time(10), dt.time(18)),
    (3, dt.time(14), dt.time(18)),
    (4, dt.time(10), dt.time(18)),
)
DEFAULT_TARIFFS = {
    TariffCode.FULL: 1200,
    TariffCode.MEMBER: 600,
    TariffCode.REDUCED: 450,
    TariffCode.FREE: 0,
    TariffCode.MEMBERSHIP: 2900,
}
TARIFFS_SINCE = dt.date(2019, 4, 1)


@dataclass(frozen=True)
class SiteSetup:
    site_name: str
    address: str
    series: str
    device_name: str
    admin_username: str
    admin_display_name: str
    admin_password: str
    legal_identifiers: str = ""
    is_demo: bool = False
    # The password typed again in the set-up form (None where nobody types it).
    admin_password_confirmation: str | None = None


def _site_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise ValidationError("Indiquez le nom du lieu.", "site_name")
    if len(name) > 120:
        raise ValidationError("Le nom du lieu est trop long (120 caractères au plus).", "site_name")
    return name


def _series(text: str) -> str:
    series = text.strip().upper()
    if not SERIES_RE.fullmatch(series):
        raise ValidationError(
            "La lettre de série de ce poste est une seule lettre de A à Z, sans accent "
            "(par exemple A pour l'accueil, B pour un portable).",
            "series",
        )
    return series


def validate(setup: SiteSetup) -> SiteSetup:
    """Normalise the wizard's input, or raise every refusal at once (ValidationErrors),
    each naming its field; the administrator account follows the accounts' rules."""
    checks = FieldChecks()
    name = checks.run(_site_name, setup.site_name)
    series = checks.run(_series, setup.series)
    username = checks.run(normalise_username, setup.admin_username)
    checks.run(display_name_rules, setup.admin_display_name)
    checks.run(check_password_rules, setup.admin_password, username or "")
    checks.run(check_confirmation, setup.admin_password, setup.admin_password_confirmation)
    checks.raise_any()
    assert name is not None and series is not None
    device_name = " ".join(setup.device_name.split()) or "Poste d'accueil"
    return SiteSetup(
        site_name=name,
        address=setup.address.strip(),
        series=series,
        device_name=device_name[:80],
        admin_username=setup.admin_username,
        admin_display_name=setup.admin_display_name,
        admin_password=setup.admin_password,
        legal_identifiers=setup.legal_identifiers.strip(),
        is_demo=setup.is_demo,
    )


def create_site(database: Database, setup: SiteSetup) -> None:
    """Create everything a new installation needs, in one transaction (dated and given ids
    by the database's clock)."""
    if database.is_set_up:
        raise ValidationError("Ce fichier de données contient déjà un lieu.")
    setup = validate(setup)
    device_id = database.clock.new_id()
    context = DeviceContext(device_id=device_id, clock=HybridLogicalClock(str(device_id)))
    with database.session_factory() as session:
        attach_clock(session, database.clock)
        attach_device(session, context)
        site = Site(
            name=setup.site_name,
            address=setup.address,
            legal_identifiers=setup.legal_identifiers,
            legal_mention="Association loi 1901 – non assujettie à la TVA (art. 261-7-1° du CGI).",
            is_demo=setup.is_demo,
        )
        session.add(site)
        session.flush()
        session.add(
            Device(id=device_id, site_id=site.id, name=setup.device_name, series=setup.series)
        )
        session.flush()
        session.add(LocalState(device_id=device_id, site_id=site.id))
        add_user(
            session,
            setup.admin_username,
            setup.admin_display_name,
            setup.admin_password,
            [Role.ADMIN],
        )
        for name, capacity, confidential in DEFAULT_ROOMS:
            session.add(Room(name=name, capacity=capacity, confidential=confidential))
        for weekday, opens, closes in DEFAULT_OPENING_HOURS:
            session.add(OpeningHours(weekday=weekday, opens_at=opens, closes_at=closes))
        for code, cents in DEFAULT_TARIFFS.items():
            session.add(Tariff(code=code, amount_cents=cents, effective_from=TARIFFS_SINCE))
        session.commit()
    database.device = context


@dataclass(frozen=True)
class SiteInfo:
    name: str
    address: str
    series: str
    device_name: str
    is_demo: bool


def site_info(database: Database) -> SiteInfo | None:
    if database.device is None:
        return None
    with database.session() as session:
        state = session.get(LocalState, 1)
        assert state is not None
        site = session.get(Site, state.site_id)
        device = session.get(Device, state.device_id)
        assert site is not None and device is not None
        return SiteInfo(site.name, site.address, device.series, device.name, site.is_demo)
