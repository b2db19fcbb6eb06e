"""One app-wide Qt signal for what committed writes changed, and the refresh rule.

:func:`change_bridge` gives the backend's :class:`ChangeBridge`: it subscribes to the
backend (plain Python listeners) and emits ``sig_changes(Changes)`` on the GUI thread,
whatever thread made the call. :func:`follow_changes` is the rule every page and open
dialog showing data applies: refresh at once when visible and concerned, else on the next
show. No view refreshes another by hand; none polls.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QThread, Signal
from PySide6.QtWidgets import QWidget

from desktop.services.backend import Backend
from desktop.services.changes import Changes
from desktop.vocabulary import EntityKind

_bridges: weakref.WeakKeyDictionary[Backend, ChangeBridge] = weakref.WeakKeyDictionary()


class ChangeBridge(QObject):
    """Relays the backend's change record to the GUI thread as one signal."""

    sig_changes = Signal(object)
    """``(changes: Changes)`` — emitted on the GUI thread after each write that changed data."""
    _sig_relay = Signal(object)

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self._sig_relay.connect(self.sig_changes.emit)  # queued when sent from a worker
        # No reference back to the backend: it owns the bridge (through its listener), and
        # the bridge goes with it (the registry holds backends weakly).
        backend.subscribe(self._received)

    def _received(self, changes: Changes) -> None:
        if QThread.currentThread() is self.thread():
            self.sig_changes.emit(changes)
        else:
            self._sig_relay.emit(changes)


def change_bridge(backend: Backend) -> ChangeBridge:
    """The bridge of ``backend`` (created on first use, on the GUI thread)."""
    bridge = _bridges.get(backend)
    if bridge is None:
        bridge = _bridges[backend] = ChangeBridge(backend)
    return bridge


class ChangeFollower(QObject):
    """Calls ``refresh()`` when ``kinds`` changed: now if the widget is visible, else when
    it is shown next. A child of the widget: it goes with it."""

    def __init__(
        self,
        widget: QWidget,
        backend: Backend,
        kinds: Iterable[EntityKind],
        refresh: Callable[[], None],
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self.kinds = frozenset(kinds)
        self.refresh = refresh
        self.stale = False
        widget.installEventFilter(self)
        change_bridge(backend).sig_changes.connect(self.changed)

    def changed(self, changes: Changes) -> None:
        if not changes.touches(self.kinds):
            return
        if self.widget.isVisible():
            self.stale = False
            self.refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.refresh()
        return False


def follow_changes(
    widget: QWidget, backend: Backend, kinds: Iterable[EntityKind], refresh: Callable[[], None]
) -> ChangeFollower:
    """Keep ``widget`` up to date: ``refresh()`` whenever one of ``kinds`` changed."""
    return ChangeFollower(widget, backend, kinds, refresh)
