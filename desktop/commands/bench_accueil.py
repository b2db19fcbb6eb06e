"""The front-desk part of ``ressourcerie bench`` (``--part accueil``), on a copy of the site.

Each entry of :data:`MEASURES` measures one thing the desk does, on the same temporary copy
of the measured site (the user's file is never written). Logging a visit goes through the
service the desk calls (``log_visit``, each visit in its own unit of work with its commit,
as the desk's Backend runs it); in the same run, the baseline is one raw ``sqlite3`` INSERT
of a visit row and its commit, with the same pragmas (WAL, ``synchronous=FULL``). Target:
≤ 30 ms median. Undoing, an anonymous visit and reading the day's list and today panel are
printed for information.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from desktop.commands.bench_site import seller
from desktop.models import Person, Visit
from desktop.services.clock import ManualClock
from desktop.services.database import PRAGMAS, Database, backup_database, open_database
from desktop.services.today import today_panel
from desktop.services.visits import day_visits, log_anonymous_visit, log_visit, undo_visit
from desktop.vocabulary import FirstVisitAnswer

VISITS_PER_RUN = 100
VISIT_TARGET_MS = 30.0
# Apart enough that no visit repeats a person's visit of less than two minutes before.
VISIT_STEP = dt.timedelta(minutes=3)


@dataclass(frozen=True)
class Measure:
    """One measurement of the part: ``run(copy, runs)`` prints its figures."""

    title: str
    run: Callable[[Path, int], None]


def _ms(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _visitors(database: Database, count: int) -> tuple[list[uuid.UUID], ManualClock]:
    """``count`` persons spread over the site (repeating when it has fewer), and the clock
    the database now reads, set after the site's last visit."""
    with database.session() as session:
        ids = session.scalars(
            select(Person.id)
            .where(Person.deleted.is_(False), Person.merged_into_id.is_(None))
            .order_by(Person.number)
        ).all()
        last = session.scalar(select(func.max(Visit.at)))
    if not ids:
        return [], ManualClock(dt.datetime.now(dt.UTC))
    picks = [ids[(k * 7919) % len(ids)] for k in range(count)]  # a prime stride: spread out
    start = dt.datetime.now(dt.UTC)
    if last is not None:
        start = max(start, last + VISIT_STEP)
    clock = ManualClock(start)
    database.clock = clock
    return picks, clock


def bench_visits(copy: Path, runs: int) -> None:
    """Logging a visit through the service, against a raw INSERT and commit."""
    database = open_database(copy)
    try:
        actor = seller(database)
        persons, clock = _visitors(database, runs * VISITS_PER_RUN)
        if not persons:
            print("Passages : aucune personne sur ce site, rien à mesurer.")
            return
        print(f"Passages enregistrés sur une copie du site par {actor.display_name}")
        medians, raw_medians, undo, anonymous, reading = [], [], [], [], []
        for index in range(runs):
            samples = []
            for person_id in persons[index * VISITS_PER_RUN : (index + 1) * VISITS_PER_RUN]:
                clock.advance(VISIT_STEP)
                start = time.perf_counter()
                with database.session() as session:
                    row = log_visit(session, actor, person_id)
                samples.append(time.perf_counter() - start)
            medians.append(_median_ms(samples))
            clock.advance(dt.timedelta(seconds=30))
            start = time.perf_counter()
            with database.session() as session:
                undo_visit(session, actor, row.id)
            undo.append(time.perf_counter() - start)
            for _ in range(10):
                clock.advance(dt.timedelta(seconds=5))
                start = time.perf_counter()
                with database.session() as session:
                    log_anonymous_visit(session, actor, FirstVisitAnswer.UNKNOWN)
                anonymous.append(time.perf_counter() - start)
            for _ in range(5):  # each in its own read transaction, as the screen refreshes
                start = time.perf_counter()
                with database.read_session() as session:
                    day_visits(session, actor)
                    today_panel(session, actor)
                reading.append(time.perf_counter() - start)
            raw_medians.append(_median_ms(_raw_inserts(copy, clock, persons[:VISITS_PER_RUN])))
            print(
                f"Passage d'une personne (service, unité de travail et commit), série "
                f"{index + 1} : médiane {_ms(medians[-1])} ms (max {_ms(max(samples) * 1000)} "
                f"ms, {len(samples)} passages) ; INSERT brut : médiane {_ms(raw_medians[-1])} ms"
            )
    finally:
        database.close()
    service, raw = statistics.median(medians), statistics.median(raw_medians)
    print(
        f"→ Passage : médiane des médianes {_ms(service)} ms (cible ≤ {VISIT_TARGET_MS:g} ms) ; "
        f"référence INSERT brut sqlite3 d'une ligne visit et son commit {_ms(raw)} ms ; "
        f"rapport {_ms(service / max(raw, 1e-6))}×"
    )
    print(
        f"Pour information : annulation médiane {_ms(_median_ms(undo))} ms, passage anonyme "
        f"{_ms(_median_ms(anonymous))} ms, liste du jour et panneau « aujourd'hui » (lecture) "
        f"{_ms(_median_ms(reading))} ms"
    )


def _raw_inserts(copy: Path, clock: ManualClock, persons: list[uuid.UUID]) -> list[float]:
    """The baseline: one INSERT of a visit row and its commit per person, same pragmas."""
    connection = sqlite3.connect(copy, isolation_level=None)
    try:
        for name, value in PRAGMAS:
            connection.execute(f"PRAGMA {name}={value}")
        samples = []
        for person_id in persons:
            clock.advance(VISIT_STEP)
            at = clock.now().replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
            start = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(
                "INSERT INTO visit (id, hlc, origin_device, at, person_id, reasons) "
                "VALUES (?, '', '', ?, ?, ?)",
                (uuid.uuid4().hex, at, person_id.hex, json.dumps(["activite"])),
            )
            connection.execute("COMMIT")
            samples.append(time.perf_counter() - start)
        return samples
    finally:
        connection.close()


# What the part measures, in order; other desk measurements append their entry here.
MEASURES: list[Measure] = [Measure("passages", bench_visits)]


def run_accueil_bench(source: Path, runs: int) -> None:
    """Run every entry of MEASURES on one temporary copy of ``source``."""
    with tempfile.TemporaryDirectory(prefix="ressourcerie-bench-") as folder:
        copy = backup_database(source, Path(folder) / "accueil.sqlite3")
        for measure in MEASURES:
            measure.run(copy, runs)
