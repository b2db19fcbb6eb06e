"""Shared fixtures. Tests run headless: Qt uses the offscreen platform."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.services.database import Database, open_database
from desktop.services.permissions import Actor
from tests.world import ADMIN_PASSWORD, build_site

__all__ = ["ADMIN_PASSWORD"]  # re-exported: tests import it from here


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """Never touch the real user's data or log folders."""
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("RESSOURCERIE_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("RESSOURCERIE_LOG_DIR", str(base / "logs"))
    monkeypatch.setenv("RESSOURCERIE_CACHE_DIR", str(base / "cache"))


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    """A migrated database with no site yet (first run)."""
    database = open_database(tmp_path / "test.sqlite3")
    yield database
    database.close()


@pytest.fixture(scope="session")
def site_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A set-up site built once per test run (hashing and migrations are not free)."""
    return build_site(tmp_path_factory.mktemp("template") / "site.sqlite3")


@pytest.fixture
def db(site_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A set-up site with one administrator (``admin`` / ADMIN_PASSWORD), fresh per test."""
    path = tmp_path / "site.sqlite3"
    shutil.copyfile(site_template, path)
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture
def admin(db: Database) -> Actor:
    from desktop.services.auth import authenticate

    with db.session() as session:
        return authenticate(session, "admin", ADMIN_PASSWORD)
