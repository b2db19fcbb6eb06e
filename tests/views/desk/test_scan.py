"""The scanner path: a card code typed fast then Enter logs the visit at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.views.desk.codes import card_code

from .conftest import day_names, focused, press, type_text

Key = Qt.Key


def test_a_scanned_person_number_logs_the_visit_with_undo(qtbot, page, add_person) -> None:
    person_id, number = add_person("Hélène", "Lefèvre")
    qtbot.keyClicks(page.search_field, number)  # a scanner: ASCII, one burst
    press(page.search_field, Key.Key_Return)
    assert page.person_panel.result.id == person_id
    assert day_names(page) == ["Hélène Lefèvre"]
    assert page.undo_button.isEnabled() and page.undoable.person_id == person_id
    assert page.search_field.text() == "" and focused() is page.search_field


def test_a_second_scan_counts_the_person_once(qtbot, page, add_person) -> None:
    _person_id, number = add_person("Hélène", "Lefèvre")
    for _ in range(2):
        qtbot.keyClicks(page.search_field, number)
        press(page.search_field, Key.Key_Return)
    assert day_names(page) == ["Hélène Lefèvre"]
    assert page.person_panel.status_label.text() == (
        "Passage de Hélène Lefèvre déjà enregistré à 10 h 05. Ctrl+Z pour l'annuler."
    )


def test_a_qwerty_scanner_on_an_azerty_pc_is_read_back(page, add_person) -> None:
    add_person("Hélène", "Lefèvre", number="A-000123")
    type_text(page.search_field, 'Q)ààà&é"')  # what « A-000123 » becomes
    press(page.search_field, Key.Key_Return)
    assert day_names(page) == ["Hélène Lefèvre"]


def test_an_unknown_code_says_so_in_place(qtbot, page, add_person) -> None:
    add_person()
    qtbot.keyClicks(page.search_field, "Z-999999")
    press(page.search_field, Key.Key_Return)
    assert page.search_message.text() == "Aucune personne ne correspond au code « Z-999999 »."
    assert page.search_message.isVisible()
    assert day_names(page) == [] and page.person_panel.result is None
    assert page.search_field.selectedText() == "Z-999999"  # the next scan replaces it


def test_what_reads_as_a_card_code() -> None:
    assert card_code("A-000123") == "A-000123"
    assert card_code(" a 000123 ") == "A-000123"
    assert card_code("a000123") == "A-000123"
    assert card_code("ad-a-2024-0042") == "AD-A-2024-0042"
    assert card_code("ADA20240042") == "AD-A-2024-0042"
    assert card_code('Q)ààà&é"') == "A-000123"
    assert card_code("QD)Q)éàé')àà'é") == "AD-A-2024-0042"
    for not_a_code in ("", "A-12", "hélène", "06 12 34 56 78", "a" * 5000, "l'hôte"):
        assert card_code(not_a_code) == ""


def test_the_card_of_a_merged_record_logs_the_one_kept(qtbot, page, add_person, db) -> None:
    """The person at the desk is the same human, holding the old card: no one waits."""
    kept, kept_number = add_person("Hélène", "Lefèvre")
    _old, old_number = add_person("Helene", "Lefevre", merged_into_id=kept, deleted=True)
    qtbot.keyClicks(page.search_field, old_number)
    press(page.search_field, Key.Key_Return)
    qtbot.waitUntil(lambda: day_names(page) == ["Hélène Lefèvre"])
    assert page.person_panel.result is not None and page.person_panel.result.id == kept
    assert page.person_panel.result.number == kept_number
