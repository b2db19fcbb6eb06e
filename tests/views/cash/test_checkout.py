"""The "Encaisser" dialog driven with the keyboard; results checked through the services."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.services.cash.catalog import unpaid_places
from desktop.services.cash.queries import ReceiptQuery, find_receipt, search_receipts
from desktop.services.formatting import money
from desktop.services.numbering import receipt_number
from desktop.services.people import get_person
from desktop.views import messages
from desktop.views.cash.checkout import CheckoutDialog
from desktop.views.cash.common import paris_today
from desktop.vocabulary import PaymentMethod, ReceiptLineKind, TariffCode
from tests.world import MEMBER, MEMBERSHIP

from .conftest import add_person, add_session, book, focused, press, show_active, type_text

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _number(seq: int) -> str:
    return receipt_number("A", paris_today().year, seq)


def test_sell_a_membership_then_a_session_place_with_the_keyboard(
    qtbot, db, admin_backend, monkeypatch
):
    backend = admin_backend
    person_id = add_person(db, "Hélène", "Dupré", "A-000001")
    add_person(db, "Marc", "Dupont", "A-000002")
    add_session(db, "Yoga doux")
    sophrology = add_session(db, "Sophrologie", days_ahead=2)
    book(db, sophrology, person_id)
    offers: list[str] = []
    monkeypatch.setattr(messages, "choose", lambda _p, text, *_a, **_k: offers.append(text) or 1)

    dialog = CheckoutDialog(backend)
    show_active(qtbot, dialog)
    assert focused() is dialog.payer.search_edit
    type_text("hél")
    press(Key.Key_Return)  # searches now and takes the first match
    assert dialog.person is not None and dialog.person.id == person_id
    assert "Sans adhésion" in dialog.payer.chosen_label.text()

    press(Key.Key_A, ALT)
    assert focused() is dialog.membership_form.met_edit
    assert money(MEMBERSHIP) in dialog.membership_form.quote_label.text()
    press(Key.Key_Tab)
    assert focused() is dialog.membership_form.charter_check
    press(Key.Key_Space)
    press(Key.Key_Return)
    assert len(dialog.lines) == 1
    assert dialog.total_label.text() == f"Total : {money(MEMBERSHIP)}"
    press(Key.Key_S, ALT)  # a place bought with the membership would be at the member price
    assert f"Tarif adhérent : {money(MEMBER)}" in dialog.session_form.quote_label.text()

    press(Key.Key_F2)
    assert focused() is dialog.tendered_edit
    type_text("50")
    assert dialog.change_label.text() == money(2100)
    press(Key.Key_Return, CTRL)
    assert dialog.receipt is not None and dialog.receipt.number == _number(1)
    assert f"Monnaie à rendre : {money(2100)}" in offers[0]

    membership = backend.call(find_receipt, _number(1))
    assert (membership.person_id, membership.total_cents) == (person_id, MEMBERSHIP)
    assert (membership.payment_method, membership.tendered_cents) == (PaymentMethod.CASH, 5000)
    assert [line.kind for line in membership.lines] == [ReceiptLineKind.MEMBERSHIP]

    # Now a member, she pays her booked place (listed first) at the member price.
    member = backend.call(get_person, person_id)
    second = CheckoutDialog(backend, person=member)
    show_active(qtbot, second)
    press(Key.Key_S, ALT)
    assert focused() is second.session_form.list
    assert second.session_form.list.currentItem().text().startswith("À régler · ")
    assert second.session_form.list.currentItem().text().endswith(" · Sophrologie")
    assert f"Tarif adhérent : {money(MEMBER)}" in second.session_form.quote_label.text()
    assert "demi-tarif" in second.session_form.quote_label.text()
    press(Key.Key_Return)
    assert second.total_label.text() == f"Total : {money(MEMBER)}"
    press(Key.Key_F3)
    assert focused() is second.validate_button
    press(Key.Key_Return)
    assert second.receipt is not None and second.receipt.number == _number(2)

    place = backend.call(find_receipt, _number(2))
    assert place.total_cents == MEMBER and place.payment_method is PaymentMethod.CARD
    assert [(line.kind, line.tariff_code, line.occurrence_id) for line in place.lines] == [
        (ReceiptLineKind.SESSION, TariffCode.MEMBER, sophrology)
    ]
    assert backend.call(unpaid_places, person_id) == []


def test_bad_inputs_show_the_french_message_and_keep_the_basket(qtbot, admin_backend, monkeypatch):
    backend = admin_backend
    monkeypatch.setattr(messages, "choose", lambda *_a, **_k: 1)
    dialog = CheckoutDialog(backend)
    show_active(qtbot, dialog)
    press(Key.Key_Tab)
    assert focused() is dialog.payer.label_edit
    type_text("Visiteuse de passage")

    press(Key.Key_A, ALT)
    press(Key.Key_Return)  # a membership needs a person
    assert dialog.membership_form.general_error.text() == (
        "L'adhésion est nominative : choisissez d'abord la personne."
    )
    assert dialog.lines == []

    press(Key.Key_U, ALT)
    type_text("Café solidaire")
    press(Key.Key_Return)
    assert focused() is dialog.other_form.amount_edit
    type_text("1,5O")  # a letter O instead of a zero
    press(Key.Key_Return)
    assert dialog.other_form.errors.labels["unit_cents"].text() == (
        "« 1,5O » : écrivez un montant en chiffres, par exemple 12,50."
    )
    press(Key.Key_Backspace)
    type_text("0")
    press(Key.Key_Return)
    assert len(dialog.lines) == 1 and dialog.total_label.text() == f"Total : {money(150)}"
    type_text("Café en trop", dialog.other_form.label_edit)
    type_text("2", dialog.other_form.amount_edit)
    press(Key.Key_Return, widget=dialog.other_form.amount_edit)
    assert len(dialog.lines) == 2 and dialog.total_label.text() == f"Total : {money(350)}"
    dialog.table.setFocus()
    press(Key.Key_Delete)  # removes the selected line: the one just added
    assert [line.label for line in dialog.lines] == ["Café solidaire"]
    assert dialog.total_label.text() == f"Total : {money(150)}"

    press(Key.Key_F4)
    press(Key.Key_Return, CTRL)
    cheque_error = dialog.cheque_errors.labels["cheque_number"]
    assert cheque_error.isVisible() and cheque_error.text() == "Indiquez le numéro du chèque."
    assert focused() is dialog.cheque_edit

    press(Key.Key_F2)
    type_text("1")
    tendered_error = dialog.cash_errors.labels["tendered_cents"]
    assert tendered_error.text() == f"Montant remis insuffisant : {money(150)} sont dus."
    press(Key.Key_Return, CTRL)
    assert tendered_error.isVisible() and dialog.isVisible()
    assert dialog.receipt is None and len(dialog.lines) == 1
    assert backend.call(search_receipts, ReceiptQuery()) == []

    type_text("0")  # 10 €
    assert dialog.change_label.text() == money(850)
    press(Key.Key_Return, CTRL)
    assert dialog.receipt is not None
    assert dialog.receipt.payer == "Visiteuse de passage"
    assert dialog.receipt.change_cents == 850
