"""Notice when nobody has touched the keyboard or the mouse for a while (idle lock)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
DEFAULT_POLL_MS = 3000


class IdleWatcher(QObject):
    """Application-wide event filter; emits :attr:`sig_became_idle` once per idle period.

    ``now`` is injectable (seconds, monotonic) so tests drive a fake clock; a QTimer polls
    every ``poll_ms`` milliseconds.
    """

    sig_became_idle = Signal()
    """``()`` — no input for the timeout; emitted once per idle period."""

    def __init__(
        self,
        timeout_seconds: float,
        *,
        now: Callable[[], float] = time.monotonic,
        poll_ms: int = DEFAULT_POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.timeout_seconds = timeout_seconds
        self._now = now
        self._last_input = now()
        self._fired = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.reset()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def reset(self) -> None:
        """Count idle time from now (after unlocking, for instance)."""
        self._last_input = self._now()
        self._fired = False

    def set_timeout(self, seconds: float) -> None:
        self.timeout_seconds = seconds

    def idle_seconds(self) -> float:
        return self._now() - self._last_input

    def check(self) -> None:
        if not self._fired and self.idle_seconds() >= self.timeout_seconds:
            self._fired = True
            self.sig_became_idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._last_input = self._now()
            self._fired = False
        return False
