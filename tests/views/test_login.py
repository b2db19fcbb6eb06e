"""Login dialog and login flow: French messages, throttling, forced password change."""

from __future__ import annotations

import sys
import types

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from desktop.services.auth import PASSWORDS_DIFFER
from desktop.services.setup import SiteSetup, create_site
from desktop.services.users import my_account
from desktop.views.login import LoginDialog
from desktop.views.login_flow import LoginFlow
from desktop.views.password import ChangePasswordDialog
from desktop.vocabulary import Role
from tests.conftest import ADMIN_PASSWORD

from .conftest import USER_PASSWORD
from .typing import type_text


def _dialog(qtbot, backend) -> LoginDialog:
    dialog = LoginDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _attempt(dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.clear()
    dialog.password.clear()
    type_text(dialog.username, username)
    type_text(dialog.password, password)
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)  # Enter submits


def test_login_with_right_password(qtbot, backend) -> None:
    dialog = _dialog(qtbot, backend)
    _attempt(dialog, "admin", ADMIN_PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert backend.actor is not None and backend.actor.username == "admin"


def test_wrong_password_shows_french_message(qtbot, backend) -> None:
    dialog = _dialog(qtbot, backend)
    _attempt(dialog, "admin", "pas-le-bon")
    assert dialog.isVisible()
    assert dialog.error.text() == "Identifiant ou mot de passe incorrect."
    assert dialog.password.text() == ""
    assert dialog.username.text() == "admin"
    assert backend.actor is None


def test_repeated_failures_are_throttled(qtbot, backend) -> None:
    dialog = _dialog(qtbot, backend)
    for _ in range(5):  # login_max_failures defaults to 5
        _attempt(dialog, "admin", "pas-le-bon")
    _attempt(dialog, "admin", ADMIN_PASSWORD)
    assert dialog.isVisible()
    assert dialog.error.text().startswith("Trop d'essais infructueux. Réessayez dans ")
    assert backend.actor is None


def test_temporary_password_must_be_changed_after_login(qtbot, backend, make_user) -> None:
    make_user("lea", [Role.ACCUEIL], must_change_password=True)
    flow = LoginFlow(backend)
    flow.start()
    login = flow.dialog
    assert isinstance(login, LoginDialog)
    qtbot.addWidget(login)
    _attempt(login, "lea", USER_PASSWORD)
    change = flow.dialog
    assert isinstance(change, ChangePasswordDialog)
    qtbot.addWidget(change)
    form = change.password_form
    type_text(form.current, USER_PASSWORD)
    type_text(form.new, "nouveau-secret-1")
    type_text(form.confirm, "nouveau-secret-2")
    qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    assert form.error_text("password_confirm") == PASSWORDS_DIFFER
    form.confirm.clear()
    type_text(form.confirm, "nouveau-secret-1")
    with qtbot.waitSignal(flow.sig_logged_in, timeout=2000):
        qtbot.mouseClick(change.ok_button, Qt.MouseButton.LeftButton)
    assert backend.call(my_account).must_change_password is False


def test_refusing_the_password_change_logs_out(qtbot, backend, make_user) -> None:
    make_user("lea", [Role.ACCUEIL], must_change_password=True)
    flow = LoginFlow(backend)
    flow.start()
    qtbot.addWidget(flow.dialog)
    _attempt(flow.dialog, "lea", USER_PASSWORD)
    change = flow.dialog
    qtbot.addWidget(change)
    qtbot.mouseClick(change.cancel_button, Qt.MouseButton.LeftButton)
    assert change.cancel_button.text() == "Se déconnecter"
    assert backend.actor is None
    assert isinstance(flow.dialog, LoginDialog)  # asked again
    qtbot.addWidget(flow.dialog)


def _demo_site(empty_db) -> None:
    create_site(
        empty_db,
        SiteSetup(
            site_name="Ressourcerie (démo)",
            address="",
            series="D",
            device_name="Démo",
            admin_username="direction",
            admin_display_name="Nadia Direction",
            admin_password="demo-direction",
            is_demo=True,
        ),
    )


def test_demo_site_lists_demo_accounts(qtbot, empty_db, monkeypatch) -> None:
    from desktop.services.backend import Backend

    _demo_site(empty_db)
    account = types.SimpleNamespace(
        username="direction",
        password="demo-direction",
        display_name="Nadia Direction",
        roles=(Role.ADMIN,),
    )
    fake = types.ModuleType("desktop.demo")
    fake.DEMO_ACCOUNTS = (account,)
    monkeypatch.setitem(sys.modules, "desktop.demo", fake)
    backend = Backend(empty_db)
    dialog = _dialog(qtbot, backend)
    table = dialog.demo_table
    assert table is not None and table.model().rowCount() == 1
    assert table.model().texts(0)[1] == "Administration"
    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.username.text() == "direction"
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert backend.actor is not None and backend.actor.username == "direction"


def test_demo_accounts_hidden_when_builder_unavailable(qtbot, empty_db, monkeypatch) -> None:
    from desktop.services.backend import Backend

    _demo_site(empty_db)
    monkeypatch.setitem(sys.modules, "desktop.demo", None)  # import fails
    dialog = _dialog(qtbot, Backend(empty_db))
    assert dialog.demo_table is None


def test_login_window_drawn_first_then_completed_stays_on_screen(
    qtbot, empty_db, monkeypatch
) -> None:
    """At start the window shows before the file is open, then grows by the site's name and
    demo accounts: it is centred again on the screen, never pushed past its bottom."""
    from desktop.services.backend import Backend

    _demo_site(empty_db)
    accounts = tuple(
        types.SimpleNamespace(
            username=f"compte{n}", password="x", display_name=f"Personne {n}", roles=(Role.ADMIN,)
        )
        for n in range(6)
    )
    from desktop.views import demo_support

    fake = types.ModuleType(demo_support.DEMO_MODULE)
    fake.DEMO_ACCOUNTS = accounts
    monkeypatch.setitem(sys.modules, demo_support.DEMO_MODULE, fake)
    dialog = LoginDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    area = dialog.screen().availableGeometry()
    dialog.move(area.center() - dialog.rect().center())  # where a window manager puts it
    small = dialog.height()
    dialog.set_backend(Backend(empty_db))
    qtbot.waitUntil(lambda: dialog.height() > small + 100)
    qtbot.wait(20)
    frame = dialog.frameGeometry()
    assert area.contains(frame), (area, frame)
    assert abs(frame.center().y() - area.center().y()) <= 2  # centred again, not grown down
    assert dialog.demo_table is not None and dialog.demo_table.isVisible()
    assert dialog.is_ready and dialog.login_button.isEnabled() and not dialog.status.isVisible()
