"""The Accueil page on a frozen Tuesday morning, logged in as a receptionist."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.services.backend import Backend
from desktop.services.clock import ManualClock
from desktop.services.database import Database
from desktop.services.formatting import to_utc
from desktop.views.desk.page import DeskPage
from desktop.vocabulary import Role
from tests import world
from tests.views import typing
from tests.views.conftest import USER_PASSWORD

DAY = dt.date(2026, 11, 24)  # a Tuesday
MORNING = to_utc(DAY, dt.time(10, 5))


@pytest.fixture
def clock(db: Database) -> ManualClock:
    """Every unit of work of ``db`` reads this clock (10:05 on DAY, Paris)."""
    db.clock = ManualClock(MORNING)
    return db.clock


@pytest.fixture
def add_person(db: Database) -> Callable[..., tuple[uuid.UUID, str]]:
    def add(first: str = "Hélène", last: str = "Lefèvre", **extra: object):
        with db.session() as session:
            person = world.add_person(session, first, last, **extra)
            return person.id, person.number

    return add


@pytest.fixture
def desk_backend(db: Database, make_user, clock: ManualClock) -> Backend:
    make_user("lea", [Role.ACCUEIL], display_name="Léa Dubois")
    backend = Backend(db)
    backend.login("lea", USER_PASSWORD)
    return backend


@pytest.fixture
def page(qtbot, admin_backend: Backend, clock: ManualClock) -> DeskPage:
    """The page shown as the active window, as the main window shows it (the receptionist's
    own session is in test_keyboard_path: one password hash less per test here)."""
    desk = DeskPage(admin_backend)
    qtbot.addWidget(desk)
    desk.resize(1116, 720)
    with qtbot.waitActive(desk):
        desk.show()
        desk.activateWindow()
    desk.page_shown()
    return desk


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def type_text(widget: QWidget, text: str) -> None:
    """One key event per character (accents too)."""
    typing.type_text(widget, text)


def press(widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget, key, modifier)


def day_names(page: DeskPage) -> list[str]:
    return [row.person_name for row in page.visit_list.visits.rows]
