"""``ressourcerie bench``: cash-desk timings (medians over several runs).

1. Issuing a receipt with two lines (a session place and another line), each in its own
   unit of work with its commit, on a fresh temporary site. Target: ≤ 30 ms.
2. ``check`` over every receipt of a site: the file given with ``--db`` (e.g. a demo site),
   else a temporary site filled with ``--receipts`` receipts issued through the real service
   (closing each day), compared with a plain SHA-256 pass over the same canonical bytes,
   timed in the same run. Target: ≤ 2 s for a scale-10 demo site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from desktop.commands.cash_common import open_existing
from desktop.models import Activity, Occurrence
from desktop.services.audit import verify_chain
from desktop.services.auth import authenticate
from desktop.services.cash.check import (
    check_database,
    load_receipts,
    receipt_payloads,
    sqlite_integrity,
)
from desktop.services.cash.closings import close_day
from desktop.services.cash.common import today
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.receipts import issue_receipt
from desktop.services.database import Database, open_database
from desktop.services.formatting import to_utc
from desktop.services.permissions import Actor
from desktop.services.setup import SiteSetup, create_site
from desktop.vocabulary import ActivityCategory, PaymentMethod, PriceCategory

NAME = "bench"
HELP = "mesure les temps de la caisse (émission d'un reçu, vérification « check »)"
PASSWORD = "banc-essai-2026"
PAYMENTS = (
    Payment(PaymentMethod.CARD),
    Payment(PaymentMethod.CASH, tendered_cents=2000),
    Payment(PaymentMethod.CHEQUE, cheque_number="0001234"),
    Payment(PaymentMethod.TRANSFER),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=_positive, default=5, help="répétitions (défaut 5)")
    parser.add_argument(
        "--issues", type=_positive, default=100, help="reçus émis par répétition (défaut 100)"
    )
    parser.add_argument(
        "--receipts",
        type=_positive,
        default=40_000,
        help="reçus du site temporaire vérifié quand --db n'est pas donné (défaut 40 000)",
    )


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre entier attendu : « {value} »") from None
    if number < 1:
        raise argparse.ArgumentTypeError("un nombre supérieur à 0 est attendu")
    return number


def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="ressourcerie-bench-") as folder:
        database, actor = _site(Path(folder) / "emission.sqlite3")
        try:
            _bench_issue(database, actor, args.runs, args.issues)
        finally:
            database.close()
        if args.db is not None:
            checked = open_existing(args)
            print(f"Vérification de {checked.path}")
        else:
            checked, actor = _site(Path(folder) / "verification.sqlite3")
            _fill(checked, actor, args.receipts)
        try:
            _bench_check(checked, args.runs)
        finally:
            checked.close()
    return 0


def _site(path: Path) -> tuple[Database, Actor]:
    database = open_database(path)
    create_site(
        database,
        SiteSetup(
            site_name="Banc d'essai",
            address="",
            series="A",
            device_name="Banc",
            admin_username="banc",
            admin_display_name="Banc d'essai",
            admin_password=PASSWORD,
        ),
    )
    with database.session() as session:
        actor = authenticate(session, "banc", PASSWORD)
    return database, actor


def _occurrence(database: Database, day: dt.date) -> Occurrence:
    with database.session() as session:
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
            starts_at=to_utc(day, dt.time(14)),
            ends_at=to_utc(day, dt.time(15, 30)),
            capacity=1000,
        )
        session.add(occurrence)
        session.flush()
        return occurrence


def _draft(occurrence: Occurrence, index: int, at: dt.datetime | None = None) -> ReceiptDraft:
    return ReceiptDraft(
        lines=(DraftLine.session_place(occurrence.id), DraftLine.other("Repas partagé", 500)),
        payment=PAYMENTS[index % len(PAYMENTS)],
        payer_label="Visiteur",
        issued_at=at,
    )


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _bench_issue(database: Database, actor: Actor, runs: int, issues: int) -> None:
    occurrence = _occurrence(database, today())
    medians = []
    for run in range(runs):
        samples = []
        for index in range(issues):
            start = time.perf_counter()
            with database.session() as session:
                issue_receipt(session, actor, _draft(occurrence, index))
            samples.append(time.perf_counter() - start)
        medians.append(_median_ms(samples))
        print(
            f"Émission d'un reçu de 2 lignes, série {run + 1} : médiane {medians[-1]:.1f} ms "
            f"(max {max(samples) * 1000:.1f} ms, {issues} reçus)"
        )
    print(f"→ Émission : médiane des médianes {statistics.median(medians):.1f} ms (cible ≤ 30 ms)")


def _fill(database: Database, actor: Actor, count: int) -> None:
    """``count`` receipts over past days, ~16 a day, each day closed: like a real till."""
    per_day = 16
    first = today() - dt.timedelta(days=count // per_day + 2)
    occurrence = _occurrence(database, first)
    started = time.perf_counter()
    with database.session() as session:
        day = first
        for index in range(count):
            if index and index % per_day == 0:
                close_day(session, actor, day)
                day += dt.timedelta(days=1)
            at = to_utc(day, dt.time(10)) + dt.timedelta(minutes=index % per_day * 20)
            issue_receipt(session, actor, _draft(occurrence, index, at))
        close_day(session, actor, day)
    elapsed = time.perf_counter() - started
    print(
        f"Site de vérification : {count} reçus émis par le service en {elapsed:.1f} s "
        f"({elapsed / count * 1000:.2f} ms par reçu dans une seule transaction)"
    )


def _timed(database: Database, runs: int, work: Callable[..., object]) -> float:
    samples = []
    for _ in range(runs):
        with database.session() as session:
            start = time.perf_counter()
            work(session)
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _bench_check(database: Database, runs: int) -> None:
    with database.session() as session:
        payloads = receipt_payloads(session)
        report = check_database(session)
    print(f"{report.summary_fr()}")
    size = sum(len(p) for p in payloads)

    def baseline(_session: object) -> None:
        for payload in payloads:
            hashlib.sha256(payload).hexdigest()

    whole = _timed(database, runs, check_database)
    integrity = _timed(database, runs, sqlite_integrity)
    receipts = _timed(database, runs, load_receipts)
    audit = _timed(database, runs, verify_chain)
    plain = _timed(database, runs, baseline)
    print(f"check complet : médiane {whole * 1000:.0f} ms sur {runs} passes (cible ≤ 2 000 ms)")
    print(f"  dont PRAGMA integrity_check : {integrity * 1000:.0f} ms")
    print(f"  dont lecture des reçus et lignes : {receipts * 1000:.0f} ms")
    print(f"  dont journal d'audit : {audit * 1000:.0f} ms")
    print(
        f"Référence SHA-256 seul sur les mêmes octets ({len(payloads)} reçus, "
        f"{size / 1e6:.1f} Mo) : médiane {plain * 1000:.1f} ms"
    )
    print(f"→ Rapport check / SHA-256 seul : {whole / plain:.0f}×")
