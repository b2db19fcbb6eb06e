"""The Accueil page with its person dialogs: a newcomer with a duplicate warning, created,
chosen and logged from the keyboard; the card; the anonymous counter from the form."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.services.visits import day_visits
from desktop.views.pages.home import HomePage

from .conftest import press, type_text

Key = Qt.Key


def _home(qtbot, backend) -> HomePage:
    home = HomePage(backend)
    qtbot.addWidget(home)
    home.resize(1116, 720)
    with qtbot.waitActive(home):
        home.show()
        home.activateWindow()
    home.page_shown()
    return home


def test_newcomer_with_a_duplicate_warning_then_logged_at_once(
    qtbot, admin_backend, add_person, clock
) -> None:
    add_person("Zoé", "Martin", phone="+33612345678")
    home = _home(qtbot, admin_backend)
    type_text(home.search_field, "Zoé Martine")
    press(home.search_field, Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: home.newcomer_dialog is not None)
    dialog = home.newcomer_dialog
    assert dialog is not None
    assert (dialog.first_name.text(), dialog.last_name.text()) == ("Zoé", "Martine")
    dialog.consent_data.setChecked(True)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.duplicates.isVisible())  # « Zoé Martin » is close
    dialog.duplicates.create_anyway.click()
    qtbot.waitUntil(lambda: home.person_panel.result is not None)
    chosen = home.person_panel.result
    assert chosen is not None and chosen.last_name == "Martine" and chosen.first_visit
    press(home.person_panel.log_button, Key.Key_Return)  # one key logs the visit
    visits = admin_backend.call(day_visits)
    assert [v.person_name for v in visits] == ["Zoé Martine"] and visits[0].first_visit
    assert home.welcome.visit is not None  # the first-visit checklist is offered


def test_the_card_opens_on_the_chosen_person(qtbot, admin_backend, add_person, clock) -> None:
    person_id, _number = add_person("Hélène", "Lefèvre")
    home = _home(qtbot, admin_backend)
    type_text(home.search_field, "lefevre")
    press(home.search_field, Key.Key_Return)
    press(home.person_panel.log_button, Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: home.card_dialog is not None)
    assert home.card_dialog is not None and home.card_dialog.person_id == person_id
    assert home.card_dialog.membership_panel.person_id == person_id
    home.card_dialog.reject()
    assert home.card_dialog is None


def test_no_data_consent_sends_to_the_anonymous_counter(qtbot, admin_backend, clock) -> None:
    home = _home(qtbot, admin_backend)
    home.new_person("Jean")
    dialog = home.newcomer_dialog
    assert dialog is not None
    opened: list[bool] = []
    home.open_anonymous_visit = lambda: opened.append(True)  # type: ignore[method-assign]
    dialog.sig_anonymous_visit.emit()
    qtbot.waitUntil(lambda: opened == [True])
