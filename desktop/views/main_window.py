"""The main window: sidebar navigation between pages, status bar, idle lock, switch user."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from desktop import APP_NAME
from desktop.services.backend import Backend
from desktop.services.changes import Changes
from desktop.services.settings import get_setting
from desktop.views.changes import change_bridge
from desktop.views.idle import DEFAULT_POLL_MS, IdleWatcher
from desktop.views.labels import roles_text
from desktop.views.lock_page import LockPage
from desktop.views.login_flow import LoginFlow
from desktop.views.navigation import Sidebar
from desktop.views.operations import run_op
from desktop.views.pages.base import Page
from desktop.views.pages.registry import PAGES, PageSpec
from desktop.vocabulary import EntityKind

PREFERRED_SIZE = QSize(1200, 780)
TITLE_BAR = 40  # room left for the window manager's title bar, before the window is shown


class PageStack(QStackedWidget):
    """The pages, one at a time, sized by the page shown (not by the tallest of them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()


def fitting_size(available: QRect, preferred: QSize = PREFERRED_SIZE) -> QSize:
    """The preferred size, shrunk to fit the screen's free area with a title bar."""
    return preferred.boundedTo(QSize(available.width(), available.height() - TITLE_BAR))


def opens_maximised(available: QRect, preferred: QSize = PREFERRED_SIZE) -> bool:
    """Whether the main window takes the whole screen: when its preferred size does not fit
    (a 1366×768 reception PC), a smaller window would only waste the room around it."""
    return fitting_size(available, preferred) != preferred


class MainWindow(QMainWindow):
    """Shown once someone is logged in (``backend.actor`` is set)."""

    def __init__(
        self,
        backend: Backend,
        *,
        pages: Sequence[PageSpec] = PAGES,
        now: Callable[[], float] = time.monotonic,
        idle_poll_ms: int = DEFAULT_POLL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.registry = tuple(pages)
        self.site = backend.site
        self._pages: dict[str, Page] = {}
        self._locked = False
        self.login_flow: LoginFlow | None = None
        site_name = self.site.name if self.site else ""
        self.setWindowTitle(f"{APP_NAME} — {site_name}" if site_name else APP_NAME)
        screen = self.screen() or QGuiApplication.primaryScreen()
        self.resize(fitting_size(screen.availableGeometry()))
        self.setMinimumSize(900, 600)
        self._maximised = opens_maximised(screen.availableGeometry())

        self.sidebar = Sidebar()
        self.sidebar.sig_page_selected.connect(self.show_page)
        self.sidebar.sig_lock_requested.connect(self.lock)
        self.sidebar.sig_switch_user_requested.connect(self.switch_user)
        self.page_stack = PageStack()
        self.page_stack.setObjectName("pageArea")
        # A page taller than a small screen scrolls instead of pushing the status bar off it.
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no extra Tab stop
        self.page_scroll.setWidget(self.page_stack)
        shell = QWidget()
        row = QHBoxLayout(shell)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.page_scroll, 1)
        self.lock_page = LockPage()
        self.lock_page.sig_unlock_requested.connect(self.unlock)
        self.lock_page.sig_switch_user_requested.connect(self.switch_user)
        self.screens = QStackedWidget()
        self.screens.addWidget(shell)
        self.screens.addWidget(self.lock_page)
        self.setCentralWidget(self.screens)
        self._build_status_bar()
        self._build_shortcuts()

        self.idle = IdleWatcher(self.idle_timeout_seconds(), now=now, poll_ms=idle_poll_ms)
        self.idle.setParent(self)
        self.idle.sig_became_idle.connect(self.lock)
        self.idle.start()
        # Not follow_changes: the idle delay matters while the window is hidden or locked too.
        change_bridge(backend).sig_changes.connect(self._changes)
        self._user_changed(rebuild=True)

    # --- building -------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.status_site = QLabel(self.site.name if self.site else "")
        self.status_device = QLabel(f"Poste {self.site.series}" if self.site else "")
        self.status_device.setToolTip(
            f"{self.site.device_name} — lettre de série des reçus : {self.site.series}"
            if self.site
            else ""
        )
        self.status_user = QLabel()
        self.demo_badge = QLabel("DÉMO")
        self.demo_badge.setObjectName("demoBadge")
        self.demo_badge.setToolTip("Site de démonstration : les données sont fictives.")
        self.demo_badge.setVisible(bool(self.site and self.site.is_demo))
        for widget in (self.status_site, self.status_device):
            bar.addWidget(widget)
        bar.addPermanentWidget(self.status_user)
        bar.addPermanentWidget(self.demo_badge)

    def _build_shortcuts(self) -> None:
        self._shortcuts: list[QShortcut] = []
        keys = dict.fromkeys(spec.key for spec in self.registry)
        for key in keys:
            self._shortcut(key, partial(self.show_page_for_key, key))
        self._shortcut("Ctrl+F", self.focus_search)
        self._shortcut("Ctrl+L", self.lock)
        self._shortcut("Ctrl+Shift+U", self.switch_user, when_locked=True)

    def _shortcut(self, key: str, slot: Callable[[], object], *, when_locked: bool = False) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)

        def activate() -> None:
            if when_locked or not self._locked:
                slot()

        shortcut.activated.connect(activate)
        self._shortcuts.append(shortcut)

    # --- pages ----------------------------------------------------------------------------

    def allowed_specs(self) -> list[PageSpec]:
        return [spec for spec in self.registry if spec.allowed(self.backend.actor)]

    def _sync_pages(self, *, rebuild: bool = False) -> None:
        """Create the pages the user may see, drop the others (all of them if ``rebuild``)."""
        wanted = self.allowed_specs()
        wanted_ids = {spec.id for spec in wanted}
        for page_id in list(self._pages):
            if rebuild or page_id not in wanted_ids:
                page = self._pages.pop(page_id)
                self.page_stack.removeWidget(page)
                page.deleteLater()
        for spec in wanted:
            if spec.id not in self._pages:
                page = spec.factory(self.backend)
                page.setObjectName(f"page-{spec.id}")
                page.sig_actor_changed.connect(self._actor_changed)
                self.page_stack.addWidget(page)
                self._pages[spec.id] = page
        self.sidebar.set_entries(wanted)
        if self.sidebar.current_page_id() is None and wanted:
            self.sidebar.select(wanted[0].id)

    def page(self, page_id: str) -> Page | None:
        return self._pages.get(page_id)

    def current_page(self) -> Page | None:
        widget = self.page_stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def current_page_id(self) -> str | None:
        return self.sidebar.current_page_id()

    def show_on_screen(self) -> None:
        """Show the window, maximised on a screen smaller than its preferred size."""
        if self._maximised:
            screen = self.screen() or QGuiApplication.primaryScreen()
            self.setGeometry(screen.availableGeometry())  # also without a window manager
            self.showMaximized()
        else:
            self.show()

    def show_page(self, page_id: str) -> bool:
        page = self._pages.get(page_id)
        if page is None:
            return False
        if self.sidebar.current_page_id() != page_id:
            return self.sidebar.select(page_id)  # comes back here through sig_page_selected
        self.page_stack.setCurrentWidget(page)
        page.page_shown()
        return True

    def show_page_for_key(self, key: str) -> bool:
        for spec in self.allowed_specs():
            if spec.key == key:
                return self.show_page(spec.id)
        return False

    def focus_search(self) -> None:
        page = self.current_page()
        if page is None or not page.focus_search():
            self.statusBar().showMessage("Cette page n'a pas de champ de recherche.", 4000)

    # --- user, settings -------------------------------------------------------------------

    def idle_timeout_seconds(self) -> float:
        return float(self.backend.call_anonymous(get_setting, "idle_lock_minutes")) * 60

    def _user_changed(self, *, rebuild: bool) -> None:
        self._sync_pages(rebuild=rebuild)
        actor = self.backend.actor
        self.status_user.setText(
            f"{actor.display_name} · {roles_text(actor.roles)}" if actor else "Personne"
        )

    def _actor_changed(self) -> None:
        self.backend.refresh_actor()
        self._user_changed(rebuild=False)

    def _changes(self, changes: Changes) -> None:
        if changes.touches({EntityKind.SETTING}):
            self._settings_changed()

    def _settings_changed(self) -> None:
        self.idle.set_timeout(self.idle_timeout_seconds())

    # --- lock -----------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self._locked

    def lock(self) -> None:
        """Hide everything behind the lock page; close any open dialog."""
        if self._locked:
            return
        self._locked = True
        self._close_dialogs()
        self.screens.setCurrentWidget(self.lock_page)
        self.statusBar().hide()
        self._update_lock_page()

    def _update_lock_page(self) -> None:
        actor = self.backend.actor
        self.lock_page.set_context(
            self.site.name if self.site else APP_NAME, actor.display_name if actor else None
        )
        self.lock_page.prepare()

    def _close_dialogs(self) -> None:
        for _attempt in range(20):
            modal = QApplication.activeModalWidget()
            if modal is None or modal is self:
                break
            if isinstance(modal, QDialog):
                modal.reject()
            if modal.isVisible():
                modal.hide()
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
                dialog.hide()

    def unlock(self, password: str) -> None:
        run_op(
            self,
            lambda: self.backend.verify(password),
            error_target=lambda error: self.lock_page.show_error(error.message),
            on_success=lambda _none: self._show_shell(rebuild=False),
        )

    def _show_shell(self, *, rebuild: bool) -> None:
        self._locked = False
        self._user_changed(rebuild=rebuild)
        self.screens.setCurrentIndex(0)
        self.statusBar().show()
        self.idle.set_timeout(self.idle_timeout_seconds())
        self.idle.reset()
        page = self.current_page()
        if page is not None:
            page.page_shown()

    def switch_user(self) -> None:
        """Lock, then ask who logs in; cancelling leaves the window locked."""
        if self.login_flow is not None:
            return
        self.lock()
        flow = LoginFlow(self.backend, switching=True, parent_widget=self)
        flow.sig_logged_in.connect(self._switched)
        flow.sig_cancelled.connect(self._switch_cancelled)
        self.login_flow = flow
        flow.start()

    def _switched(self) -> None:
        self._end_flow()
        self._show_shell(rebuild=True)

    def _switch_cancelled(self) -> None:
        self._end_flow()
        self._update_lock_page()

    def _end_flow(self) -> None:
        if self.login_flow is not None:
            self.login_flow.deleteLater()
            self.login_flow = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.stop()
        super().closeEvent(event)
