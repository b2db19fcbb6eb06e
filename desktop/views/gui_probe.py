"""The GUI half of ``ressourcerie bench``, run in a child process (the CLI never imports Qt).

``python -m desktop.views.gui_probe baseline``: a bare QApplication and QWidget; prints
``ready`` once the widget is painted. ``python -m desktop.views.gui_probe login --db FILE``:
the real start (``desktop.__main__.main``); prints ``drawn`` once the login window is painted
(typing possible), then ``ready`` once its database is open (logging in possible).
``... memory --db FILE --user U --password P --count N``: logs in, opens and closes N receipt
previews and N dialogs, prints one JSON line with the resident
memory (VmRSS, in kB) after login and at the end. The parent times the lines it reads.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

POLL_MS = 2
_TIMERS: list[object] = []  # the polling timers, kept alive


def resident_kb() -> int:
    """This process's resident set size (``VmRSS`` of /proc/self/status), in kB; 0 if none."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _poll(check: Callable[[], bool]) -> None:
    """Call ``check`` every POLL_MS on the GUI thread until it returns True."""
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.setInterval(POLL_MS)

    def tick() -> None:
        if check():
            timer.stop()

    timer.timeout.connect(tick)
    timer.start()
    _TIMERS.append(timer)


def baseline() -> int:
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv)
    window = QWidget()
    window.resize(400, 300)
    window.show()

    def shown() -> bool:
        if not window.isVisible():
            return False
        window.repaint()
        _say("ready")
        app.quit()
        return True

    _poll(shown)
    return app.exec()


def _login_dialog(*, ready: bool = True) -> object | None:
    """The login window on screen (with its database open when ``ready``), or None."""
    from PySide6.QtWidgets import QApplication

    from desktop.views.login import LoginDialog

    for widget in QApplication.topLevelWidgets():
        if not isinstance(widget, LoginDialog) or not widget.isVisible():
            continue
        if widget.is_ready or not ready:
            return widget
    return None


def login(db: Path) -> int:
    from PySide6.QtWidgets import QApplication

    QApplication(sys.argv)  # the app's own create_application() takes this one
    said: list[str] = []

    def usable() -> bool:
        dialog = _login_dialog(ready=bool(said))
        if dialog is None:
            return False
        dialog.repaint()  # type: ignore[attr-defined]
        said.append("drawn" if not said else "ready")
        _say(said[-1])
        if len(said) == 2:
            os._exit(0)  # nothing written; the parent timed the lines
        return False

    _poll(usable)
    from desktop.__main__ import main

    return main(["--db", str(db)])


def memory(db: Path, user: str, password: str, count: int) -> int:
    from PySide6.QtWidgets import QApplication, QDialog

    app = QApplication(sys.argv)
    figures: dict[str, int] = {}

    def close_modal_soon() -> None:
        def close() -> bool:
            modal = QApplication.activeModalWidget()
            if not isinstance(modal, QDialog) or not modal.isVisible():
                return False
            modal.reject()
            return True

        _poll(close)

    def session(window: object) -> None:
        from desktop.services.cash.queries import ReceiptQuery, get_receipt, search_receipts
        from desktop.views.cash import documents
        from desktop.views.cash.checkout import CheckoutDialog
        from desktop.views.cash.page import CashPage
        from desktop.views.cash.receipt_dialogs import ReceiptDetailsDialog

        settle()
        figures["after_login_kb"] = resident_kb()
        page = window.page("caisse")  # type: ignore[attr-defined]
        assert isinstance(page, CashPage), "the account must see the Caisse page"
        backend = page.backend
        receipts = backend.call(search_receipts, ReceiptQuery(limit=count))
        assert receipts, "the site must hold receipts"
        for index in range(count):
            receipt = receipts[index % len(receipts)]
            close_modal_soon()
            documents.show_receipt(page, backend, receipt.id, duplicate=True)
            close_modal_soon()
            if index % 2:
                CheckoutDialog(backend, None, page).exec()
            else:
                ReceiptDetailsDialog(backend, backend.call(get_receipt, receipt.id), page).exec()
            app.processEvents()
        settle()
        figures["after_previews_kb"] = resident_kb()
        figures["count"] = count
        _say(json.dumps(figures))
        os._exit(0)

    def settle() -> None:
        from PySide6.QtCore import QEvent

        for _round in range(3):
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # deleteLater()
            app.processEvents()
            gc.collect()

    typed: list[bool] = []

    def drive() -> bool:
        from desktop.views.main_window import MainWindow

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                try:
                    session(widget)
                except BaseException:  # a failed probe must end, not wait on an error box
                    traceback.print_exc()
                    os._exit(1)
                return True
        dialog = _login_dialog()
        if dialog is not None and typed and dialog.error.text():  # type: ignore[attr-defined]
            sys.stderr.write(f"login refused: {dialog.error.text()}\n")  # type: ignore[attr-defined]
            os._exit(1)
        if dialog is not None and not typed:
            typed.append(True)
            dialog.username.setText(user)  # type: ignore[attr-defined]
            dialog.password.setText(password)  # type: ignore[attr-defined]
            dialog.login_button.click()  # type: ignore[attr-defined]
        return False

    _poll(drive)
    from desktop.__main__ import main

    return main(["--db", str(db)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.views.gui_probe")
    parser.add_argument("mode", choices=("baseline", "login", "memory"))
    parser.add_argument("--db", type=Path)
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="")
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args(argv)
    if args.mode == "baseline":
        return baseline()
    if args.db is None:
        parser.error("--db is required")
    if args.mode == "login":
        return login(args.db)
    return memory(args.db, args.user, args.password, args.count)


if __name__ == "__main__":
    sys.exit(main())
