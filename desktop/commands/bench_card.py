"""The person-card part of ``ressourcerie bench`` (« fiche »): opening a card with ten years
of history, against the same reads as raw ``sqlite3`` queries timed in the same run.

On a copy of the measured site, the person with the most visits is given a history reaching
back ten years when theirs is shorter (a visit a week, registrations to the site's sessions,
a membership and its receipt a year, session receipts, consent changes, flags), so the card
read is the one of a long-standing regular. Then, ``--runs`` × 20 times each: the card through
a Backend as the GUI opens it (``person_card``, in its read transaction), and the baseline,
one raw query per section of the card on a plain connection. Target: ≤ 50 ms.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import func, select

from desktop.models import (
    ConsentEvent,
    MeetingFlag,
    Membership,
    Occurrence,
    Person,
    Receipt,
    Registration,
    User,
    Visit,
)
from desktop.services.backend import Backend
from desktop.services.database import Database, backup_database, open_database
from desktop.services.permissions import Capability, built_in_actor
from desktop.services.person_card import person_card
from desktop.services.visits import counted
from desktop.vocabulary import (
    ConsentKind,
    FlagReason,
    FlagStatus,
    PaymentMethod,
    RegistrationStatus,
)

TARGET_MS = 50.0
YEARS = 10
OPENINGS = 20  # card openings per run
SERIES = "Z"  # the generated receipts' series: no number of the site is taken
CARD_ACTOR = built_in_actor(
    "mesure", "Mesure de la fiche", Capability.RECEPTION, Capability.CASH_READ
)


def _regular(database: Database) -> uuid.UUID | None:
    """The person with the most visits (counted; the first number among equals), if any."""
    with database.read_session() as session:
        return session.scalar(
            select(Visit.person_id)
            .join(Person, Person.id == Visit.person_id)
            .where(counted())
            .group_by(Visit.person_id, Person.number)
            .order_by(func.count().desc(), Person.number)
            .limit(1)
        )


def ten_years_of_history(database: Database, person_id: uuid.UUID, today: dt.date) -> int:
    """Give the person visits, registrations, memberships, receipts, consent changes and
    flags back to ``YEARS`` years before ``today``; the number of rows written."""
    start = dt.datetime.combine(today.replace(year=today.year - YEARS), dt.time(9), dt.UTC)
    written = 0
    with database.session() as session:
        earliest = session.scalar(select(func.min(Visit.at)).where(Visit.person_id == person_id))
        staff = session.scalar(select(User.id).limit(1))
        if staff is None:
            return 0
        until = earliest or dt.datetime.combine(today, dt.time(9), dt.UTC)
        at = start
        while at < until:  # a visit a week
            session.add(Visit(at=at, person_id=person_id, reasons=["activite"]))
            at += dt.timedelta(weeks=1)
            written += 1
        registered = set(
            session.scalars(
                select(Registration.occurrence_id).where(Registration.person_id == person_id)
            )
        )
        occurrences = session.scalars(select(Occurrence.id).order_by(Occurrence.starts_at)).all()
        step = max(1, len(occurrences) // 400)
        for occurrence_id in occurrences[::step]:
            if occurrence_id not in registered:
                session.add(Registration(occurrence_id=occurrence_id, person_id=person_id,
                                         status=RegistrationStatus.PRESENT,
                                         registered_at=start))  # fmt: skip
                written += 1
        previous = "0" * 64
        receipts: list[Receipt] = []
        for seq in range(1, YEARS * 13 + 1):  # a membership and 12 session receipts a year
            issued = start + dt.timedelta(days=28 * (seq - 1))
            digest = f"{seq:064x}"
            receipts.append(Receipt(
                number=f"{SERIES}-{issued.year}-{seq:06d}", series=SERIES, year=issued.year,
                seq=seq, issued_at=issued, issued_by=staff, person_id=person_id,
                payment_method=PaymentMethod.CARD, total_cents=2900 if seq % 13 == 1 else 600,
                prev_hash=previous, hash=digest,
            ))  # fmt: skip
            previous = digest
        session.add_all(receipts)
        session.flush()
        for year in range(YEARS):
            receipt = receipts[year * 13]
            begins = (start + dt.timedelta(days=365 * year)).date()
            session.add(Membership(
                number=f"AD-{SERIES}-{begins.year}-{year + 1:04d}", person_id=person_id,
                valid_from=begins, valid_until=begins + dt.timedelta(days=364),
                amount_cents=2900, met_team_on=begins, charter_accepted_at=receipt.issued_at,
                recorded_by=staff, receipt_id=receipt.id,
            ))  # fmt: skip
        for n in range(20):
            session.add(ConsentEvent(person_id=person_id, consent=ConsentKind.NEWSLETTER,
                                     given=n % 2 == 0, at=start + dt.timedelta(days=180 * n),
                                     recorded_by=staff))  # fmt: skip
        for n, status in enumerate((FlagStatus.HANDLED, FlagStatus.HANDLED, FlagStatus.NEW)):
            session.add(MeetingFlag(person_id=person_id, reason=FlagReason.SEEMS_CAREGIVER,
                                    raised_by=staff, raised_at=start + dt.timedelta(days=900 * n),
                                    status=status))  # fmt: skip
        written += len(receipts) + YEARS + 20 + 3
    return written


_RAW_SECTIONS = (
    "SELECT * FROM person WHERE id = :p AND deleted = 0",
    "SELECT c.consent, c.given, c.at, u.display_name FROM consent_event c "
    "LEFT JOIN staff_user u ON u.id = c.recorded_by WHERE c.person_id = :p "
    "ORDER BY c.at DESC, c.id DESC",
    "SELECT v.at, v.reasons FROM visit v INDEXED BY ix_visit_person_at WHERE v.person_id = :p "
    "AND v.cancels_visit_id IS NULL AND v.id NOT IN "
    "(SELECT cancels_visit_id FROM visit WHERE cancels_visit_id IS NOT NULL) ORDER BY v.at DESC",
    "SELECT o.starts_at, a.title, r.status, o.cancelled FROM registration r "
    "JOIN occurrence o ON o.id = r.occurrence_id JOIN activity a ON a.id = o.activity_id "
    "WHERE r.person_id = :p AND r.deleted = 0 AND o.deleted = 0 ORDER BY o.starts_at DESC",
    "SELECT * FROM membership WHERE person_id = :p AND deleted = 0 ORDER BY valid_from DESC",
    "SELECT r.number, r.issued_at, r.total_cents, c.number, b.number FROM receipt r "
    "LEFT JOIN receipt c ON c.id = r.cancels_receipt_id "
    "LEFT JOIN receipt b ON b.cancels_receipt_id = r.id "
    "WHERE r.person_id = :p ORDER BY r.issued_at DESC, r.number DESC",
    "SELECT f.raised_at, u.display_name FROM meeting_flag f "
    "LEFT JOIN staff_user u ON u.id = f.raised_by WHERE f.person_id = :p AND f.deleted = 0 "
    "AND f.status != 'traite' ORDER BY f.raised_at DESC",
)


def raw_card(connection: sqlite3.Connection, person_hex: str) -> int:
    """The card's sections as plain queries in one read transaction (the baseline)."""
    rows = 0
    connection.execute("BEGIN")
    try:
        for sql in _RAW_SECTIONS:
            rows += len(connection.execute(sql, {"p": person_hex}).fetchall())
    finally:
        connection.execute("COMMIT")
    return rows


def _ms(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run_card_bench(source: Path, runs: int, today: dt.date) -> None:
    """Print the card-opening figures, the raw baseline and the ratio."""
    with tempfile.TemporaryDirectory(prefix="ressourcerie-bench-") as folder:
        copy = backup_database(source, Path(folder) / "fiche.sqlite3")
        database = open_database(copy)
        try:
            person_id = _regular(database)
            if person_id is None:
                print("Fiche : aucune personne venue sur ce site, rien à mesurer.")
                return
            added = ten_years_of_history(database, person_id, today)
            backend = Backend(database)
            backend.actor = CARD_ACTOR
            card = backend.call(person_card, person_id)
            span = (today - card.visits[-1].at.date()).days / 365.25 if card.visits else 0.0
            print(
                f"Fiche de {card.number} sur une copie du site ({added} lignes d'historique "
                f"ajoutées) : {len(card.visits)} passages sur {span:.1f} ans, "
                f"{len(card.registrations)} inscriptions, {len(card.memberships)} adhésions, "
                f"{len(card.receipts or ())} reçus, {len(card.consent_history)} consentements"
            )
            service, baseline = [], []
            connection = sqlite3.connect(copy, isolation_level=None)
            try:
                for _ in range(runs * OPENINGS):
                    start = time.perf_counter()
                    backend.call(person_card, person_id)
                    service.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    raw_card(connection, person_id.hex)
                    baseline.append(time.perf_counter() - start)
            finally:
                connection.close()
        finally:
            database.close()
    s_med, s_p95 = statistics.median(service) * 1000, _p95(service) * 1000
    b_med, b_p95 = statistics.median(baseline) * 1000, _p95(baseline) * 1000
    print(
        f"Ouverture de la fiche ({len(service)} fois) : médiane {_ms(s_med)} ms, p95 "
        f"{_ms(s_p95)} ms (cible ≤ {TARGET_MS:g} ms)"
    )
    print(
        f"Référence : les mêmes lectures en {len(_RAW_SECTIONS)} requêtes sqlite3 brutes, "
        f"médiane {_ms(b_med)} ms, p95 {_ms(b_p95)} ms"
    )
    print(f"→ Rapport fiche / requêtes brutes : médianes {_ms(s_med / max(b_med, 1e-6))}×")
