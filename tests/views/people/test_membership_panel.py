"""The membership panel: join and renew through « Encaisser », the status follows by itself."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.services.cash.memberships import add_months
from desktop.services.cash.queries import find_receipt
from desktop.services.cash.receipts import cancel_receipt
from desktop.services.formatting import date_short, money
from desktop.services.settings import set_setting
from desktop.views import messages
from desktop.views.cash.checkout import CheckoutDialog
from desktop.views.cash.common import paris_today, to_qdate
from desktop.views.people.membership_panel import MembershipPanel
from desktop.vocabulary import Role
from tests.views.cash.conftest import add_person, focused, press, type_text
from tests.views.conftest import USER_PASSWORD
from tests.world import MEMBERSHIP

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _no_receipt_offer(monkeypatch) -> None:
    """« Paiement enregistré »: the receptionist answers « Terminer »."""
    monkeypatch.setattr(messages, "choose", lambda *_a, **_k: 1)


def _panel(qtbot, backend, person_id) -> MembershipPanel:
    panel = MembershipPanel(backend, person_id)
    qtbot.addWidget(panel)
    panel.resize(900, 360)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _status(panel: MembershipPanel) -> str:
    assert panel.overview is not None
    return panel.overview.status.label


def _open_checkout(qtbot, panel: MembershipPanel) -> CheckoutDialog:
    qtbot.mouseClick(panel.join_button, Qt.MouseButton.LeftButton)
    dialog = panel.checkout
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.person is not None and dialog.person.id == panel.person_id
    assert dialog.tabs.currentIndex() == 0  # the membership form, in front
    assert dialog.membership_form.confirm_hint.isVisibleTo(dialog)
    assert focused() is dialog.membership_form.met_edit
    assert dialog.lines == []  # nothing is sold before the desk confirms
    return dialog


def _confirm_and_pay_cash(dialog: CheckoutDialog, met_on: dt.date, tendered: str = "") -> None:
    """Met-team date, charter ticked, Enter (into the basket), F2 espèces, Ctrl+Entrée."""
    form = dialog.membership_form
    form.met_edit.setDate(to_qdate(met_on))
    press(Key.Key_Tab)
    assert focused() is form.charter_check
    press(Key.Key_Space)
    assert form.charter_check.isChecked()
    press(Key.Key_Return)
    assert len(dialog.lines) == 1
    press(Key.Key_F2)
    assert focused() is dialog.tendered_edit
    if tendered:
        type_text(tendered)
    press(Key.Key_Return, CTRL)
    assert dialog.receipt is not None


def test_join_through_encaisser_then_renew_before_expiry(qtbot, db, admin_backend) -> None:
    backend = admin_backend
    person_id = add_person(db, "Hélène", "Lefèvre", "A-000001")
    panel = _panel(qtbot, backend, person_id)
    assert _status(panel) == "non adhérent·e"
    assert "Non adhérent·e" in panel.status_label.text()
    assert panel.join_button.text() == "&Adhérer…"
    assert not panel.card_button.isEnabled()  # no membership, no card
    assert panel.empty_label.isVisibleTo(panel) and not panel.table.isVisibleTo(panel)

    today = paris_today()
    met = today - dt.timedelta(days=3)
    dialog = _open_checkout(qtbot, panel)
    assert money(MEMBERSHIP) in dialog.membership_form.quote_label.text()
    _confirm_and_pay_cash(dialog, met, "50")
    receipt = backend.call(find_receipt, dialog.receipt.number)
    assert receipt.person_id == person_id and receipt.total_cents == MEMBERSHIP
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # No refresh asked: the change signal brought the new status.
    end = add_months(today, 12) - dt.timedelta(days=1)
    assert _status(panel) == f"à jour jusqu'au {date_short(end)}"
    assert f"À jour jusqu'au {date_short(end)}" in panel.status_label.text()
    assert panel.join_button.text() == "&Renouveler…"
    assert panel.card_button.isEnabled()
    assert panel.model.rowCount() == 1
    (record,) = panel.overview.memberships  # type: ignore[union-attr]
    assert (record.met_team_on, record.charter_accepted_on) == (met, today)
    assert record.receipt_number == receipt.number
    assert record.recorded_by  # the staff member who sold it

    # Renewing before expiry extends from the end date.
    dialog = _open_checkout(qtbot, panel)
    start = end + dt.timedelta(days=1)
    renewed_end = add_months(start, 12) - dt.timedelta(days=1)
    assert (
        f"Renouvellement : adhésion du {date_short(start)} au {date_short(renewed_end)}"
        in dialog.membership_form.quote_label.text()
    )
    _confirm_and_pay_cash(dialog, today)
    assert _status(panel) == f"à jour jusqu'au {date_short(renewed_end)}"
    assert panel.model.rowCount() == 2
    assert [panel.overview.stage(m) for m in panel.overview.memberships] == [  # type: ignore[union-attr]
        "à venir",
        "en cours",
    ]
    assert "renouvellement déjà payé" in panel.detail_label.text()
    panel.grab().save("/tmp/members-panel.png")


def test_calendar_year_mode_runs_to_31_december_and_renews_for_the_next_year(
    qtbot, db, admin_backend
) -> None:
    backend = admin_backend
    backend.call(set_setting, "membership_validity", "calendar_year")
    person_id = add_person(db, "Jean-Éric", "L'Hôte", "A-000002")
    panel = _panel(qtbot, backend, person_id)
    year = paris_today().year

    _confirm_and_pay_cash(_open_checkout(qtbot, panel), paris_today())
    assert _status(panel) == f"à jour jusqu'au 31/12/{year}"

    dialog = _open_checkout(qtbot, panel)
    assert f"du 01/01/{year + 1} au 31/12/{year + 1}" in dialog.membership_form.quote_label.text()
    _confirm_and_pay_cash(dialog, paris_today())
    assert _status(panel) == f"à jour jusqu'au 31/12/{year + 1}"


def test_a_cancelled_membership_receipt_shows_at_once(qtbot, db, admin_backend) -> None:
    backend = admin_backend
    person_id = add_person(db, "Marc", "Dupont", "A-000003")
    panel = _panel(qtbot, backend, person_id)
    dialog = _open_checkout(qtbot, panel)
    _confirm_and_pay_cash(dialog, paris_today())
    assert _status(panel).startswith("à jour jusqu'au")
    assert dialog.receipt is not None
    backend.call(cancel_receipt, dialog.receipt.id, "Erreur de saisie.")
    assert _status(panel) == "non adhérent·e"
    assert panel.join_button.text() == "&Adhérer…"
    assert [panel.overview.stage(m) for m in panel.overview.memberships] == ["annulée"]  # type: ignore[union-attr]


def test_member_card_opens_in_the_preview(qtbot, db, admin_backend) -> None:
    backend = admin_backend
    person_id = add_person(db, "Hélène", "Œuvray", "A-000004")
    panel = _panel(qtbot, backend, person_id)
    _confirm_and_pay_cash(_open_checkout(qtbot, panel), paris_today())
    qtbot.mouseClick(panel.card_button, Qt.MouseButton.LeftButton)
    preview = panel.card_preview
    assert preview is not None and preview.isVisible()
    assert preview.page_count == 1  # type: ignore[attr-defined]
    assert preview.windowTitle() == "Carte de membre — Hélène Œuvray"
    assert preview.file_name == "carte_A-000004.pdf"  # type: ignore[attr-defined]
    preview.reject()


def test_roles_without_the_till_see_the_status_only(qtbot, db, backend, make_user) -> None:
    make_user("sociale", [Role.SOCIAL])
    backend.login("sociale", USER_PASSWORD)
    person_id = add_person(db, "Léa", "Petit", "A-000005")
    panel = _panel(qtbot, backend, person_id)
    assert _status(panel) == "non adhérent·e"
    assert not panel.join_button.isEnabled()
    assert "ne permet pas" in panel.join_button.toolTip()
    assert not panel.card_button.isEnabled()


def test_the_receptionist_joins_with_the_keyboard_only(qtbot, db, backend, make_user) -> None:
    make_user("accueil", [Role.ACCUEIL])
    backend.login("accueil", USER_PASSWORD)
    person_id = add_person(db, "Zoé", "Martin", "A-000006")
    panel = _panel(qtbot, backend, person_id)
    panel.join_button.setFocus()
    QTest.keyClick(panel.join_button, Key.Key_Space)
    dialog = panel.checkout
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    _confirm_and_pay_cash(dialog, paris_today())
    assert _status(panel).startswith("à jour jusqu'au")
