"""Helpers of the cash view tests: persons and sessions as ORM rows, keyboard helpers.

The logged-in backend is ``admin_backend`` (tests/views/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.models import Registration
from desktop.views.cash.common import paris_today
from desktop.vocabulary import ActivityCategory, RegistrationStatus
from tests import world
from tests.views import typing


def add_person(db, first: str, last: str, number: str) -> uuid.UUID:
    with db.session() as session:
        return world.add_person(session, first, last, number=number).id


def add_session(db, title: str, days_ahead: int = 1, hour: int = 10) -> uuid.UUID:
    """A paid occurrence ``days_ahead`` days from today (Paris), 1 h 30 long."""
    day = paris_today() + dt.timedelta(days=days_ahead)
    with db.session() as session:
        occurrence = world.add_session(
            session, day, title=title, hour=hour, capacity=10, category=ActivityCategory.WELLBEING
        )
        return occurrence.id


def book(db, occurrence_id: uuid.UUID, person_id: uuid.UUID) -> None:
    """A registered (not yet paid) place; the programme's registration service is elsewhere."""
    with db.session() as session:
        session.add(
            Registration(
                occurrence_id=occurrence_id,
                person_id=person_id,
                status=RegistrationStatus.REGISTERED,
            )
        )


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_text(text: str, widget: QWidget | None = None) -> None:
    """Type ``text`` key by key (accented characters too) into ``widget`` or the focused one."""
    typing.type_text(widget or focused(), text)


def press(key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier, widget: QWidget | None = None):
    QTest.keyClick(widget or focused(), key, modifier)


def show_active(qtbot, widget: QWidget) -> None:
    """Show ``widget`` as the active window (window shortcuts need it)."""
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
