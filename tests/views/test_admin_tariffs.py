"""Paramètres › Tarifs: the tariff history and the « Nouveau tarif… » dialog."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest

from desktop.services.cash.closings import close_day
from desktop.services.cash.tariffs import list_tariffs
from desktop.services.formatting import money
from desktop.views.cash.common import paris_today
from desktop.views.pages.admin.page import AdminPage
from desktop.views.pages.admin.tariffs_tab import NewTariffDialog
from desktop.vocabulary import TariffCode

from .typing import replace_text, type_text


def test_new_tariff_with_french_decimal_comma(qtbot, admin_backend, tmp_path) -> None:
    page = AdminPage(admin_backend)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.tariffs_tab)  # refreshes the visible tab
    tab = page.tariffs_tab
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Tarifs"
    before = tab.model.rowCount()
    assert before == len(admin_backend.call(list_tariffs)) > 0
    reduced = next(r for r in range(before) if tab.row_texts(r)[0] == "Tarif réduit")
    assert tab.row_texts(reduced)[1].startswith("4,50")

    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, NewTariffDialog)
    dialog.code.setCurrentIndex(dialog.code.findText("Gratuit"))
    type_text(dialog.amount, "1,5")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # the service refuses; what was typed stays
    assert dialog.form.error_text("amount") == "Le tarif « Gratuit » vaut toujours 0,00 €."
    assert dialog.amount.text() == "1,5"

    dialog.code.setCurrentIndex(dialog.code.findText("Tarif réduit"))
    replace_text(dialog.amount, "quatre €")
    QTest.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.form.error_text("amount") == (
        "« quatre € » : écrivez un montant en chiffres, par exemple 12,50."
    )
    assert dialog.amount.text() == "quatre €"
    replace_text(dialog.amount, "-4,50")
    QTest.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.form.error_text("amount") == "Montant négatif : indiquez un montant positif."

    day = paris_today() + dt.timedelta(days=40)
    dialog.effective_from.setDate(QDate(day.year, day.month, day.day))
    replace_text(dialog.amount, "5,20")
    QTest.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert not dialog.isVisible()

    stored = [t for t in admin_backend.call(list_tariffs) if t.effective_from == day]
    assert [(t.code, t.amount_cents) for t in stored] == [(TariffCode.REDUCED, 520)]
    assert tab.model.rowCount() == before + 1
    rows = [tab.row_texts(r) for r in range(tab.model.rowCount())]
    assert ("Tarif réduit", money(520), day.strftime("%d/%m/%Y")) in rows
    assert "Tarif réduit : 5,20" in tab.notice.text()
    page.resize(900, 520)
    assert page.grab().save(str(tmp_path / "tariffs_tab.png"))


def test_a_wrong_amount_and_a_closed_date_are_shown_together(qtbot, admin_backend) -> None:
    yesterday = paris_today() - dt.timedelta(days=1)
    admin_backend.call(close_day, yesterday)
    page = AdminPage(admin_backend)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.tariffs_tab)
    tab = page.tariffs_tab
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = tab.active_dialog
    assert isinstance(dialog, NewTariffDialog)
    dialog.effective_from.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    type_text(dialog.amount, "douze")
    QTest.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.form.error_text("amount").startswith("« douze » : écrivez un montant")
    assert dialog.form.error_text("effective_from").startswith("La caisse est clôturée")
