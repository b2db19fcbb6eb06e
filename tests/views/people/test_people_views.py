"""Newcomer form, duplicates, the person card and its dialogs, the Personnes directory."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.app import load_stylesheet
from desktop.models import MeetingFlag, Person, Visit
from desktop.services.backend import Backend
from desktop.services.database import Database
from desktop.services.person_checks import NO_DATA_CONSENT
from desktop.views import messages
from desktop.views.forms import wrappable
from desktop.views.pages.people import PeoplePage
from desktop.views.people import NewcomerDialog, PersonCardDialog, prefilled
from desktop.views.people.card_dialogs import FlagDialog, PersonEditDialog
from desktop.vocabulary import FlagReason, Role
from tests.views.conftest import USER_PASSWORD
from tests.views.layout import cut_off
from tests.views.typing import type_text
from tests.world import add_person


@pytest.fixture(autouse=True)
def _quiet(qapp, monkeypatch):
    before = qapp.styleSheet()
    assert load_stylesheet(qapp)
    for name in ("warn", "inform", "error"):
        monkeypatch.setattr(messages, name, lambda *_a, **_k: None, raising=False)
    yield
    qapp.setStyleSheet(before)


@pytest.fixture
def helene(db: Database):
    with db.session() as session:
        person = add_person(session, "Hélène", "Lefèvre", phone="+33612345678")
        for week in range(12):
            at = dt.datetime(2025, 3, 4, 9, tzinfo=dt.UTC) + dt.timedelta(weeks=week)
            session.add(Visit(at=at, person_id=person.id, reasons=["activite"]))
        return person.id


def _persons(db: Database) -> list[tuple[str, str]]:
    with db.read_session() as session:
        return [(p.first_name, p.last_name) for p in session.query(Person).order_by(Person.number)]


def test_prefilled_from_the_desk_search() -> None:
    assert (prefilled("hélène lefèvre-œuvray").first_name, prefilled("x y").last_name) == (
        "Hélène",
        "Y",
    )
    assert prefilled("hélène lefèvre-œuvray").last_name == "Lefèvre-Œuvray"
    assert prefilled("Marie DUPONT").last_name == "DUPONT"
    assert prefilled("06 12 34 56 78").phone == "06 12 34 56 78"


def test_accented_typing_one_char_at_a_time_creates_the_person(
    qtbot, admin_backend: Backend, db: Database
) -> None:
    dialog = NewcomerDialog(admin_backend)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.first_name, "Éloïse")
    type_text(dialog.last_name, "Lœwenbrück-Ça")
    type_text(dialog.phone, "06 98 76 54 32")
    dialog.consent_data.setChecked(True)
    chosen: list[object] = []
    dialog.sig_person_chosen.connect(chosen.append)
    dialog.ok_button.click()
    assert _persons(db) == [("Éloïse", "Lœwenbrück-Ça")]
    assert dialog.created is not None and chosen == [dialog.created.id]
    with db.read_session() as session:
        assert session.query(Person).one().phone == "+33698765432"


def test_validation_errors_in_french_under_the_fields(
    qtbot, admin_backend: Backend, db: Database
) -> None:
    dialog = NewcomerDialog(admin_backend, "marie")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.anonymous_button.isVisible()  # no consent yet: anonymous visit offered
    type_text(dialog.phone, "12")
    type_text(dialog.email, "marie@")
    dialog.ok_button.click()
    form = dialog.form
    assert form.error_text("consent_data") == wrappable(NO_DATA_CONSENT)
    assert "n'est pas un numéro de téléphone" in form.error_text("phone")
    assert "n'est pas une adresse e-mail" in form.error_text("email")
    dialog.consent_data.setChecked(True)
    assert not dialog.anonymous_button.isVisible()
    dialog.ok_button.click()
    assert form.error_text("last_name") == "Indiquez le nom de la personne."
    assert form.error_text("consent_data") == ""
    assert dialog.isVisible() and _persons(db) == []
    assert dialog.phone.text() == "12"  # nothing typed is lost
    assert cut_off(dialog) == []


def test_anonymous_visit_offered_without_consent(qtbot, admin_backend: Backend) -> None:
    dialog = NewcomerDialog(admin_backend, "marie dupont")
    qtbot.addWidget(dialog)
    dialog.show()
    asked: list[bool] = []
    dialog.sig_anonymous_visit.connect(lambda: asked.append(True))
    dialog.anonymous_button.click()
    assert asked == [True] and not dialog.isVisible()


def test_duplicate_warning_then_create_anyway(
    qtbot, admin_backend: Backend, db: Database, helene
) -> None:
    dialog = NewcomerDialog(admin_backend, "helene lefevre")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.consent_data.setChecked(True)
    dialog.ok_button.click()
    assert dialog.duplicates.isVisible()
    assert [c.id for c, _button in dialog.duplicates.rows] == [helene]
    assert "même nom" in dialog.duplicates.rows[0][0].reasons
    assert _persons(db) == [("Hélène", "Lefèvre")]
    assert cut_off(dialog) == []
    dialog.duplicates.create_anyway.click()
    assert _persons(db) == [("Hélène", "Lefèvre"), ("Helene", "Lefevre")]
    assert not dialog.isVisible()


def test_duplicate_warning_then_this_is_the_person(
    qtbot, admin_backend: Backend, db: Database, helene
) -> None:
    dialog = NewcomerDialog(admin_backend, "Jeanne Autre")
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.phone, "0612345678")
    dialog.consent_data.setChecked(True)
    dialog.ok_button.click()
    assert dialog.duplicates.rows[0][0].reasons == ("même téléphone",)
    dialog.duplicates.rows[0][1].click()
    assert dialog.person_id == helene and dialog.created is None
    assert len(_persons(db)) == 1


def test_card_opens_and_shows_history(qtbot, admin_backend: Backend, helene) -> None:
    dialog = PersonCardDialog(admin_backend, helene)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.card is not None
    assert dialog.identity["phone"].text() == "06 12 34 56 78"
    assert dialog.visits_model.rowCount() == 12
    assert dialog.visits_model.texts(0)[0] == "20/05/2025"  # newest first
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "Identité", "Consentements", "Passages", "Inscriptions", "Adhésions", "Reçus",
    ]  # fmt: skip
    assert dialog.membership_panel.person_id == helene
    merged: list[object] = []
    dialog.sig_merge_requested.connect(merged.append)
    dialog.merge_button.click()
    assert merged == [helene]
    assert dialog.merge_dialog.isVisible()  # the merge dialog opened over the card
    dialog.merge_dialog.reject()
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert cut_off(dialog) == [], dialog.tabs.tabText(index)


def test_consent_box_appends_an_event_shown_at_once(qtbot, admin_backend: Backend, helene) -> None:
    dialog = PersonCardDialog(admin_backend, helene)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_tab("Consentements")
    box = next(iter(dialog.consent_boxes.values()))
    box.click()
    assert dialog.consents_model.rowCount() == 1
    assert dialog.consents_model.texts(0)[2:] == ("donné", "Camille Martin")
    box.click()
    assert dialog.consents_model.rowCount() == 2
    assert dialog.consents_model.texts(0)[2] == "retiré"


def test_edit_dialog_validates_and_the_card_follows(qtbot, admin_backend: Backend, helene) -> None:
    card = PersonCardDialog(admin_backend, helene)
    qtbot.addWidget(card)
    card.show()
    assert card.card is not None
    dialog = PersonEditDialog(admin_backend, card.card, parent=card)
    dialog.show()
    dialog.email.setText("pas-une-adresse")
    dialog.last_name.clear()
    dialog.ok_button.click()
    assert "n'est pas une adresse e-mail" in dialog.form.error_text("email")
    assert dialog.form.error_text("last_name") == "Indiquez le nom de la personne."
    dialog.last_name.setFocus()
    type_text(dialog.last_name, "Lefèvre-Œuvray")
    dialog.email.setText("helene@example.org")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert card.identity["last_name"].text() == "Lefèvre-Œuvray"  # refreshed by the signal
    assert card.identity["email"].text() == "helene@example.org"


def test_flag_dialog(qtbot, admin_backend: Backend, db: Database, helene) -> None:
    card = PersonCardDialog(admin_backend, helene)
    qtbot.addWidget(card)
    card.show()
    assert card.card is not None and not card.flags_label.isVisible()
    dialog = FlagDialog(admin_backend, card.card, parent=card)
    dialog.show()
    dialog.reason.setCurrentIndex(dialog.reason.findData(FlagReason.TIRED_ISOLATED))
    dialog.comment.setPlainText("é" * 300)
    dialog.ok_button.click()
    assert "280 caractères au plus" in dialog.form.error_text("comment")
    dialog.comment.setPlainText("Semble épuisée.")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    with db.read_session() as session:
        flag = session.query(MeetingFlag).one()
        assert (flag.reason, flag.comment) == (FlagReason.TIRED_ISOLATED, "Semble épuisée.")
    assert card.flags_label.isVisible()
    assert card.flags_label.text().startswith("signalé le ")
    assert card.flags_label.text().endswith("par Camille Martin")


def test_directory_search_open_card_and_new_person(
    qtbot, admin_backend: Backend, db: Database, helene
) -> None:
    page = PeoplePage(admin_backend)
    qtbot.addWidget(page)
    page.show()
    page.search_edit.setFocus()
    type_text(page.search_edit, "hélè")
    assert page.model.rowCount() == 1
    QTest.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert page.card_dialog is not None and page.card_dialog.person_id == helene
    page.card_dialog.reject()
    page.search_edit.clear()
    type_text(page.search_edit, "zoé martin")
    assert page.model.rowCount() == 0 and "Personne ne correspond" in page.hint.text()
    page.new_button.click()
    dialog = page.newcomer_dialog
    assert dialog is not None
    assert (dialog.first_name.text(), dialog.last_name.text()) == ("Zoé", "Martin")
    dialog.consent_data.setChecked(True)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.card_dialog is not None)
    assert page.card_dialog is not None
    assert page.card_dialog.identity["first_name"].text() == "Zoé"
    assert page.model.rowCount() == 1  # the list followed the change signal


def test_a_long_paste_into_every_field_keeps_the_dialogs_on_screen(
    qtbot, admin_backend: Backend, helene
) -> None:
    from tests.views.test_long_paste import _paste_everywhere_and_submit

    newcomer = NewcomerDialog(admin_backend)
    newcomer.consent_data.setChecked(True)
    _paste_everywhere_and_submit(qtbot, newcomer, [newcomer.ok_button])
    assert "80 caractères au plus" in newcomer.form.error_text("first_name")
    card = PersonCardDialog(admin_backend, helene)
    qtbot.addWidget(card)
    assert card.card is not None
    edit = PersonEditDialog(admin_backend, card.card, parent=card)
    _paste_everywhere_and_submit(qtbot, edit, [edit.ok_button])
    assert "254 caractères au plus" in edit.form.error_text("email")
    flag = FlagDialog(admin_backend, card.card, parent=card)
    flag.show()
    flag.comment.setPlainText("x" * 5000)
    flag.ok_button.click()
    assert "280 caractères au plus" in flag.form.error_text("comment")
    assert flag.width() <= 1366 and cut_off(flag) == []


def test_the_import_is_offered_to_the_administration_only(
    qtbot, admin_backend: Backend, make_user, monkeypatch
) -> None:
    from desktop.views import file_dialogs

    monkeypatch.setattr(file_dialogs, "open_file", lambda *args, **kwargs: None)
    page = PeoplePage(admin_backend)
    qtbot.addWidget(page)
    page.show()
    assert page.import_button.isVisible()
    page.import_button.click()  # the dialog opens on the file picker (cancelled here)
    make_user("accueil", [Role.ACCUEIL])
    admin_backend.logout()
    admin_backend.login("accueil", USER_PASSWORD)
    desk_page = PeoplePage(admin_backend)
    qtbot.addWidget(desk_page)
    desk_page.show()
    assert not desk_page.import_button.isVisible()
