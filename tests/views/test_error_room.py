"""Error messages appear without moving the fields and buttons under the mouse."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.services.errors import ValidationError
from desktop.views.forms import FormDialog
from desktop.views.login import LoginDialog


def _positions(*widgets) -> list[int]:
    QApplication.processEvents()
    return [w.mapTo(w.window(), w.rect().topLeft()).y() for w in widgets]


def test_a_field_error_does_not_move_the_fields_below(qtbot) -> None:
    dialog = FormDialog("Essai")
    first = dialog.form.add_field("first", "Premier", QLineEdit())
    second = dialog.form.add_field("second", "Second", QLineEdit())
    dialog.form.add_general_error()
    qtbot.addWidget(dialog)
    dialog.show()
    before = _positions(second, dialog.ok_button)
    dialog.form.show_error(ValidationError("Ce champ est obligatoire.", "first"))
    assert dialog.form.error_text("first") == "Ce champ est obligatoire."
    assert _positions(second, dialog.ok_button) == before
    dialog.form.show_error(ValidationError("Impossible d'enregistrer."))
    assert _positions(first, second, dialog.ok_button)[1:] == before


def test_a_wrong_password_does_not_move_the_login_button(qtbot, backend) -> None:
    dialog = LoginDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    before = _positions(dialog.login_button)
    dialog.username.setText("admin")
    dialog.password.setText("pas-le-bon")
    dialog.login_button.click()
    assert dialog.error.text() == "Identifiant ou mot de passe incorrect."
    assert _positions(dialog.login_button) == before
