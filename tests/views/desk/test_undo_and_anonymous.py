"""Undo the last visit for two minutes (Ctrl+Z); the anonymous visit counter (F8)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.views.desk.anonymous import AnonymousVisitDialog
from desktop.vocabulary import AgeBracket, FirstVisitAnswer, Gender

from .conftest import day_names, focused, press, type_text

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def _log(page, text: str) -> None:
    type_text(page.search_field, text)
    press(page.search_field, Key.Key_Return)
    press(page.person_panel.log_button, Key.Key_Return)


def test_ctrl_z_undoes_the_last_visit(page, add_person) -> None:
    add_person("Hélène", "Lefèvre")
    _log(page, "lefevre")
    assert day_names(page) == ["Hélène Lefèvre"]
    press(page.search_field, Key.Key_Z, CTRL)  # the field is empty: Ctrl+Z means the visit
    assert day_names(page) == []
    assert page.person_panel.status_label.text() == "Passage de Hélène Lefèvre (10 h 05) annulé."
    assert not page.undo_button.isEnabled()
    assert page.today_view.present_label.text() == "Personne pour l'instant."


def test_undo_is_refused_after_two_minutes(page, add_person, clock) -> None:
    add_person("Hélène", "Lefèvre")
    _log(page, "lefevre")
    clock.advance(dt.timedelta(minutes=2, seconds=1))
    page.undo_button.click()
    assert page.undo_message.text() == "Ce passage ne peut plus être annulé (plus de 2 minutes)."
    assert day_names(page) == ["Hélène Lefèvre"]
    assert not page.undo_button.isEnabled()


def test_ctrl_z_with_text_typed_undoes_the_typing(page, add_person) -> None:
    add_person("Hélène", "Lefèvre")
    _log(page, "lefevre")
    type_text(page.search_field, "ab")
    press(page.search_field, Key.Key_Z, CTRL)
    assert day_names(page) == ["Hélène Lefèvre"]


def _anonymous_dialog() -> AnonymousVisitDialog:
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AnonymousVisitDialog)
    return dialog


def test_f8_then_enter_counts_an_anonymous_visit(qtbot, page) -> None:
    press(page.search_field, Key.Key_F8)
    dialog = _anonymous_dialog()
    qtbot.waitUntil(lambda: focused() is dialog.answer_buttons[FirstVisitAnswer.UNKNOWN])
    press(focused(), Key.Key_Return)  # the defaults: « ne sait pas », nothing else
    assert not dialog.isVisible()
    row = page.visit_list.visits.rows[0]
    assert (row.person_name, row.anonymous_first_visit) == ("Anonyme", FirstVisitAnswer.UNKNOWN)
    assert page.visit_list.visits.texts(0)[3] == "1re : ne sait pas"
    assert page.today_view.counts_label.text() == "1 passage dont 1 anonyme"
    assert page.undo_button.isEnabled()


def test_an_anonymous_visit_with_answers(qtbot, page) -> None:
    page.anonymous_button.click()
    dialog = _anonymous_dialog()
    dialog.answer_buttons[FirstVisitAnswer.YES].setChecked(True)
    dialog.gender_combo.setCurrentIndex(dialog.gender_combo.findData(Gender.FEMALE))
    dialog.age_combo.setCurrentIndex(dialog.age_combo.findData(AgeBracket.FROM_60_TO_74))
    dialog.ok_button.click()
    row = page.visit_list.visits.rows[0]
    assert row.anonymous_first_visit is FirstVisitAnswer.YES and row.first_visit
    assert row.anonymous_gender is Gender.FEMALE
    assert row.anonymous_age_bracket is AgeBracket.FROM_60_TO_74
