"""A 5,000-character paste into any field of any dialog never widens it beyond the screen,
even once the dialog has answered with its error messages (which may quote what was typed)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QDialog, QLineEdit, QPushButton

from desktop.app import load_stylesheet
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.queries import get_receipt
from desktop.services.cash.receipts import issue_receipt
from desktop.services.people import get_person
from desktop.services.users import list_users
from desktop.views import messages
from desktop.views.cash.checkout import CheckoutDialog
from desktop.views.cash.line_forms import LineForm
from desktop.views.cash.receipt_dialogs import CancelReceiptDialog
from desktop.views.cash.reduced import ReducedPriceDialog
from desktop.views.first_run import FirstRunDialog
from desktop.views.forms import MESSAGE_MAX_CHARS, ErrorLabel, wrappable
from desktop.views.login import LoginDialog
from desktop.views.pages.admin.tariffs_tab import NewTariffDialog
from desktop.views.pages.admin.user_dialogs import NewUserDialog, ResetPasswordDialog
from desktop.views.password import ChangePasswordDialog
from desktop.vocabulary import PaymentMethod
from tests.views.cash.conftest import add_person
from tests.views.layout import cut_off

SCREEN_WIDTH = 1366
PASTED = "x" * 4990 + " é€ 12"  # one very long word, as from a wrong copy


@pytest.fixture(autouse=True)
def _quiet(qapp, monkeypatch):
    before = qapp.styleSheet()
    assert load_stylesheet(qapp)
    for name in ("warn", "inform", "error"):
        if hasattr(messages, name):
            monkeypatch.setattr(messages, name, lambda *_a, **_k: None)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: False, raising=False)
    yield
    qapp.setStyleSheet(before)


def _paste_everywhere_and_submit(qtbot, dialog: QDialog, buttons: list[QPushButton]) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    assert cut_off(dialog) == [], type(dialog).__name__
    QApplication.clipboard().setText(PASTED)
    edits = [
        edit
        for edit in dialog.findChildren(QLineEdit)
        if edit.isEnabled()
        and not edit.isReadOnly()
        and not isinstance(edit.parent(), QAbstractSpinBox)  # dates, quantities
    ]
    for edit in edits:
        edit.selectAll()
        edit.paste()
    assert any(len(edit.text()) >= 500 for edit in edits), type(dialog).__name__
    for button in buttons:
        if button.isVisible() and button.isEnabled() and dialog.isVisible():
            button.click()
        QApplication.processEvents()
    widths = (dialog.width(), dialog.minimumSize().width(), dialog.minimumSizeHint().width())
    assert max(widths) <= SCREEN_WIDTH, (type(dialog).__name__, widths)
    shown = [e.text() for e in dialog.findChildren(ErrorLabel) if e.isVisible()]
    assert all(len(text) <= MESSAGE_MAX_CHARS + MESSAGE_MAX_CHARS // 10 for text in shown)


def test_wrappable_breaks_long_words_and_shortens() -> None:
    assert wrappable("Montant « 12,5 » refusé.") == "Montant « 12,5 » refusé."
    text = wrappable(f"« {PASTED} » n'est pas valable.")
    assert len(text.replace("\u200b", "")) == MESSAGE_MAX_CHARS
    assert text.endswith("…")
    assert max(len(word) for word in text.replace("\u200b", " ").split()) <= 40


def test_login_and_password_dialogs(qtbot, admin_backend) -> None:
    login = LoginDialog(admin_backend)
    _paste_everywhere_and_submit(qtbot, login, [login.login_button])
    change = ChangePasswordDialog(admin_backend)
    _paste_everywhere_and_submit(qtbot, change, [change.ok_button])


def test_administration_dialogs(qtbot, admin_backend) -> None:
    new_user = NewUserDialog(admin_backend)
    _paste_everywhere_and_submit(qtbot, new_user, [new_user.ok_button])
    user = admin_backend.call(list_users)[0]
    reset = ResetPasswordDialog(admin_backend, user)
    _paste_everywhere_and_submit(qtbot, reset, [reset.ok_button])
    tariff = NewTariffDialog(admin_backend)
    _paste_everywhere_and_submit(qtbot, tariff, [tariff.ok_button])


def test_cash_dialogs(qtbot, admin_backend) -> None:
    checkout = CheckoutDialog(admin_backend, None)
    buttons = [form.add_button for form in checkout.findChildren(LineForm)]
    _paste_everywhere_and_submit(qtbot, checkout, [*buttons, checkout.validate_button])
    receipt = admin_backend.call(
        issue_receipt,
        ReceiptDraft((DraftLine.other("Tisane", 150),), Payment(PaymentMethod.CARD), None),
    )
    cancel = CancelReceiptDialog(admin_backend, admin_backend.call(get_receipt, receipt.id))
    _paste_everywhere_and_submit(qtbot, cancel, [cancel.confirm_button])


def test_reduced_price_and_checkout_for_a_person(qtbot, db, admin_backend) -> None:
    person = admin_backend.call(get_person, add_person(db, "Zoé", "Martin", "A-000001"))
    reduced = ReducedPriceDialog(admin_backend, person)
    _paste_everywhere_and_submit(qtbot, reduced, [reduced.ok_button])
    checkout = CheckoutDialog(admin_backend, person)
    buttons = [form.add_button for form in checkout.findChildren(LineForm)]
    _paste_everywhere_and_submit(qtbot, checkout, [*buttons, checkout.validate_button])


def test_first_run_dialog(qtbot, empty_db) -> None:
    dialog = FirstRunDialog(empty_db)
    _paste_everywhere_and_submit(qtbot, dialog, dialog.findChildren(QPushButton))
