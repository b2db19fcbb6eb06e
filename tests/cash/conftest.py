"""Fixtures of the cash-desk tests: a template site copied per test (fast), actors, factories."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cash_world import World, build_template

from desktop.services.database import open_database


@pytest.fixture(scope="session")
def cash_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with a site (series A), an admin, a receptionist and a social worker."""
    return build_template(tmp_path_factory.mktemp("cash-template"))


@pytest.fixture
def world(cash_template: Path, tmp_path: Path) -> Iterator[World]:
    path = tmp_path / "cash.sqlite3"
    shutil.copyfile(cash_template, path)
    database = open_database(path)
    yield World.open(database)
    database.close()
