"""The layering rules of DESIGN.md, held by import-linter."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken" in result.stdout


MACHINE_CLOCK = re.compile(r"date\.today\(|datetime\.now\(|(?<![.\w])(?:utcnow|new_id|uuid7)\(\)")
# Where reading the machine's clock is the point: the clocks themselves, and the name of a
# migration backup file (the machine's local time, for the person who finds it).
CLOCK_HOMES = {
    "desktop/models/base.py",
    "desktop/models/session_clock.py",
    "desktop/services/database.py",
}


def test_services_and_models_read_time_from_the_session_clock() -> None:
    """No service or model reads the machine's clock or draws ids by itself: they ask the
    clock of their unit of work (``desktop.services.clock``), so simulations stay in step."""
    offenders = []
    for folder in ("desktop/services", "desktop/models"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name in CLOCK_HOMES:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if MACHINE_CLOCK.search(line):
                    offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == []


VIEW_CLOCK = re.compile(MACHINE_CLOCK.pattern + r"|(?<![.\w])time\.time\(")


def test_views_take_no_moment_or_id_from_the_machine() -> None:
    """What a view hands a service is what the person chose: moments and ids recorded with
    the data come from the service's session clock (UI timers use ``time.monotonic``)."""
    offenders = []
    for path in sorted((ROOT / "desktop/views").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if VIEW_CLOCK.search(line):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == []


DEMO_WORD = re.compile(r"(?<!is_)demo", re.IGNORECASE)


def test_services_and_models_do_not_know_the_demo() -> None:
    """The demo is a client like any other: services and models neither import it (the
    import contract) nor shape themselves around it (no mention of it, bar the site's
    ``is_demo`` flag)."""
    offenders = []
    for folder in ("desktop/services", "desktop/models"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if DEMO_WORD.search(line):
                    offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == []
