"""Paramètres: users (create, roles, password reset, deactivation), settings, audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox

from desktop.services.auth import PASSWORDS_DIFFER, authenticate
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.receipts import issue_receipt
from desktop.services.cash.tariffs import add_tariff
from desktop.services.errors import ValidationErrors
from desktop.services.settings import get_setting, set_setting, set_settings
from desktop.services.users import list_users, set_roles
from desktop.views import messages
from desktop.views.main_window import MainWindow
from desktop.views.pages.admin.page import AdminPage
from desktop.views.pages.admin.user_dialogs import (
    NewUserDialog,
    ResetPasswordDialog,
    RolesDialog,
)
from desktop.vocabulary import PaymentMethod, Role, TariffCode

from .typing import replace_text, type_text


def _admin_page(qtbot, admin_backend) -> AdminPage:
    page = AdminPage(admin_backend)
    qtbot.addWidget(page)
    page.show()
    page.page_shown()
    return page


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _user(backend, username: str):
    return next(u for u in backend.call(list_users) if u.username == username)


def test_create_user_with_accented_name(qtbot, admin_backend) -> None:
    tab = _admin_page(qtbot, admin_backend).users_tab
    _click(qtbot, tab.new_button)
    dialog = tab.active_dialog
    assert isinstance(dialog, NewUserDialog)
    type_text(dialog.display_name, "Éloïse Lefèvre")
    type_text(dialog.username, "Éloïse")
    dialog.roles.boxes[Role.ACCUEIL].setChecked(True)
    type_text(dialog.password, "provisoire-1")
    type_text(dialog.confirm, "provisoire-1")
    _click(qtbot, dialog.ok_button)
    assert dialog.isVisible()  # refused, everything kept
    assert dialog.form.error_text("username").startswith("L'identifiant doit compter")
    assert dialog.display_name.text() == "Éloïse Lefèvre"

    replace_text(dialog.username, "eloise")
    _click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    created = _user(admin_backend, "eloise")
    assert created.display_name == "Éloïse Lefèvre"
    assert created.roles == frozenset({Role.ACCUEIL})
    assert created.must_change_password
    row = tab.model.row_of(created.id)
    assert tab.model.index(row, 0).data() == "Éloïse Lefèvre"
    assert tab.model.index(row, 3).data() == "Actif · mot de passe provisoire"
    assert "Éloïse Lefèvre" in tab.notice.text()


def test_roles_reset_and_deactivation(qtbot, admin_backend, make_user, monkeypatch) -> None:
    make_user("lea", [Role.ACCUEIL], display_name="Léa Dubois")
    tab = _admin_page(qtbot, admin_backend).users_tab
    assert tab.select_username("lea")

    _click(qtbot, tab.roles_button)
    roles = tab.active_dialog
    assert isinstance(roles, RolesDialog)
    roles.roles.boxes[Role.ACCUEIL].setChecked(False)
    _click(qtbot, roles.ok_button)
    assert roles.form.error_text("roles") == "Choisissez au moins un rôle."
    roles.roles.boxes[Role.ANIMATION].setChecked(True)
    _click(qtbot, roles.ok_button)
    assert _user(admin_backend, "lea").roles == frozenset({Role.ANIMATION})

    _click(qtbot, tab.reset_button)
    reset = tab.active_dialog
    assert isinstance(reset, ResetPasswordDialog)
    type_text(reset.password, "court")
    type_text(reset.confirm, "court")
    _click(qtbot, reset.ok_button)
    assert reset.form.error_text("password").startswith("Le mot de passe doit compter au moins 8")
    replace_text(reset.password, "nouveau-provisoire")
    replace_text(reset.confirm, "nouveau-provisoire")
    _click(qtbot, reset.ok_button)
    assert not reset.isVisible()
    assert _user(admin_backend, "lea").must_change_password
    with admin_backend.database.session() as session:
        authenticate(session, "lea", "nouveau-provisoire")

    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, text, **_kw: asked.append(text) or True)
    assert tab.active_button.text() == "Désactiver"
    _click(qtbot, tab.active_button)
    assert asked and "Léa Dubois" in asked[0]
    assert not _user(admin_backend, "lea").active
    assert tab.active_button.text() == "Réactiver"
    _click(qtbot, tab.active_button)
    assert _user(admin_backend, "lea").active


def test_cannot_deactivate_oneself(qtbot, admin_backend, monkeypatch) -> None:
    tab = _admin_page(qtbot, admin_backend).users_tab
    warned: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_kw: True)
    monkeypatch.setattr(messages, "warn", lambda _p, text, title="": warned.append(text))
    tab.select_username("admin")
    _click(qtbot, tab.active_button)
    assert warned == ["Vous ne pouvez pas désactiver votre propre compte."]


def test_own_roles_update_navigation(qtbot, admin_backend, clock) -> None:
    window = MainWindow(admin_backend, now=clock)
    qtbot.addWidget(window)
    window.show_page("parametres")
    tab = window.page("parametres").users_tab
    tab.select_username("admin")
    _click(qtbot, tab.roles_button)
    dialog = tab.active_dialog
    box: QCheckBox = dialog.roles.boxes[Role.SOCIAL]
    box.setChecked(True)
    _click(qtbot, dialog.ok_button)
    assert "Accompagnement" in window.sidebar.titles()
    assert admin_backend.actor.roles == frozenset({Role.ADMIN, Role.SOCIAL})
    assert window.current_page_id() == "parametres"


def test_settings_form_validates_and_saves(qtbot, admin_backend, clock) -> None:
    window = MainWindow(admin_backend, now=clock)
    qtbot.addWidget(window)
    window.show_page("parametres")
    page = window.page("parametres")
    page.tabs.setCurrentWidget(page.settings_tab)
    tab = page.settings_tab
    edit = tab.edits["idle_lock_minutes"]
    assert isinstance(edit, QSpinBox) and edit.value() == 5
    assert (edit.minimum(), edit.maximum()) == (1, 240)  # 0 cannot even be typed
    paper = tab.edits["receipt_format"]
    assert isinstance(paper, QComboBox) and paper.currentData() == "a5"
    assert [paper.itemText(i) for i in range(paper.count())] == [
        "A5 (demi-feuille A4)",
        "Rouleau de 80 mm",
    ]
    edit.setValue(12)
    paper.setCurrentIndex(1)
    _click(qtbot, tab.save_button)
    assert tab.notice.text() == "Réglages enregistrés."
    assert window.idle.timeout_seconds == 12 * 60  # followed through the change signal
    assert admin_backend.call_anonymous(get_setting, "receipt_format") == "80mm"

    # Every refused value is named at once, under its own field.
    with pytest.raises(ValidationErrors) as refused:
        admin_backend.call(set_settings, {"idle_lock_minutes": 0, "login_max_failures": 99})
    tab.form.show_error(refused.value)
    assert tab.form.error_text("idle_lock_minutes") == (
        "« Verrouillage après inactivité (minutes) » : au minimum 1."
    )
    assert tab.form.error_text("login_max_failures") == (
        "« Échecs de connexion avant blocage » : au maximum 20."
    )
    assert admin_backend.call_anonymous(get_setting, "idle_lock_minutes") == 12  # none stored


def test_audit_log_names_people(qtbot, admin_backend, make_user) -> None:
    make_user("lea", [Role.ACCUEIL], display_name="Léa Dubois")
    admin_backend.call(set_roles, _user(admin_backend, "lea").id, [Role.ANIMATION])
    page = _admin_page(qtbot, admin_backend)
    page.tabs.setCurrentWidget(page.audit_tab)
    model = page.audit_tab.model
    rows = [model.row_values(r) for r in range(model.rowCount())]
    assert ("Camille Martin", "Rôles modifiés", "Compte de Léa Dubois") in [r[1:] for r in rows]
    assert ("Camille Martin", "Connexion", "Compte de Camille Martin") in [r[1:] for r in rows]


def test_audit_log_reads_in_french(qtbot, admin_backend) -> None:
    """Cash and settings actions read as French words, with the setting's old → new value."""
    admin_backend.call(set_setting, "idle_lock_minutes", 12)
    admin_backend.call(add_tariff, TariffCode.FULL, 1300, dt.date(2100, 1, 1))
    sold = admin_backend.call(
        issue_receipt,
        ReceiptDraft(lines=(DraftLine.other("Café", 150),), payment=Payment(PaymentMethod.CARD)),
    )
    page = _admin_page(qtbot, admin_backend)
    page.tabs.setCurrentWidget(page.audit_tab)
    model = page.audit_tab.model
    rows = [model.row_values(r)[2:] for r in range(model.rowCount())]
    assert (
        "Réglage modifié",
        "Réglage « Verrouillage après inactivité (minutes) » : 5 → 12",
    ) in rows
    assert ("Tarif modifié", "Tarif") in rows
    assert ("Reçu émis", f"Reçu {sold.number}") in rows


def test_a_new_account_shows_every_refusal_at_once(qtbot, admin_backend) -> None:
    tab = _admin_page(qtbot, admin_backend).users_tab
    _click(qtbot, tab.new_button)
    dialog = tab.active_dialog
    assert isinstance(dialog, NewUserDialog)
    type_text(dialog.username, "?")
    type_text(dialog.password, "court")
    type_text(dialog.confirm, "autre")
    _click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    for field in ("username", "display_name", "roles", "password", "password_confirm"):
        assert dialog.form.error_text(field), field
    assert dialog.form.error_text("password_confirm") == PASSWORDS_DIFFER


def test_the_membership_validity_is_chosen_in_the_settings(qtbot, admin_backend, clock) -> None:
    window = MainWindow(admin_backend, now=clock)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show_page("parametres")
    page = window.page("parametres")
    page.tabs.setCurrentWidget(page.settings_tab)
    tab = page.settings_tab
    mode = tab.edits["membership_validity"]
    assert isinstance(mode, QComboBox) and mode.currentData() == "rolling"
    assert [mode.itemText(i) for i in range(mode.count())] == [
        "Mois glissants (durée ci-dessus)",
        "Année civile (jusqu'au 31 décembre)",
    ]
    mode.setCurrentIndex(1)
    _click(qtbot, tab.save_button)
    assert tab.notice.text() == "Réglages enregistrés."
    assert admin_backend.call_anonymous(get_setting, "membership_validity") == "calendar_year"
    tab.grab().save("/tmp/members-settings.png")
