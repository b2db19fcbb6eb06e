"""Fixtures for widget tests: a backend, extra staff accounts, a fake clock."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from desktop.services.backend import Backend
from desktop.services.database import Database
from desktop.services.users import add_user
from desktop.vocabulary import Role
from tests.conftest import ADMIN_PASSWORD

USER_PASSWORD = "motdepasse-1"


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_user(db: Database) -> Callable[..., None]:
    def make(
        username: str,
        roles: Iterable[Role],
        *,
        display_name: str = "",
        password: str = USER_PASSWORD,
        must_change_password: bool = False,
    ) -> None:
        with db.session() as session:
            add_user(
                session,
                username,
                display_name or username.capitalize(),
                password,
                list(roles),
                must_change_password=must_change_password,
            )

    return make


@pytest.fixture
def backend(db: Database) -> Backend:
    """A backend on the test site, nobody logged in."""
    return Backend(db)


@pytest.fixture
def admin_backend(backend: Backend) -> Backend:
    backend.login("admin", ADMIN_PASSWORD)
    return backend
