"""First visit: the welcome checklist kept on the visit; the today panel; the hooks."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop.models import Registration
from desktop.services.visits import day_visits
from desktop.vocabulary import RegistrationStatus, WelcomeStep
from tests import world

from .conftest import DAY, press, type_text

Key = Qt.Key


def _log(page, text: str) -> None:
    type_text(page.search_field, text)
    press(page.search_field, Key.Key_Return)
    press(page.person_panel.log_button, Key.Key_Return)


def test_the_welcome_checklist_is_ticked_and_kept_on_the_visit(page, add_person, admin_backend):
    add_person("Hélène", "Lefèvre")
    _log(page, "helene")
    welcome = page.welcome
    assert welcome.isVisible()
    assert welcome.title.text() == "Première visite de Hélène Lefèvre : pour bien l'accueillir"
    welcome.boxes[WelcomeStep.PRESENT_PLACE].click()
    welcome.boxes[WelcomeStep.OFFER_NEWSLETTER].click()
    stored = admin_backend.call(day_visits)[0]
    assert stored.welcome == {WelcomeStep.PRESENT_PLACE, WelcomeStep.OFFER_NEWSLETTER}
    assert page.visit_list.visits.texts(0)[3] == "1re (2/3)"
    welcome.boxes[WelcomeStep.OFFER_NEWSLETTER].click()  # unticked: the last event counts
    assert admin_backend.call(day_visits)[0].welcome == {WelcomeStep.PRESENT_PLACE}
    page.refresh()
    assert welcome.boxes[WelcomeStep.PRESENT_PLACE].isChecked()
    assert not welcome.boxes[WelcomeStep.OFFER_NEWSLETTER].isChecked()


def test_a_returning_visitor_has_no_checklist(page, add_person, clock, db) -> None:
    add_person("Hélène", "Lefèvre")
    _log(page, "helene")
    clock.advance(dt.timedelta(days=7))
    page.refresh()
    _log(page, "helene")
    assert page.visit_list.visits.rows[0].first_visit is False
    assert page.welcome.isHidden()
    assert page.person_panel.first_visit_badge.isHidden()


def test_the_today_panel_shows_hours_sessions_and_who_is_present(page, add_person, db):
    person_id, _number = add_person("Hélène", "Lefèvre")
    with db.session() as session:
        full = world.add_session(session, DAY, title="Atelier cuisine", hour=14, capacity=1)
        world.add_session(session, DAY, title="Yoga doux", hour=10, capacity=8)
        session.add(Registration(occurrence_id=full.id, person_id=person_id,
                                 status=RegistrationStatus.REGISTERED))  # fmt: skip
    page.refresh()  # (the rows above were written behind the services' back)
    view = page.today_view
    assert view.opening_label.text() == "Ouvert de 10 h à 18 h"  # the set-up's week
    assert view.session_texts() == [("10 h – 11 h 30", "Yoga doux", "0/8"),
                                    ("14 h – 15 h 30", "Atelier cuisine", "1/1")]  # fmt: skip
    assert view.present_label.text() == "Personne pour l'instant."
    _log(page, "lefevre")  # the change signal refreshes the panel: no polling, no button
    assert view.present_label.text() == "Hélène Lefèvre (10\u00a0h\u00a005)"
    assert view.counts_label.text() == "1 passage"
    assert page.person_panel.today_label.text() == "Inscrit·e aujourd'hui : 14:00 Atelier cuisine"


def test_new_person_and_card_hooks(qtbot, page, add_person) -> None:
    person_id, _number = add_person("Hélène", "Lefèvre")
    type_text(page.search_field, "Zoé Brun")
    with qtbot.waitSignal(page.new_person_requested) as typed:
        press(page.search_field, Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert typed.args == ["Zoé Brun"]
    page.search_field.clear()
    type_text(page.search_field, "lefevre")
    press(page.search_field, Key.Key_Return)
    with qtbot.waitSignal(page.person_card_requested) as card:
        press(page.person_panel.log_button, Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert card.args == [person_id]
