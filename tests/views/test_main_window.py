"""Main window: navigation by role, shortcuts, status bar, idle lock, switch user."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from desktop.services.backend import Backend
from desktop.services.permissions import Capability
from desktop.views.login import LoginDialog
from desktop.views.main_window import MainWindow
from desktop.views.pages.base import Page
from desktop.views.pages.registry import PAGES, PageSpec
from desktop.vocabulary import Role
from tests.conftest import ADMIN_PASSWORD

from .conftest import USER_PASSWORD
from .typing import type_text


def _window(qtbot, backend: Backend, clock, **kwargs) -> MainWindow:
    window = MainWindow(backend, now=clock, **kwargs)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # shortcuts need an active window
    return window


def _logged_in(db, username: str, password: str = USER_PASSWORD) -> Backend:
    backend = Backend(db)
    backend.login(username, password)
    return backend


def test_navigation_depends_on_roles(qtbot, db, make_user, clock) -> None:
    make_user("lea", [Role.ACCUEIL], display_name="Léa Accueil")
    make_user("sam", [Role.SOCIAL])
    reception = _window(qtbot, _logged_in(db, "lea"), clock)
    assert reception.sidebar.titles() == [
        "Accueil",
        "Agenda",
        "Personnes",
        "Caisse",
        "Statistiques",
        "Mon compte",
    ]
    social = _window(qtbot, _logged_in(db, "sam"), clock)
    assert "Accompagnement" in social.sidebar.titles()
    assert "Paramètres" not in social.sidebar.titles()
    admin = _window(qtbot, _logged_in(db, "admin", ADMIN_PASSWORD), clock)
    assert "Paramètres" in admin.sidebar.titles()
    assert "Accompagnement" not in admin.sidebar.titles()
    assert "Mon compte" not in admin.sidebar.titles()


def test_title_and_status_bar(qtbot, admin_backend, clock) -> None:
    window = _window(qtbot, admin_backend, clock)
    assert window.windowTitle() == "Ressourcerie Accueil — La Ressourcerie"
    assert window.status_site.text() == "La Ressourcerie"
    assert window.status_device.text() == "Poste A"
    assert window.status_user.text() == "Camille Martin · Administration"
    assert window.demo_badge.isHidden()


def test_function_keys_switch_pages(qtbot, admin_backend, clock) -> None:
    window = _window(qtbot, admin_backend, clock)
    assert window.current_page_id() == "accueil"
    QTest.keyClick(window, Qt.Key.Key_F4)
    assert window.current_page_id() == "caisse"
    QTest.keyClick(window, Qt.Key.Key_F7)
    assert window.current_page_id() == "parametres"
    assert window.page_stack.currentWidget() is window.page("parametres")
    QTest.keyClick(window, Qt.Key.Key_F5)  # Accompagnement: not for an administrator
    assert window.current_page_id() == "parametres"


class SearchPage(Page):
    title = "Recherche"

    def __init__(self, backend: Backend) -> None:
        super().__init__(backend)
        self.search = QLineEdit()
        QVBoxLayout(self).addWidget(self.search)

    def focus_search(self) -> bool:
        self.search.setFocus()
        return True


def test_ctrl_f_focuses_the_search_field(qtbot, admin_backend, clock) -> None:
    pages = (PageSpec("recherche", "Recherche", "R", "#333333", "F1", SearchPage), *PAGES[1:])
    window = _window(qtbot, admin_backend, clock, pages=pages)
    page = window.current_page()
    assert isinstance(page, SearchPage)
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    QTest.keyClick(window, Qt.Key.Key_F2)
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "Cette page n'a pas de champ de recherche."


def test_idle_lock_then_unlock_with_password(qtbot, admin_backend, clock) -> None:
    window = _window(qtbot, admin_backend, clock, idle_poll_ms=20)
    QTest.keyClick(window, Qt.Key.Key_F2)  # activity
    stray = QDialog(window)  # e.g. a form left open
    stray.open()
    clock.advance(4 * 60)
    qtbot.wait(80)
    assert not window.is_locked
    QTest.keyClick(stray, Qt.Key.Key_X)  # typing anywhere counts as activity
    clock.advance(4 * 60)
    qtbot.wait(80)
    assert not window.is_locked
    clock.advance(61)  # 5 minutes by default
    qtbot.waitUntil(lambda: window.is_locked, timeout=2000)
    assert window.screens.currentWidget() is window.lock_page
    assert not stray.isVisible()
    assert window.statusBar().isHidden()
    lock = window.lock_page
    assert lock.site_label.text() == "La Ressourcerie"
    assert "Camille Martin" in lock.user_label.text()

    type_text(lock.password, "pas-le-bon")
    QTest.keyClick(lock.password, Qt.Key.Key_Return)
    assert window.is_locked
    assert lock.error.text() == "Identifiant ou mot de passe incorrect."

    type_text(lock.password, ADMIN_PASSWORD)
    qtbot.mouseClick(lock.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.is_locked
    assert window.current_page_id() == "agenda"
    assert window.statusBar().isVisible()


def test_ctrl_l_locks_at_once(qtbot, admin_backend, clock) -> None:
    window = _window(qtbot, admin_backend, clock)
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    QTest.keyClick(window, Qt.Key.Key_F3)  # shortcuts do nothing while locked
    assert window.current_page_id() == "accueil"


def test_switch_user(qtbot, admin_backend, make_user, clock) -> None:
    make_user("sam", [Role.SOCIAL], display_name="Sam Social")
    window = _window(qtbot, admin_backend, clock)
    QTest.keyClick(
        window,
        Qt.Key.Key_U,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.is_locked  # nothing of the previous user stays visible meanwhile
    login = window.login_flow.dialog
    assert isinstance(login, LoginDialog)
    assert login.cancel_button.text() == "Annuler"
    type_text(login.username, "sam")
    type_text(login.password, USER_PASSWORD)
    qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    assert not window.is_locked
    assert window.status_user.text() == "Sam Social · Accompagnement social"
    assert window.backend.can(Capability.CASES)
    assert "Accompagnement" in window.sidebar.titles()
    assert "Paramètres" not in window.sidebar.titles()


def test_cancelled_switch_stays_locked_for_previous_user(qtbot, admin_backend, clock) -> None:
    window = _window(qtbot, admin_backend, clock)
    window.switch_user()
    qtbot.mouseClick(window.login_flow.dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert window.is_locked
    assert window.login_flow is None
    assert "Camille Martin" in window.lock_page.user_label.text()
