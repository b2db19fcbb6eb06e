"""``ressourcerie bench``: cash-desk timings on a scale-10 demo site (medians over runs).

The site is the file given with ``--db``, or a demo site (``--scale`` 10, ``--seed``,
``--today``) built once and kept in the user cache folder under a name made of those
settings and the schema revision, so later runs reuse it (``--rebuild`` builds it again).

1. Issuing a receipt with two lines (a place a person booked, else an anonymous place,
   and another line), each in its own unit of work with its commit, on a copy of the
   site. Target: ≤ 30 ms.
2. ``check`` over every receipt of the site, compared with a plain SHA-256 pass over the
   same canonical bytes timed in the same run. Target: ≤ 2 s for a scale-10 demo site.
3. The desk's search (:mod:`desktop.commands.bench_search`): keystroke → rows in the Qt
   model, median and p95 (target p95 ≤ 5 ms), against the same search as one raw sqlite3
   query timed in the same run (service ≤ 3× that query).
4. The desk (:mod:`desktop.commands.bench_accueil`, on a copy of the site): logging a
   visit through the service (target ≤ 30 ms median) against a raw sqlite3 INSERT and
   commit timed in the same run.
5. The GUI (:mod:`desktop.commands.bench_gui`, in child processes): start-up to the login
   window against a bare PySide6 window timed in the same run (target ≤ 3×), and the memory
   after logging in and opening and closing 20 receipt previews and 20 dialogs (≤ 250 MB).
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

from desktop.commands.bench_accueil import run_accueil_bench
from desktop.commands.bench_gui import run_gui_bench
from desktop.commands.bench_search import run_search_bench
from desktop.commands.bench_site import SALE_STEP, cached_demo, sales, seller
from desktop.commands.cash_common import open_existing
from desktop.commands.demo import date_type, scale_type, seed_type
from desktop.demo.builder import check_scale, check_today
from desktop.services.audit import verify_chain
from desktop.services.cash.check import (
    check_cash_records,
    check_database,
    load_receipts,
    receipt_payloads,
    sqlite_integrity,
)
from desktop.services.cash.receipts import issue_receipt
from desktop.services.database import Database, backup_database, open_database
from desktop.services.formatting import number

NAME = "bench"
HELP = (
    "mesure les temps de la caisse sur un site de démonstration (émission, « check »), "
    "de la recherche et des passages de l'accueil, le démarrage et la mémoire de l'application"
)
PARTS = {
    "tout": ("caisse", "recherche", "accueil", "interface"),
    "caisse": ("caisse",),
    "recherche": ("recherche",),
    "accueil": ("accueil",),
    "interface": ("interface",),
}
DEFAULT_SCALE = 10.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=_positive, default=5, help="répétitions (défaut 5)")
    parser.add_argument(
        "--issues", type=_positive, default=100, help="reçus émis par répétition (défaut 100)"
    )
    parser.add_argument(
        "--scale",
        type=scale_type,
        default=DEFAULT_SCALE,
        metavar="N",
        help="échelle du site de démonstration mesuré sans --db (défaut 10)",
    )
    parser.add_argument(
        "--seed", type=seed_type, default=2019, metavar="S", help="graine du site (défaut 2019)"
    )
    parser.add_argument(
        "--today",
        type=date_type,
        default=None,
        metavar="AAAA-MM-JJ",
        help="date du jour simulée du site (défaut : aujourd'hui)",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="reconstruire le site gardé en cache"
    )
    parser.add_argument(
        "--part",
        choices=tuple(PARTS),
        default="tout",
        help="caisse, recherche (accueil), accueil (passages), interface (démarrage et "
        "mémoire) ou tout (défaut)",
    )
    parser.add_argument(
        "--previews",
        type=_positive,
        default=20,
        metavar="N",
        help="aperçus de reçu et fenêtres ouverts puis fermés pour la mémoire (défaut 20)",
    )


def _positive(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre entier attendu : « {value} »") from None
    if count < 1:
        raise argparse.ArgumentTypeError("un nombre supérieur à 0 est attendu")
    return count


def run(args: argparse.Namespace) -> int:
    if args.db is not None:
        database = open_existing(args)
        print(f"Site mesuré : {database.path}")
    else:
        database = _demo_site(args)
    parts = PARTS[args.part]
    try:
        if "caisse" in parts:
            _bench_issue(database.path, args.runs, args.issues)
            _bench_check(database, args.runs)
        if "recherche" in parts:
            run_search_bench(database.path, args.runs)
        if "accueil" in parts:
            run_accueil_bench(database.path, args.runs)
        if "interface" in parts:
            run_gui_bench(database.path, args.runs, args.previews)
    finally:
        database.close()
    return 0


def _demo_site(args: argparse.Namespace) -> Database:
    scale = check_scale(args.scale)
    today = check_today(args.today or dt.date.today())
    print(f"Site de démonstration à l'échelle {scale:g} (graine {args.seed}, jour {today})…")
    site = cached_demo(scale, args.seed, today, rebuild=args.rebuild)
    if site.built_seconds is None:
        print(f"Repris du cache : {site.path}")
    else:
        print(f"Construit en {_fr(site.built_seconds)} s et gardé en cache : {site.path}")
    return open_database(site.path)


def _fr(value: float) -> str:
    """One decimal, French decimal comma."""
    return f"{value:.1f}".replace(".", ",")


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _bench_issue(source: Path, runs: int, issues: int) -> None:
    """Issue on a copy of the site, each receipt in its own unit of work (as the desk)."""
    with tempfile.TemporaryDirectory(prefix="ressourcerie-bench-") as folder:
        copy = backup_database(source, Path(folder) / "emission.sqlite3")
        database = open_database(copy)
        try:
            actor = seller(database)
            drafts, clock = sales(database, runs * issues)
            named = sum(1 for d in drafts if d.person_id is not None)
            print(
                f"Émission sur une copie du site par {actor.display_name} : {named} place(s) "
                f"réservée(s) réglée(s) par la personne, {len(drafts) - named} anonyme(s)"
            )
            medians = []
            for index in range(runs):
                samples = []
                for draft in drafts[index * issues : (index + 1) * issues]:
                    clock.advance(SALE_STEP)
                    start = time.perf_counter()
                    with database.session() as session:
                        issue_receipt(session, actor, draft)
                    samples.append(time.perf_counter() - start)
                medians.append(_median_ms(samples))
                print(
                    f"Émission d'un reçu de 2 lignes, série {index + 1} : médiane "
                    f"{_fr(medians[-1])} ms (max {_fr(max(samples) * 1000)} ms, {issues} reçus)"
                )
        finally:
            database.close()
    print(f"→ Émission : médiane des médianes {_fr(statistics.median(medians))} ms (cible ≤ 30 ms)")


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
    cash = _timed(database, runs, check_cash_records)
    reading = _timed(database, runs, load_receipts)
    audit = _timed(database, runs, verify_chain)
    plain = _timed(database, runs, baseline)
    whole_file = _timed(database, 1, lambda session: check_database(session, whole_file=True))
    megabytes = database.path.stat().st_size / 1e6
    print(
        f"check : médiane {whole * 1000:.0f} ms sur {runs} passes (cible ≤ 2 000 ms), "
        f"fichier de {megabytes:.0f} Mo"
    )
    print(
        "  PRAGMA quick_check du fichier, integrity_check et foreign_key_check des tables "
        f"certifiées (reçus, lignes, clôtures, audit) : {integrity * 1000:.0f} ms"
    )
    print(f"  reçus, chaînes, numérotation et clôtures : {cash * 1000:.0f} ms")
    print(f"    dont lecture des reçus et lignes : {reading * 1000:.0f} ms")
    print(f"  chaîne du journal d'audit : {audit * 1000:.0f} ms")
    print(
        f"Référence SHA-256 seul sur les mêmes octets ({number(len(payloads))} reçus, "
        f"{_fr(size / 1e6)} Mo) : médiane {_fr(plain * 1000)} ms"
    )
    plain = max(plain, 1e-9)  # a site without receipts
    print(f"→ Rapport check / SHA-256 seul : {whole / plain:.0f}×")
    print(f"→ Rapport partie reçus et clôtures / SHA-256 seul : {cash / plain:.0f}×")
    print(
        f"Pour information, check --complet (structure de tout le fichier) : "
        f"{whole_file * 1000:.0f} ms (une passe)"
    )
