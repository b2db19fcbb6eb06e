"""« Tarif réduit… » in the Encaisser dialog: record the decision, then the basket is re-priced."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from desktop.services.cash.reductions import list_reduced_prices
from desktop.services.formatting import date_short, money
from desktop.services.people import get_person
from desktop.views import messages
from desktop.views.cash.checkout import CheckoutDialog
from desktop.views.cash.common import paris_today
from desktop.views.cash.reduced import ReducedPriceDialog

from .conftest import add_person, add_session, focused, press, show_active, type_text

Key = Qt.Key


def test_reduced_price_reprices_the_basket(qtbot, db, admin_backend, monkeypatch, tmp_path):
    backend = admin_backend
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)  # closing the test
    person_id = add_person(db, "Zoé", "Martin", "A-000001")
    add_session(db, "Yoga doux")
    dialog = CheckoutDialog(backend)
    show_active(qtbot, dialog)
    assert dialog.reduced_button.isHidden()  # no payer yet
    dialog.payer.set_person(backend.call(get_person, person_id))
    assert dialog.reduced_button.isVisible()

    press(Key.Key_S, Qt.KeyboardModifier.AltModifier)
    press(Key.Key_Return)
    assert dialog.total_label.text() == f"Total : {money(1200)}"

    qtbot.mouseClick(dialog.reduced_button, Qt.MouseButton.LeftButton)
    reduced = dialog.reduced_dialog
    assert isinstance(reduced, ReducedPriceDialog) and reduced.isVisible()
    qtbot.waitUntil(lambda: focused() is reduced.reason, timeout=2000)
    press(Key.Key_Return)  # no reason: refused, dialog stays
    assert reduced.isVisible()
    assert reduced.form.error_text("reason") == "Indiquez le motif du tarif réduit."

    type_text("Étudiante boursière")
    press(Key.Key_Tab)
    assert focused() is reduced.until.check
    press(Key.Key_Space)
    yesterday = paris_today() - dt.timedelta(days=1)
    reduced.until.date.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    qtbot.mouseClick(reduced.ok_button, Qt.MouseButton.LeftButton)
    assert reduced.isVisible()  # the end date precedes the decision
    assert "ne peut pas précéder" in reduced.form.error_text("valid_until")
    assert reduced.reason.text() == "Étudiante boursière"

    until = paris_today() + dt.timedelta(days=90)
    reduced.until.date.setDate(QDate(until.year, until.month, until.day))
    qtbot.mouseClick(reduced.ok_button, Qt.MouseButton.LeftButton)
    assert not reduced.isVisible()

    [decision] = backend.call(list_reduced_prices, person_id)
    assert (decision.reason, decision.valid_until) == ("Étudiante boursière", until)
    assert dialog.total_label.text() == f"Total : {money(450)}"
    tier = dialog.model.index(0, 1).data()
    assert tier.startswith("Tarif réduit\n")
    assert f"jusqu'au {date_short(until)} : Étudiante boursière" in tier
    assert dialog.grab().save(str(tmp_path / "checkout_reduced.png"))
    dialog.reduced_button.click()
    assert dialog.reduced_dialog.grab().save(str(tmp_path / "reduced_dialog.png"))
    dialog.reduced_dialog.reject()
