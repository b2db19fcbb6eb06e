"""The site ``ressourcerie bench`` measures: a demo site built once and kept in the cache,
and the sales it issues on a copy of it."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.demo import build_demo
from desktop.models import Activity, Occurrence, Person, Registration, User, UserRole
from desktop.paths import cache_dir
from desktop.services.cash.common import device_series, last_closed_day
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.receipts import last_receipt
from desktop.services.clock import ManualClock
from desktop.services.database import Database, head_revision, open_database
from desktop.services.errors import DatabaseOpenError, ValidationError
from desktop.services.formatting import to_utc
from desktop.services.permissions import Actor, Capability
from desktop.services.setup import site_info
from desktop.services.users import get_actor
from desktop.vocabulary import (
    ActivityCategory,
    PaymentMethod,
    PriceCategory,
    RegistrationStatus,
    Role,
)

PAYMENTS = (
    Payment(PaymentMethod.CARD),
    Payment(PaymentMethod.CASH, tendered_cents=2000),
    Payment(PaymentMethod.CHEQUE, cheque_number="0001234"),
    Payment(PaymentMethod.TRANSFER),
)
SELLERS = (Role.ACCUEIL, Role.ANIMATION, Role.ADMIN)
SALE_STEP = dt.timedelta(seconds=1)


@dataclass(frozen=True)
class CachedSite:
    path: Path
    built_seconds: float | None  # None: reused from the cache


def cached_demo_path(scale: float, seed: int, today: dt.date) -> Path:
    """Where the demo site of these settings is kept (the schema revision in its name)."""
    name = f"demo-echelle{scale:g}-graine{seed}-{today.isoformat()}-schema{head_revision()}"
    return cache_dir() / "bench" / f"{name}.sqlite3"


def cached_demo(
    scale: float,
    seed: int,
    today: dt.date,
    *,
    rebuild: bool = False,
    build: Callable[..., object] = build_demo,
) -> CachedSite:
    """The cached demo site of these settings, built first when missing or unreadable."""
    path = cached_demo_path(scale, seed, today)
    if not rebuild and path.is_file() and _is_demo(path):
        return CachedSite(path, None)
    started = time.perf_counter()
    build(path, scale=scale, seed=seed, today=today, overwrite=True)
    return CachedSite(path, time.perf_counter() - started)


def _is_demo(path: Path) -> bool:
    try:
        database = open_database(path)
    except DatabaseOpenError:
        return False
    try:
        info = site_info(database)
        return info is not None and info.is_demo
    finally:
        database.close()


def seller(database: Database) -> Actor:
    """A staff account that may take payments (the bench works on a copy: no password)."""
    with database.session() as session:
        for user_id in session.scalars(
            select(User.id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.active.is_(True), UserRole.deleted.is_(False), UserRole.role.in_(SELLERS))
            .order_by(User.username)
        ):
            actor = get_actor(session, user_id)
            if actor.can(Capability.CASH):
                return actor
    raise ValidationError("Aucun compte de ce site ne peut encaisser.")


def sales(database: Database, count: int) -> tuple[list[ReceiptDraft], ManualClock]:
    """``count`` two-line sales after the last receipt and closing: a place booked by a
    person when the site has some unpaid (a demo site does), else an anonymous place.

    The database's clock becomes the returned one, set just before the first sale's moment:
    advance it by ``SALE_STEP`` before each sale."""
    with database.session() as session:
        series = device_series(session)
        last = last_receipt(session, series)
        closed = last_closed_day(session, series)
        start = dt.datetime.now(dt.UTC)
        if last is not None:
            start = max(start, last.issued_at + dt.timedelta(seconds=1))
        if closed is not None:
            start = max(start, to_utc(closed + dt.timedelta(days=1), dt.time(9)))
        booked = session.execute(
            select(
                Registration.person_id,
                Registration.occurrence_id,
                Person.first_name + " " + Person.last_name,
            )
            .join(Occurrence, Occurrence.id == Registration.occurrence_id)
            .join(Activity, Activity.id == Occurrence.activity_id)
            .join(Person, Person.id == Registration.person_id)
            .where(
                Registration.status == RegistrationStatus.REGISTERED,
                Registration.receipt_line_id.is_(None),
                Registration.deleted.is_(False),
                Occurrence.cancelled.is_(False),
                Occurrence.deleted.is_(False),
                Activity.price_category == PriceCategory.PAID,
            )
            .order_by(Occurrence.starts_at, Registration.id)
            .limit(count)
        ).all()
        occurrence = session.scalar(
            select(Occurrence.id)
            .join(Activity, Activity.id == Occurrence.activity_id)
            .where(Activity.price_category == PriceCategory.PAID, Occurrence.cancelled.is_(False))
            .order_by(Occurrence.starts_at.desc())
            .limit(1)
        ) or _occurrence(session, start)
    drafts = []
    for index in range(count):
        person, place, payer = booked[index] if index < len(booked) else (None, occurrence, "")
        drafts.append(
            ReceiptDraft(
                lines=(DraftLine.session_place(place), DraftLine.other("Repas partagé", 500)),
                payment=PAYMENTS[index % len(PAYMENTS)],
                person_id=person,
                payer_label=payer or "Visiteur",
            )
        )
    clock = ManualClock(start - SALE_STEP)
    database.clock = clock
    return drafts, clock


def _occurrence(session: Session, at: dt.datetime) -> uuid.UUID:
    """A paid session to sell on a site that has none (a fresh site)."""
    activity = Activity(
        title="Yoga doux",
        category=ActivityCategory.PHYSICAL,
        capacity=1000,
        price_category=PriceCategory.PAID,
    )
    session.add(activity)
    session.flush()
    occurrence = Occurrence(
        activity_id=activity.id,
        starts_at=at + dt.timedelta(hours=1),
        ends_at=at + dt.timedelta(hours=2),
        capacity=1000,
    )
    session.add(occurrence)
    session.flush()
    return occurrence.id
