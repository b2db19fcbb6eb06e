"""One change signal keeps what is shown in step: the Caisse page, Encaisser, the timer."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton

from desktop.models import Activity, Occurrence
from desktop.services.cash import closings, export
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.receipts import issue_receipt
from desktop.services.formatting import money, to_utc
from desktop.services.people import get_person
from desktop.services.settings import get_setting
from desktop.views import messages
from desktop.views.cash.checkout import CheckoutDialog
from desktop.views.cash.common import paris_today
from desktop.views.cash.page import CashPage
from desktop.views.operations import run_op
from desktop.vocabulary import ActivityCategory, PaymentMethod, PriceCategory
from tests.conftest import ADMIN_PASSWORD

from .conftest import add_person, add_session, press, show_active, type_text

CAFE = ReceiptDraft((DraftLine.other("Café", 150),), Payment(PaymentMethod.CARD))
Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_selling_a_membership_in_encaisser_updates_the_caisse_page(
    qtbot, db, admin_backend, monkeypatch
):
    backend = admin_backend
    add_person(db, "Hélène", "Dupré", "A-000001")
    monkeypatch.setattr(messages, "choose", lambda *_a, **_k: 1)
    page = CashPage(backend)
    show_active(qtbot, page)
    assert page.model.rowCount() == 0 and page.day_total_label.text() == money(0)

    dialog = CheckoutDialog(backend)  # not opened by the page: nothing but the signal links them
    show_active(qtbot, dialog)
    type_text("hél")
    press(Key.Key_Return)
    press(Key.Key_A, ALT)
    press(Key.Key_Tab)
    press(Key.Key_Space)
    press(Key.Key_Return)
    press(Key.Key_F3)
    press(Key.Key_Return, CTRL)
    assert dialog.receipt is not None

    assert [row.number for row in page.model.rows] == [dialog.receipt.number]
    assert page.day_total_label.text() == money(2900)
    assert page.method_labels[PaymentMethod.CARD].text() == money(2900)
    assert page.count_label.text() == "1 reçu"


def test_a_hidden_page_refreshes_when_shown_again(qtbot, admin_backend):
    page = CashPage(admin_backend)
    show_active(qtbot, page)
    page.hide()
    sale = ReceiptDraft((DraftLine.other("Café", 150),), Payment(PaymentMethod.CASH))
    run_op(None, lambda: admin_backend.call(issue_receipt, sale), backend=admin_backend)
    assert page.model.rowCount() == 0  # hidden: not read now...
    page.show()
    assert page.model.rowCount() == 1  # ...but as soon as it is shown


def test_encaisser_says_at_once_that_the_day_is_closed(qtbot, db, admin_backend):
    admin_backend.call(issue_receipt, CAFE)
    admin_backend.call(closings.close_day, paris_today())
    dialog = CheckoutDialog(admin_backend)
    show_active(qtbot, dialog)
    assert "clôturée" in dialog.closed_error.text() and dialog.closed_error.isVisible()
    assert not dialog.validate_button.isEnabled()


def test_the_day_closed_while_encaisser_is_open_is_said_at_once(qtbot, db, admin_backend):
    admin_backend.call(issue_receipt, CAFE)
    dialog = CheckoutDialog(admin_backend)
    show_active(qtbot, dialog)
    assert dialog.closed_error.isHidden() and dialog.validate_button.isEnabled()
    close = lambda: admin_backend.call(closings.close_day, paris_today())  # noqa: E731
    run_op(None, close, backend=admin_backend)
    assert "clôturée" in dialog.closed_error.text()
    assert not dialog.validate_button.isEnabled()


def test_a_session_just_added_is_not_said_to_be_twice_in_the_basket(
    qtbot, db, admin_backend, monkeypatch
):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)  # closing with a basket
    person = add_person(db, "Hélène", "Dupré", "A-000001")
    add_session(db, "Yoga doux")
    dialog = CheckoutDialog(admin_backend, person=admin_backend.call(get_person, person))
    show_active(qtbot, dialog)
    press(Key.Key_S, ALT)
    press(Key.Key_Return)
    assert len(dialog.lines) == 1
    assert "deux fois" not in dialog.session_form.quote_label.text()
    assert "deux fois" not in dialog.session_form.general_error.text()
    assert "dans le panier" in dialog.session_form.quote_label.text()
    press(Key.Key_Return, widget=dialog.session_form.list)  # really twice now: said so
    assert len(dialog.lines) == 1
    assert "deux fois" in dialog.session_form.general_error.text()


def test_a_free_session_is_not_sold_for_zero_euros(qtbot, db, admin_backend):
    person = add_person(db, "Hélène", "Dupré", "A-000001")
    day = paris_today() + dt.timedelta(days=1)
    with db.session() as session:
        activity = Activity(
            title="Café des aidants",
            category=ActivityCategory.WELLBEING,
            capacity=10,
            price_category=PriceCategory.FREE,
        )
        session.add(activity)
        session.flush()
        session.add(
            Occurrence(
                activity_id=activity.id,
                starts_at=to_utc(day, dt.time(14)),
                ends_at=to_utc(day, dt.time(16)),
                capacity=10,
            )
        )
    dialog = CheckoutDialog(admin_backend, person=admin_backend.call(get_person, person))
    show_active(qtbot, dialog)
    press(Key.Key_S, ALT)
    assert "gratuit" in dialog.session_form.quote_label.text()
    press(Key.Key_Return)
    assert dialog.lines == []
    assert "rien à encaisser" in dialog.session_form.errors.labels["occurrence_id"].text()
    assert dialog.total_label.text() == "Total : 0,00 €"


def test_the_gui_timer_keeps_firing_while_an_export_runs(
    qtbot, db, admin_backend, tmp_path, monkeypatch
):
    for _ in range(3):
        admin_backend.call(issue_receipt, CAFE)
    page = CashPage(admin_backend)
    show_active(qtbot, page)
    release = threading.Event()
    real = export.receipts_csv

    def slow_csv(*args, **kwargs):
        release.wait(5)  # the export holds its worker thread until the test lets it go
        return real(*args, **kwargs)

    monkeypatch.setattr(export, "receipts_csv", slow_csv)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    page.start_export(paris_today(), paris_today(), tmp_path / "recus.csv")
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=3000)
    assert page.exporting  # still running while the timer ticked
    release.set()
    qtbot.waitUntil(lambda: not page.exporting, timeout=10_000)
    timer.stop()
    assert (tmp_path / "recus.csv").exists()
    assert page.message.text().startswith("Export terminé : 3 reçus")


def test_an_export_can_be_cancelled_and_writes_nothing(qtbot, db, admin_backend, tmp_path):
    # 450 receipts: the export reports its progress twice (every 200), so it sees the cancel.
    drafts = [ReceiptDraft((DraftLine.other("Café", 150),), Payment(PaymentMethod.CARD))] * 450
    with admin_backend.database.session() as session:  # one unit of work for the lot
        for draft in drafts:
            issue_receipt(session, admin_backend.actor, draft)
    page = CashPage(admin_backend)
    show_active(qtbot, page)
    task = page.start_export(paris_today(), paris_today(), tmp_path / "recus.csv")
    progress = task.progress_dialog  # type: ignore[attr-defined]
    [cancel] = progress.findChildren(QPushButton)
    assert cancel.text() == "Annuler"
    cancel.click()  # the person's cancel reaches the worker
    assert task.cancel_requested
    qtbot.waitUntil(lambda: not page.exporting, timeout=10_000)
    assert not (tmp_path / "recus.csv").exists()
    assert page.message.text() == "Export annulé."


SELL_ELSEWHERE = """
import sys
from desktop.services.auth import authenticate
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.receipts import issue_receipt
from desktop.services.database import open_database
from desktop.vocabulary import PaymentMethod
db = open_database(sys.argv[1])
with db.session() as session:
    actor = authenticate(session, "admin", sys.argv[2])
    draft = ReceiptDraft((DraftLine.other("Repas", 450),), Payment(PaymentMethod.CASH))
    print(issue_receipt(session, actor, draft).number)
db.close()
"""


def test_a_sale_made_by_another_process_shows_after_the_next_operation(qtbot, db, admin_backend):
    page = CashPage(admin_backend)
    show_active(qtbot, page)
    done = subprocess.run(
        [sys.executable, "-c", SELL_ELSEWHERE, str(db.path), ADMIN_PASSWORD],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    number = done.stdout.strip()
    assert page.model.rowCount() == 0  # nobody looked yet
    run_op(None, lambda: admin_backend.call_anonymous(get_setting, "idle_lock_minutes"))
    assert [row.number for row in page.model.rows] == [number]
    assert page.day_total_label.text() == money(450)
