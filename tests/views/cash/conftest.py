"""Helpers of the cash view tests: persons and sessions as ORM rows, keyboard helpers.

The logged-in backend is ``admin_backend`` (tests/views/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.models import Activity, Occurrence, Person, Registration
from desktop.services.formatting import to_utc
from desktop.services.people import search_key
from desktop.views.cash.common import paris_today
from desktop.vocabulary import ActivityCategory, Gender, PriceCategory, RegistrationStatus
from tests.views import typing


def add_person(db, first: str, last: str, number: str) -> uuid.UUID:
    with db.session() as session:
        person = Person(
            number=number,
            first_name=first,
            last_name=last,
            search_key=search_key(first, last),
            gender=Gender.FEMALE,
        )
        session.add(person)
        session.flush()
        return person.id


def add_session(db, title: str, days_ahead: int = 1, hour: int = 10) -> uuid.UUID:
    """A paid occurrence ``days_ahead`` days from today (Paris), 1 h 30 long."""
    day = paris_today() + dt.timedelta(days=days_ahead)
    with db.session() as session:
        activity = Activity(
            title=title,
            category=ActivityCategory.WELLBEING,
            capacity=10,
            price_category=PriceCategory.PAID,
        )
        session.add(activity)
        session.flush()
        occurrence = Occurrence(
            activity_id=activity.id,
            starts_at=to_utc(day, dt.time(hour)),
            ends_at=to_utc(day, dt.time(hour + 1, 30)),
            capacity=10,
        )
        session.add(occurrence)
        session.flush()
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
