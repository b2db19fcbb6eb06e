"""The search part of ``ressourcerie bench``: keystroke → rows, against one raw SQL query.

Realistic queries are drawn from the measured site itself (names typed without accents and
with them, two words, a typo, a phone in the national format, a person number; at most 12
characters) and typed one character at a time. A child process (``desktop.views.
search_probe``: the CLI never imports Qt) calls the desk's service through a Backend for each
keystroke and puts the rows in the search's Qt model; here, in the same run, the same search
is one raw ``sqlite3`` query over the indexed folded column ``person.search_key`` (same
matching, exact words first, recent visitors first, same limit): the baseline.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

from desktop.services.search import fold, parse_query

PROBE = "desktop.views.search_probe"
TIMEOUT_S = 600
LIMIT = 20  # the service's default number of rows
MAX_LETTERS = 12
MODEL_TARGET_MS = 5.0
RATIO_TARGET = 3.0


@dataclass(frozen=True)
class Figures:
    median_ms: float
    p95_ms: float


def figures(samples: list[float]) -> Figures:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return Figures(statistics.median(ordered) * 1000, p95 * 1000)


def realistic_queries(db: Path) -> list[str]:
    """Queries made from the site's persons (spread over the file, deterministic)."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT first_name, last_name, phone, number FROM person WHERE deleted = 0 "
            "ORDER BY number"
        ).fetchall()
    finally:
        connection.close()
    if not rows:
        return []
    picks = [rows[(len(rows) * k) // 7] for k in range(7)]
    queries = [fold(picks[0][1]), fold(picks[1][1]), fold(picks[2][0])]
    accented = next((r for r in rows if fold(r[0]) != r[0].lower()), picks[3])
    queries.append(accented[0].lower())  # typed with its accents
    queries.append(f"{fold(picks[4][0])} {fold(picks[4][1])}")
    typo = next((fold(r[1]) for r in picks[5:] + rows if len(fold(r[1])) >= 6), "dupond")
    queries.append(typo[:-1] + ("a" if typo[-1] != "a" else "e"))
    phone = next((r[2] for r in picks[6:] + rows if r[2]), "")
    if phone:
        number = phonenumbers.parse(phone, None)
        queries.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
    queries.append(picks[6][3])
    return [_first_letters(q) for q in queries if q]


def _first_letters(query: str) -> str:
    """``query`` up to its MAX_LETTERS-th letter or digit (a phone keeps its spaces)."""
    count = 0
    for end, ch in enumerate(query, 1):
        count += ch.isalnum()
        if count == MAX_LETTERS:
            return query[:end]
    return query


def raw_query(connection: sqlite3.Connection, typed: str) -> list[object]:
    """The same search as one SQL statement over ``person.search_key`` (the baseline)."""
    query = parse_query(typed)
    padded = "(' ' || search_key || ' ')"
    found: list[str] = []
    exact: list[str] = []
    params_found: list[object] = []
    params_exact: list[object] = []
    if query.words:
        found.append(" AND ".join(f"instr({padded}, ?) > 0" for _ in query.words))
        params_found += [f" {w}" for w in query.words]
        exact.append(" AND ".join(f"instr({padded}, ?) > 0" for _ in query.words))
        params_exact += [f" {w} " for w in query.words]
    for column, value in (
        ("number", query.code), ("phone", query.phone), ("lower(email)", query.email),
    ):  # fmt: skip
        if value:
            found.append(f"substr({column}, 1, ?) = ?")
            params_found += [len(value), value]
            exact.append(f"{column} = ?")
            params_exact.append(value)
    if not found:
        return []
    sql = (
        f"SELECT id FROM person WHERE deleted = 0 AND (({') OR ('.join(found)})) "
        f"ORDER BY CASE WHEN ({') OR ('.join(exact)}) THEN 0 ELSE 1 END, "
        "(SELECT max(at) FROM visit WHERE visit.person_id = person.id) DESC, "
        "last_name, first_name LIMIT ?"
    )
    return connection.execute(sql, [*params_found, *params_exact, LIMIT]).fetchall()


def _probe(db: Path, queries: list[str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", PROBE, "--db", str(db), "--queries", json.dumps(queries)],
        capture_output=True, text=True, timeout=TIMEOUT_S,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )  # fmt: skip
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"probe search failed: {out.stderr.strip()[-2000:]}")
    result: dict[str, object] = json.loads(lines[-1])
    return result


def _ms(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def run_search_bench(db: Path, runs: int) -> None:
    """Print the per-keystroke figures, the baseline and the ratios."""
    if getattr(sys, "frozen", False):
        print("Recherche : à mesurer depuis les sources (make bench), pas le paquet.")
        return
    queries = realistic_queries(db)
    if not queries:
        print("Recherche : aucune personne sur ce site, rien à mesurer.")
        return
    print("Recherche, requêtes tapées lettre à lettre : " + ", ".join(f"« {q} »" for q in queries))
    service, model, baseline, builds = [], [], [], []
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        for _ in range(runs):
            measured = _probe(db, queries)
            builds.append(float(measured["build"]))  # type: ignore[arg-type]
            for keystroke in measured["keystrokes"]:  # type: ignore[attr-defined]
                service.append(keystroke["service"])
                model.append(keystroke["model"])
                start = time.perf_counter()
                raw_query(connection, keystroke["typed"])
                baseline.append(time.perf_counter() - start)
    finally:
        connection.close()
    s, m, b = figures(service), figures(model), figures(baseline)
    print(
        f"Recherche ({len(service)} frappes, {runs} passe(s)) : service médiane {_ms(s.median_ms)} "
        f"ms, p95 {_ms(s.p95_ms)} ms ; frappe → lignes dans le modèle Qt médiane "
        f"{_ms(m.median_ms)} ms, p95 {_ms(m.p95_ms)} ms (cible p95 ≤ {MODEL_TARGET_MS:g} ms)"
    )
    print(
        f"Référence : la même recherche en une requête sqlite3 sur la colonne pliée indexée, "
        f"médiane {_ms(b.median_ms)} ms, p95 {_ms(b.p95_ms)} ms"
    )
    median_ratio = s.median_ms / max(b.median_ms, 1e-6)
    p95_ratio = s.p95_ms / max(b.p95_ms, 1e-6)
    print(
        f"→ Rapport service / requête brute : médianes {_ms(median_ratio)}×, "
        f"p95 {_ms(p95_ratio)}× (cible ≤ {RATIO_TARGET:g}×)"
    )
    print(f"Construction de l'index en mémoire (première recherche) : médiane "
          f"{_ms(statistics.median(builds) * 1000)} ms")  # fmt: skip
