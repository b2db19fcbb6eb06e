"""The keyboard path: letters, Down, Enter on the person, Enter to log; Ctrl+F; Tab order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from desktop.services.visits import log_anonymous_visit
from desktop.views.main_window import MainWindow
from desktop.views.pages.registry import PAGES
from desktop.vocabulary import FirstVisitAnswer, VisitReason

from .conftest import day_names, focused, press, type_text

Key = Qt.Key


def test_accented_letters_down_enter_enter_logs_the_visit(page, add_person) -> None:
    person_id, _number = add_person("Hélène", "Lefèvre")
    add_person("Paul", "Lemoine")
    assert focused() is page.search_field  # focused whenever Accueil is shown
    type_text(page.search_field, "hélène")
    assert [r.full_name for r in page.results_view.results.rows] == ["Hélène Lefèvre"]
    keys = 0
    press(page.search_field, Key.Key_Down)
    keys += 1
    assert focused() is page.results_view
    press(page.results_view, Key.Key_Return)
    keys += 1
    assert page.person_panel.result.id == person_id
    assert page.person_panel.name_label.text() == "Hélène Lefèvre"
    assert not page.person_panel.first_visit_badge.isHidden()  # never came before
    assert focused() is page.person_panel.log_button
    press(page.person_panel.log_button, Key.Key_Return)
    keys += 1
    assert keys <= 5
    assert day_names(page) == ["Hélène Lefèvre"]  # refreshed by the change signal
    assert page.visit_list.visits.rows[0].reasons == (VisitReason.ACTIVITY,)
    assert page.visit_list.visits.texts(0) == ("10 h 05", "Hélène Lefèvre", "activité", "1re (0/3)")
    assert page.person_panel.status_label.text() == (
        "Passage de Hélène Lefèvre enregistré à 10 h 05. Ctrl+Z pour l'annuler."
    )
    assert page.search_field.text() == "" and focused() is page.search_field  # next person
    assert page.undo_button.isEnabled()
    assert page.today_view.present_label.text() == "Hélène Lefèvre (10\u00a0h\u00a005)"


def test_enter_in_the_field_chooses_the_first_result(page, add_person) -> None:
    add_person("Jean-Éric", "Œuvray")
    type_text(page.search_field, "oeuvray jean eric")
    press(page.search_field, Key.Key_Return)
    assert page.person_panel.name_label.text() == "Jean-Éric Œuvray"
    press(page.person_panel.log_button, Key.Key_Return)
    assert day_names(page) == ["Jean-Éric Œuvray"]


def test_reasons_change_with_alt_digits_and_go_back_to_the_default(page, add_person) -> None:
    add_person("Paul", "L'Hôte")
    type_text(page.search_field, "lhote")
    press(page.search_field, Key.Key_Return)
    panel = page.person_panel
    assert panel.reasons.reasons() == (VisitReason.ACTIVITY,)
    press(panel.log_button, Key.Key_2, Qt.KeyboardModifier.AltModifier)  # information on
    press(panel.log_button, Key.Key_1, Qt.KeyboardModifier.AltModifier)  # activité off
    assert panel.reasons.reasons() == (VisitReason.INFORMATION,)
    press(panel.log_button, Key.Key_2, Qt.KeyboardModifier.AltModifier)  # never none
    assert panel.reasons.reasons() == (VisitReason.INFORMATION,)
    press(panel.log_button, Key.Key_Return)
    assert page.visit_list.visits.rows[0].reasons == (VisitReason.INFORMATION,)


def test_nobody_found_says_so_in_place(page, add_person) -> None:
    add_person()
    type_text(page.search_field, "zzzz")
    press(page.search_field, Key.Key_Return)
    assert page.search_message.text().startswith("Personne ne correspond à « zzzz ».")
    assert page.person_panel.result is None


def test_up_from_the_first_result_and_letters_go_back_to_the_field(page, add_person) -> None:
    add_person("Hélène", "Lefèvre")
    type_text(page.search_field, "hel")
    press(page.search_field, Key.Key_Down)
    press(page.results_view, Key.Key_Up)
    assert focused() is page.search_field
    press(page.search_field, Key.Key_Down)
    type_text(page.results_view, "è")
    assert focused() is page.search_field and page.search_field.text() == "helè"


def test_a_long_paste_is_cut_and_never_crashes(page, add_person) -> None:
    add_person()
    page.search_field.setText("é" * 5000)
    press(page.search_field, Key.Key_Return)
    assert len(page.search_field.text()) == 200
    assert page.search_message.text().startswith("Personne ne correspond")


def test_ctrl_f_from_anywhere_focuses_the_search(qtbot, desk_backend, clock) -> None:
    window = MainWindow(desk_backend, pages=PAGES)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    page = window.current_page()
    assert window.current_page_id() == "accueil"
    page.person_panel.card_button.setEnabled(True)
    page.undo_button.setFocus()
    QTest.keyClick(window, Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is page.search_field


def test_tab_order_and_accessible_names(page, add_person) -> None:
    add_person()
    type_text(page.search_field, "hel")
    press(page.search_field, Key.Key_Return)
    order: list[QWidget] = []
    widget: QWidget = page.search_field
    for _ in range(12):
        order.append(widget)
        widget = widget.nextInFocusChain()
        while not widget.isVisible() or not widget.isEnabled() or \
                widget.focusPolicy() == Qt.FocusPolicy.NoFocus:  # fmt: skip
            widget = widget.nextInFocusChain()
    reasons = list(page.person_panel.reasons.buttons.values())
    assert order[:9] == [page.search_field, page.results_view, *reasons,
                         page.person_panel.log_button, page.person_panel.card_button]  # fmt: skip
    controls = page.findChildren(QAbstractButton) + page.findChildren(QLineEdit)
    controls += [page.results_view, page.visit_list]
    tab_stops = [w for w in controls if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert len(tab_stops) >= 14
    assert [w for w in tab_stops if not w.accessibleName()] == []


def test_a_change_elsewhere_keeps_the_selected_result(page, add_person, admin_backend) -> None:
    add_person("Hélène", "Lefèvre")
    second, _number = add_person("Hélène", "Lemoine")
    type_text(page.search_field, "helene")
    press(page.search_field, Key.Key_Down)
    press(page.results_view, Key.Key_Down)
    assert page.results_view.current_result().id == second
    admin_backend.call(log_anonymous_visit, FirstVisitAnswer.NO)  # from another screen
    assert page.visit_list.visits.rowCount() == 1  # the change signal re-read the page
    assert page.results_view.current_result().id == second
