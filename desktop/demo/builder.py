"""``build_demo``: a whole demo site in a new file, written atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import math
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.demo import summary
from desktop.demo.accounts import (
    ADMIN_ACCOUNT,
    create_accounts,
    create_data_keys,
)
from desktop.demo.attendance import anonymous_visits, plan_attendance, registration_row
from desktop.demo.calendar import SiteCalendar
from desktop.demo.cases import plan_cases
from desktop.demo.confidential import Sealer
from desktop.demo.context import DEMO_START, HORIZON, SERIES, Progress, Simulation
from desktop.demo.digest import data_hash
from desktop.demo.flags import plan_flags
from desktop.demo.followup import plan_followup
from desktop.demo.ids import IdFactory
from desktop.demo.memberships import plan_memberships, plan_reduced_prices, reduced_row
from desktop.demo.payments import plan_payments
from desktop.demo.people import OpenDays, consent_rows, person_row, plan_people
from desktop.demo.programme import occurrence_row, plan_programme
from desktop.demo.till import TillSummary, settle_payments
from desktop.demo.writer import Writer
from desktop.services.cash.tariffs import membership_validity_months
from desktop.services.clock import ManualClock, machine_today
from desktop.services.database import Database, open_database
from desktop.services.errors import DatabaseOpenError, ValidationError
from desktop.services.setup import SiteSetup, create_site

MAX_SCALE = 50
WRITTEN = 0.62  # share of the progress bar when every row but the till's is written
SET_UP_AT = dt.datetime(2019, 3, 25, 9, tzinfo=dt.UTC)  # the week before the inauguration
EARLIEST_TODAY = dt.date(2019, 5, 1)
LATEST_TODAY = dt.date(2050, 12, 31)
SITE = SiteSetup(
    site_name="La Ressourcerie (démonstration)",
    address="21 cours de Verdun, 33000 Bordeaux",
    series=SERIES,
    device_name="Accueil – démonstration",
    admin_username=ADMIN_ACCOUNT.username,
    admin_display_name=ADMIN_ACCOUNT.display_name,
    admin_password=ADMIN_ACCOUNT.password,
    legal_identifiers="Site de démonstration : toutes les personnes sont fictives.",
    is_demo=True,
)


@dataclass(frozen=True)
class DemoSummary:
    counts: tuple[tuple[str, int], ...]  # (French label, count) in display order
    data_hash: str
    seconds: float
    # Receipt lines the cash service charged at another tier than the plan (0 expected).
    tier_disagreements: int = 0


def check_scale(scale: float) -> float:
    try:
        value = float(scale)
    except (TypeError, ValueError):
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= MAX_SCALE):
        raise ValidationError(
            f"L'échelle doit être un nombre strictement positif, au plus {MAX_SCALE} "
            "(1 = la taille réelle du lieu, environ 1 000 personnes).",
            "scale",
        )
    return value


def check_today(today: dt.date) -> dt.date:
    if isinstance(today, dt.datetime):
        today = today.date()
    if not EARLIEST_TODAY <= today <= LATEST_TODAY:
        raise ValidationError(
            "La date du jour de la démonstration doit être comprise entre le 1er mai 2019 "
            "et le 31 décembre 2050.",
            "today",
        )
    return today


def check_target(path: Path, overwrite: bool) -> Path:
    """The resolved destination, or a French ValidationError; creates missing folders."""
    path = Path(path).expanduser().resolve()
    if path.is_dir():
        raise ValidationError(f"« {path} » est un dossier : indiquez un nom de fichier.", "path")
    if path.exists() and not overwrite:
        raise ValidationError(
            f"Le fichier « {path} » existe déjà ; il n'a pas été modifié. "
            "Choisissez un autre fichier ou confirmez son remplacement.",
            "path",
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError(
            f"Impossible de créer le dossier « {path.parent} » : {exc.strerror or exc}.", "path"
        ) from exc
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise ValidationError(
            f"Impossible d'écrire dans le dossier « {path.parent} » (droits d'accès).", "path"
        )
    return path


def build_demo(
    path: Path,
    *,
    scale: float = 1,
    seed: int = 2019,
    today: dt.date | None = None,
    overwrite: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DemoSummary:
    """Build a realistic demo site (fictitious people) from April 2019 to ``today`` + 4 weeks.

    The file is built next to ``path`` and renamed into place only on success: a
    cancellation (DemoCancelled) or an error leaves no partial file and an existing
    ``path`` untouched. Raises ValidationError (French) on bad arguments.
    """
    started = time.perf_counter()
    scale = check_scale(scale)
    today = check_today(today or machine_today())
    target = check_target(path, overwrite)
    ticker = Progress(progress, cancelled)
    ticker.report(0.0, "Préparation du fichier")
    temp = target.with_name(f".{target.name}.{os.getpid()}.demo-tmp")
    _remove_database_files(temp)
    try:
        counts, digest, till = _build(temp, scale, seed, today, ticker)
        ticker.check()  # the last moment a cancellation still leaves everything as it was
        _remove_database_files(target, main=False)
        os.replace(temp, target)
    except BaseException:
        _remove_database_files(temp)
        raise
    ticker.report(1.0, "Site de démonstration prêt")
    return DemoSummary(
        counts=counts,
        data_hash=digest,
        seconds=time.perf_counter() - started,
        tier_disagreements=till.disagreements,
    )


def _remove_database_files(path: Path, *, main: bool = True) -> None:
    names = [path.name] if main else []
    names += [f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"]
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            (path.parent / name).unlink()


def _build(
    temp: Path, scale: float, seed: int, today: dt.date, ticker: Progress
) -> tuple[tuple[tuple[str, int], ...], str, TillSummary]:
    try:
        database = open_database(temp)
    except DatabaseOpenError as error:
        raise ValidationError(error.message, "path") from error
    # Every session of the build runs on simulated time with seeded ids: the site is set up
    # the week before the inauguration, the history is written as of "today" and the till
    # moves the clock to each of its moments.
    clock = ManualClock(SET_UP_AT, IdFactory(random.Random(f"ressourcerie-demo:{seed}:clock")))
    database.clock = clock
    try:
        create_site(database, SITE)
        ticker.report(0.01, "Comptes de l'équipe et clés de chiffrement")
        with database.session() as session:
            staff = create_accounts(session)
            sealer = Sealer(create_data_keys(session, staff))
            sim = Simulation(
                seed=seed,
                scale=scale,
                today=today,
                staff=staff,
                calendar=SiteCalendar(DEMO_START, today + HORIZON),
                progress=ticker,
            )
            clock.set(sim.now)
            till = _generate(session, sim, sealer, clock)
        ticker.report(0.94, "Vérification et empreinte des données")
        with database.session() as session:
            counts = summary.counts(session, staff)
            digest = data_hash(session.connection(), sealer)
        _checkpoint(database)
    finally:
        database.close()
    return counts, digest, till


def _checkpoint(database: Database) -> None:
    """Fold the write-ahead log into the file, so the single file is the whole site."""
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        raw.close()


def _generate(
    session: Session, sim: Simulation, sealer: Sealer, clock: ManualClock
) -> TillSummary:
    """Plan the whole history in memory, write it, then take its payments at the till."""
    ticker = sim.progress
    ticker.report(0.04, "Calendrier et programme des ateliers")
    programme = plan_programme(session, sim)
    ticker.report(0.06, "Personnes")
    days = OpenDays(sim)
    persons = plan_people(sim, days)
    ticker.report(0.08, "Inscriptions et passages")
    registrations, visits = plan_attendance(sim, days, persons, programme)
    ticker.report(0.14, "Accompagnements")
    cases = plan_cases(sim, days, persons, visits, sealer)
    followup = plan_followup(sim, cases, dict(programme.partners), sealer)
    flags = plan_flags(sim, persons, visits, cases)
    ticker.report(0.17, "Adhésions et tarifs réduits")
    memberships = plan_memberships(sim, persons, visits, membership_validity_months(session))
    reduced = plan_reduced_prices(sim, persons, registrations, visits)
    payments = plan_payments(sim, registrations, memberships, reduced)
    anonymous = anonymous_visits(sim, days)
    occurrences = programme.occurrences
    case_rows = [row for plan in cases for row in (plan.case, *plan.rows, *plan.interventions)]
    total = (
        len(programme.rows)
        + len(occurrences)
        + len(persons)
        + len(visits)
        + len(anonymous)
        + len(reduced)
        + len(registrations)
        + len(flags)
        + len(case_rows)
        + len(followup)
    )
    writer = Writer(session, ticker, total, 0.2, WRITTEN)
    writer.write_mixed("Programme des ateliers", programme.rows)
    writer.write("Séances", (occurrence_row(o) for o in occurrences))
    writer.write("Personnes", (person_row(p) for p in persons))
    writer.write("Consentements", itertools.chain.from_iterable(consent_rows(p) for p in persons))
    writer.write("Passages", itertools.chain(visits.rows(sim), anonymous))
    writer.write("Tarifs réduits", (reduced_row(r) for r in reduced))
    writer.write("Inscriptions", (registration_row(r) for r in registrations))
    writer.write("Signalements « à rencontrer »", flags)
    writer.write_mixed("Dossiers d'accompagnement", case_rows)
    writer.write_mixed("Orientations et rappels", followup)
    # Memberships and paid places come out of the receipts: the cash service creates them.
    ticker.report(WRITTEN, "Caisse : reçus, adhésions et clôtures")
    return settle_payments(session, sim, clock, payments, WRITTEN, 0.93)
