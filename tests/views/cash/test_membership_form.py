"""The membership form says only whether the charter was accepted; the service dates it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.models import Membership
from desktop.services.clock import ManualClock
from desktop.services.formatting import to_utc
from desktop.services.people import get_person
from desktop.views import messages
from desktop.views.cash.checkout import CheckoutDialog
from desktop.views.cash.common import paris_today

from .conftest import add_person, press, show_active

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier


def test_the_charter_moment_is_the_session_clock_of_the_sale(
    qtbot, db, admin_backend, monkeypatch
):
    monkeypatch.setattr(messages, "choose", lambda *_a, **_k: 1)
    person = admin_backend.call(get_person, add_person(db, "Hélène", "Dupré", "A-000001"))
    sale = to_utc(paris_today(), dt.time(10, 17, 42))
    db.clock = ManualClock(sale)  # every session from now on shows the moment of the sale
    dialog = CheckoutDialog(admin_backend, person=person)
    show_active(qtbot, dialog)
    form = dialog.membership_form

    press(Key.Key_A, ALT)
    press(Key.Key_Return)  # the charter is not ticked: refused under the check box
    assert form.errors.labels["charter_accepted"].text() == (
        "Adhésion : la personne doit d'abord accepter la charte."
    )
    assert dialog.lines == []
    form.charter_check.setChecked(True)
    press(Key.Key_Return, widget=form.met_edit)
    assert len(dialog.lines) == 1
    press(Key.Key_F3)
    press(Key.Key_Return)
    assert dialog.receipt is not None

    with db.session() as session:
        membership = session.scalars(select(Membership)).one()
        assert membership.charter_accepted_at == sale
        assert membership.receipt_id == dialog.receipt.id
