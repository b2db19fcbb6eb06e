"""The GUI part of ``ressourcerie bench``: start-up time and memory, measured in child processes.

The command line never imports Qt: each figure comes from a fresh ``python -m
desktop.views.gui_probe`` process (offscreen Qt). Start-up is timed from launching the process
to the lines it prints, alternating with a bare PySide6 window (the baseline) in the same run;
memory is the resident size (VmRSS) after logging in and after opening and closing previews
and dialogs, on a copy of the site where the bench sets a known password for the cash account.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from desktop.commands.bench_site import seller
from desktop.models import User
from desktop.services.auth import hash_password
from desktop.services.database import backup_database, open_database

PROBE = "desktop.views.gui_probe"
TIMEOUT_S = 300
START_TARGET_RATIO = 3.0
MEMORY_TARGET_MB = 250
BENCH_PASSWORD = "bench-mot-de-passe-1"


@dataclass(frozen=True)
class StartTimes:
    """Medians in seconds over ``runs`` runs of each."""

    runs: int
    baseline: float  # a bare QApplication + QWidget painted
    drawn: float  # the login window painted, typing possible
    ready: float  # its database open: logging in possible

    @property
    def ratio(self) -> float:
        return self.drawn / self.baseline

    @property
    def ready_ratio(self) -> float:
        return self.ready / self.baseline


@dataclass(frozen=True)
class MemoryFigures:
    count: int  # previews, and dialogs, opened and closed
    after_login_mb: float
    after_session_mb: float


def _env() -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen")


def _timed_lines(args: list[str], expected: tuple[str, ...]) -> list[float]:
    """Launch the probe; seconds from launch to each expected line."""
    start = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-m", PROBE, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_env(),
        text=True,
    ) as process:
        assert process.stdout is not None
        times = []
        for word in expected:
            line = process.stdout.readline().strip()
            if line != word:
                process.kill()
                raise RuntimeError(f"probe {args[0]}: expected {word!r}, got {line!r}")
            times.append(time.perf_counter() - start)
        process.wait(TIMEOUT_S)
    return times


def measure_start(db: Path, runs: int) -> StartTimes:
    """Alternate the baseline and the application's start, ``runs`` times each."""
    baseline, drawn, ready = [], [], []
    for _ in range(runs):
        baseline += _timed_lines(["baseline"], ("ready",))
        first, second = _timed_lines(["login", "--db", str(db)], ("drawn", "ready"))
        drawn.append(first)
        ready.append(second)
    return StartTimes(
        runs, statistics.median(baseline), statistics.median(drawn), statistics.median(ready)
    )


def _with_known_password(source: Path, target: Path) -> str:
    """Copy the site, give its cash account a known password; that account's username."""
    copy = backup_database(source, target)
    database = open_database(copy)
    try:
        actor = seller(database)
        with database.session() as session:
            user = session.get(User, actor.user_id)
            assert user is not None
            user.password_hash = hash_password(BENCH_PASSWORD)
            user.must_change_password = False
        return actor.username
    finally:
        database.close()


def measure_memory(db: Path, count: int) -> MemoryFigures:
    """Log in on a copy of ``db``, open and close ``count`` previews and ``count`` dialogs."""
    with tempfile.TemporaryDirectory(prefix="ressourcerie-bench-gui-") as folder:
        copy = Path(folder) / "memoire.sqlite3"
        username = _with_known_password(db, copy)
        out = subprocess.run(
            [sys.executable, "-m", PROBE, "memory", "--db", str(copy), "--user", username,
             "--password", BENCH_PASSWORD, "--count", str(count)],
            capture_output=True, text=True, env=_env(), timeout=TIMEOUT_S,
        )  # fmt: skip
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"probe memory failed: {out.stderr.strip()[-2000:]}")
    figures = json.loads(lines[-1])
    return MemoryFigures(
        figures["count"], figures["after_login_kb"] / 1024, figures["after_previews_kb"] / 1024
    )


def _s(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _x(ratio: float) -> str:
    return f"{ratio:.1f}×".replace(".", ",")


def run_gui_bench(db: Path, runs: int, count: int) -> None:
    """Print the start-up and memory figures with their baseline and targets."""
    if getattr(sys, "frozen", False):  # the bundle's executable runs no ``python -m``
        print("Démarrage et mémoire : à mesurer depuis les sources (make bench), pas le paquet.")
        return
    times = measure_start(db, runs)
    print(
        f"Démarrage (médianes sur {times.runs} lancements, Qt hors écran) : fenêtre nue "
        f"PySide6 {_s(times.baseline)} s ; fenêtre de connexion affichée {_s(times.drawn)} s ; "
        f"prête à se connecter (base ouverte) {_s(times.ready)} s"
    )
    print(
        f"→ Rapport fenêtre de connexion / fenêtre nue : {_x(times.ratio)} "
        f"(cible ≤ {START_TARGET_RATIO:.0f}×) ; base ouverte / fenêtre nue : "
        f"{_x(times.ready_ratio)}"
    )
    memory = measure_memory(db, count)
    print(
        f"Mémoire (VmRSS) : {memory.after_login_mb:.0f} Mo après la connexion, "
        f"{memory.after_session_mb:.0f} Mo après {memory.count} aperçus de reçu et "
        f"{memory.count} fenêtres ouverts puis fermés (cible ≤ {MEMORY_TARGET_MB} Mo)"
    )
