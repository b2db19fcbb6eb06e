"""What a receptionist sees on a 1366×768 screen: the main window and its status bar fit,
and no text of the cash desk's dialogs is cut off."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt

from desktop.app import load_stylesheet
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.queries import get_receipt
from desktop.services.cash.receipts import issue_receipt
from desktop.views.cash.checkout import CheckoutDialog
from desktop.views.cash.common import WrappingDelegate
from desktop.views.cash.receipt_dialogs import ReceiptDetailsDialog
from desktop.views.main_window import MainWindow, fitting_size, opens_maximised
from desktop.vocabulary import PaymentMethod, Role
from tests.views.conftest import USER_PASSWORD
from tests.views.layout import cut_off

SCREEN = QRect(0, 0, 1366, 768)
FREE = QRect(0, 0, 1366, 768 - 40)  # a task bar
WINDOW = fitting_size(FREE)  # the window's own title bar is left out too


@pytest.fixture(autouse=True)
def _styled(qapp):
    """The application's style sheet: its paddings and fonts are what takes the room."""
    before = qapp.styleSheet()
    assert load_stylesheet(qapp)
    yield
    qapp.setStyleSheet(before)


def test_the_window_fits_the_screen_with_its_status_bar_on_every_page(
    qtbot, make_user, backend, tmp_path
) -> None:
    assert QSize(1200, 688) == WINDOW
    make_user("tous", list(Role), display_name="Dominique Toutes-Fonctions")
    backend.login("tous", USER_PASSWORD)
    window = MainWindow(backend)
    qtbot.addWidget(window)
    window.show()
    window.resize(WINDOW)
    admin = window.page("parametres")
    assert admin is not None
    views = [(spec.id, None) for spec in window.allowed_specs()]
    views += [("parametres", index) for index in range(admin.tabs.count())]
    for page_id, tab in views:
        assert window.show_page(page_id)
        if tab is not None:
            admin.tabs.setCurrentIndex(tab)
        needed = window.minimumSizeHint()
        assert needed.width() <= WINDOW.width() and needed.height() <= WINDOW.height()
        # Every page fits beside the sidebar and above the status bar: no need to scroll.
        page = window.page_stack.minimumSizeHint()
        room = window.page_scroll.maximumViewportSize()
        assert page.width() <= room.width() and page.height() <= room.height(), (page_id, tab)
        window.grab().save(str(tmp_path / f"window-{page_id}-{tab}.png"))  # to look at
    bar = window.statusBar()
    assert bar.isVisible() and window.rect().contains(bar.geometry())
    assert cut_off(window) == []


def test_charter_and_every_checkout_text_show_whole(qtbot, admin_backend) -> None:
    dialog = CheckoutDialog(admin_backend, None)
    qtbot.addWidget(dialog)
    dialog.resize(dialog.size().boundedTo(WINDOW))
    dialog.show()
    check = dialog.membership_form.charter_check
    assert check.text() == "Charte acceptée par la personne"
    assert check.width() >= check.sizeHint().width()
    assert cut_off(dialog) == []
    assert dialog.width() <= SCREEN.width() and dialog.height() <= FREE.height()


def test_long_receipt_lines_wrap_instead_of_being_cut(qtbot, admin_backend, tmp_path) -> None:
    long = (
        "Atelier céramique et modelage pour grands débutants, cuisson et émaillage compris, "
        "matériel fourni — séance du jeudi 27/11/2026 à 14:30"
    )
    lines = (DraftLine.other(long, 1200), DraftLine.other("Tisane", 150))
    receipt = admin_backend.call(
        issue_receipt, ReceiptDraft(lines, Payment(PaymentMethod.CARD), None)
    )
    dialog = ReceiptDetailsDialog(admin_backend, admin_backend.call(get_receipt, receipt.id))
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.table
    row = next(r for r in range(2) if table.model().texts(r)[0] == long)
    width = table.columnWidth(0) - WrappingDelegate.PADDING
    metrics = table.fontMetrics()
    needed = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, long)
    assert metrics.horizontalAdvance(long) > width  # the line is too long for one row…
    assert table.rowHeight(row) >= needed.height()  # …so its row shows every wrapped line
    dialog.grab().save(str(tmp_path / "receipt-details.png"))


def test_the_window_takes_a_small_screen_whole() -> None:
    assert opens_maximised(FREE)  # 1366×768 with a task bar: no room is wasted around it
    assert not opens_maximised(QRect(0, 0, 1920, 1040))  # a large screen: the preferred size
