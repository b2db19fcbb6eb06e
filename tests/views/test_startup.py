"""Start-up: a file another program holds is told as such, with a way to try again."""

from __future__ import annotations

import subprocess
import sys
import time

from desktop.services import database
from desktop.services.setup import site_info
from desktop.views import messages
from desktop.views.startup import CHOOSE, QUIT, RETRY, open_database_interactive
from tests.services.test_database_safety import HOLDER


def test_locked_file_says_so_and_opens_when_tried_again(db, monkeypatch) -> None:
    path = db.path
    db.close()
    monkeypatch.setattr(database, "LOCK_WAIT_SECONDS", 0.3)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), "exclusive-mode"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    offered: list[tuple[str, list[str]]] = []

    def choose(_parent, text, choices, **_kw):
        offered.append((text, list(choices)))
        if len(offered) == 1:
            holder.communicate("", timeout=10)  # the other program lets go meanwhile
        return 0  # "Réessayer"

    monkeypatch.setattr(messages, "choose", choose)
    started = time.monotonic()
    opened = open_database_interactive(path, choose_file=lambda _p: None)
    try:
        assert opened is not None and site_info(opened).name == "La Ressourcerie"
    finally:
        if opened is not None:
            opened.close()
    assert time.monotonic() - started < 10
    assert len(offered) == 1
    text, choices = offered[0]
    assert choices == [RETRY, CHOOSE, QUIT]
    assert "utilisé par un autre programme" in text
    assert "n'est pas un fichier" not in text
    assert text.count("n'a pas été modifié") == 1


def test_failing_migration_is_told_with_the_backup(db, monkeypatch) -> None:
    path = db.path
    db.close()

    def failing_upgrade(config, revision):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(database, "head_revision", lambda: "9999_extra")
    monkeypatch.setattr(database, "pending_revisions", lambda current: ["9999_extra"])
    monkeypatch.setattr(database.command, "upgrade", failing_upgrade)
    offered: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(
        messages, "choose", lambda _p, text, choices, **_k: offered.append((text, choices)) or 1
    )
    assert open_database_interactive(path, choose_file=lambda _p: None) is None
    text, choices = offered[0]
    assert choices == [CHOOSE, QUIT]
    backup = path.with_name(f"{path.stem}.avant-migration-9999_extra{path.suffix}")
    assert "« 9999_extra »" in text and str(backup) in text and backup.exists()
