"""The import part of ``ressourcerie bench``: a 10,000-row HelloAsso file into a copy of the
measured site, against a raw ``sqlite3`` executemany of the same rows in the same run.

The file is generated (fictitious French names, ``.example`` addresses, one order in twenty
holding two memberships, as couples do), then, for each run, on a fresh copy of the site:
reading the file and applying it in one transaction with its commit, as ``ressourcerie
import persons`` does (target ≤ 3 s). The baseline inserts the very person and membership
rows that import wrote (read back from its copy) into another fresh copy with one
``executemany`` per table and a commit: what the rows cost without reading, checking,
matching, numbering, the change log and the audit.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from faker import Faker
from sqlalchemy import select

from desktop.models import User, UserRole
from desktop.services.database import Database, backup_database, open_database
from desktop.services.errors import ValidationError
from desktop.services.imports.apply import ImportReport, apply_plan
from desktop.services.imports.plan import read_persons
from desktop.services.permissions import Actor, Capability
from desktop.services.users import get_actor
from desktop.vocabulary import Role

ROWS = 10_000
TARGET_S = 3.0
HEADER = (
    "Référence commande;Date de la commande;Statut de la commande;Nom adhérent;"
    "Prénom adhérent;Nom payeur;Prénom payeur;Email payeur;Raison sociale;Moyen de paiement;"
    "Tarif;Montant tarif;Code Promo;Montant du code promo;Attestation;Ville"
)
_TARIFFS = (("Adhésion annuelle", "29,00"), ("Adhésion solidaire", "5,00"))


def helloasso_file(rows: int = ROWS, seed: int = 2019) -> bytes:
    """A HelloAsso membership export of ``rows`` rows (UTF-8 with a BOM, ``;``)."""
    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    lines = [HEADER]
    order = 40_000_000
    while len(lines) <= rows:
        order += rng.randint(1, 40)
        day = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2026"
        moment = f"{day} {rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}"
        last = fake.last_name()
        first = fake.first_name()
        email = f"{first}.{last}.{order}@exemple.example".lower().replace(" ", "")
        members = [(last.upper(), first)]
        if rng.random() < 0.05:  # a couple: one order, two memberships
            members.append((last, fake.first_name()))
        for member_last, member_first in members:
            tariff, amount = _TARIFFS[rng.random() < 0.2]
            lines.append(
                f"{order};{moment};Validé;{member_last};{member_first};{last};{first};"
                f"{email};;Carte bancaire;{tariff};{amount};;;;{fake.city()}"
            )
    return ("\r\n".join(lines[: rows + 1]) + "\r\n").encode("utf-8-sig")


def administrator(database: Database) -> Actor:
    """An administrator of the site (the bench works on a copy: no password)."""
    with database.session() as session:
        for user_id in session.scalars(
            select(User.id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.active.is_(True), UserRole.deleted.is_(False), UserRole.role == Role.ADMIN)
            .order_by(User.username)
        ):
            actor = get_actor(session, user_id)
            if actor.can(Capability.ADMINISTRATION):
                return actor
    raise ValidationError("Aucun compte d'administration sur ce site.")


@dataclass(frozen=True)
class Timing:
    elapsed: float  # reading, checking, writing and committing
    cpu: float
    reading: float  # of which reading the file into a plan
    report: ImportReport


def _import(copy: Path, data: bytes) -> Timing:
    """Read ``data`` and apply it to ``copy``, timed."""
    database = open_database(copy)
    try:
        actor = administrator(database)
        start, cpu = time.perf_counter(), time.process_time()
        plan = read_persons(data)
        read = time.perf_counter()
        with database.session() as session:
            report = apply_plan(session, actor, plan)
        end = time.perf_counter()
        return Timing(end - start, time.process_time() - cpu, read - start, report)
    finally:
        database.close()


def _written_rows(copy: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """table → (columns, rows) of what the import wrote (its source references)."""
    connection = sqlite3.connect(copy)
    try:
        found = {}
        for table in ("person", "membership"):
            cursor = connection.execute(
                f"SELECT * FROM {table} WHERE source_reference LIKE 'helloasso:%'"
            )
            found[table] = ([c[0] for c in cursor.description], cursor.fetchall())
        return found
    finally:
        connection.close()


def _raw_insert(copy: Path, rows: dict[str, tuple[list[str], list[tuple[object, ...]]]]) -> float:
    connection = sqlite3.connect(copy)
    try:
        start = time.perf_counter()
        for table, (columns, values) in rows.items():
            marks = ", ".join("?" for _ in columns)
            connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values
            )
        connection.commit()
        return time.perf_counter() - start
    finally:
        connection.close()


def _fr(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",")


def run_import_bench(db: Path, runs: int, rows: int = ROWS) -> None:
    """Print the import's median over ``runs`` fresh copies, the baseline and the ratio."""
    data = helloasso_file(rows)
    print(f"Import : fichier HelloAsso généré, {rows} lignes ({len(data) // 1024} Kio)")
    timings: list[Timing] = []
    baselines: list[float] = []
    with tempfile.TemporaryDirectory(prefix="ressourcerie-bench-import-") as folder:
        for index in range(runs):
            copy = backup_database(db, Path(folder) / f"import-{index}.sqlite3")
            timing = _import(copy, data)
            timings.append(timing)
            written = _written_rows(copy)
            copy.unlink()
            raw = backup_database(db, Path(folder) / f"brut-{index}.sqlite3")
            baselines.append(_raw_insert(raw, written))
            raw.unlink()
            print(
                f"Import, passe {index + 1} : {_fr(timing.elapsed)} s ({_fr(timing.cpu)} s de "
                f"CPU ; lecture du fichier {_fr(timing.reading)} s) — "
                f"{timing.report.summary_fr()} "
                f"(référence brute {_fr(baselines[-1])} s)"
            )
    median = statistics.median(t.elapsed for t in timings)
    baseline = statistics.median(baselines)
    print(
        f"→ Import de {rows} lignes HelloAsso (lecture, contrôle, écriture, validation) : "
        f"médiane {_fr(median)} s sur {runs} passe(s) (cible ≤ {TARGET_S:g} s), "
        f"dont {_fr(statistics.median(t.cpu for t in timings))} s de CPU (un poste chargé "
        "allonge le reste) et lecture du fichier "
        f"{_fr(statistics.median(t.reading for t in timings))} s"
    )
    print(
        "Référence : les mêmes lignes (personnes et adhésions) insérées par sqlite3 "
        f"executemany puis validées : médiane {_fr(baseline)} s"
    )
    print(f"→ Rapport import / insertion brute : {median / max(baseline, 1e-6):.1f}×")
