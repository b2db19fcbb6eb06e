"""Paramètres › Tarifs: the effective-dated tariffs and a dialog to set a new amount."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.backend import Backend
from desktop.services.cash.tariffs import TariffInfo, add_tariff, list_tariffs
from desktop.services.formatting import date_short, money
from desktop.views.cash.common import date_edit, from_qdate, paris_today
from desktop.views.forms import FormDialog
from desktop.views.operations import open_dialog
from desktop.views.tables import RIGHT, Column, RowTableModel
from desktop.vocabulary import TARIFF_LABELS, TariffCode

_ORDER = list(TariffCode)
COLUMNS: tuple[Column[TariffInfo], ...] = (
    Column("Tarif", lambda t: TARIFF_LABELS[t.code], sort_key=lambda t: _ORDER.index(t.code)),
    Column(
        "Montant", lambda t: money(t.amount_cents), align=RIGHT, sort_key=lambda t: t.amount_cents
    ),
    Column(
        "En vigueur à partir du",
        lambda t: date_short(t.effective_from),
        sort_key=lambda t: t.effective_from,
    ),
)


class NewTariffDialog(FormDialog):
    """Tier, amount (« 4,50 » accepted) and first day; ``created`` holds the stored tariff."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(
            "Nouveau tarif",
            ok_text="Enregistrer le tarif",
            intro="Le nouveau montant s'applique à partir de la date choisie ; "
            "les reçus déjà émis ne changent pas.",
            parent=parent,
        )
        self.backend = backend
        self.created: TariffInfo | None = None
        self.code = QComboBox()
        for code in TariffCode:
            self.code.addItem(TARIFF_LABELS[code], code)
        self.form.add_field("code", "Tarif", self.code)
        self.amount = self.form.add_field("amount", "Montant (€)", QLineEdit())
        self.amount.setPlaceholderText("ex. : 4,50")
        self.effective_from = self.form.add_field(
            "effective_from", "À partir du", date_edit(paris_today())
        )
        self.form.add_general_error()
        self.code.setFocus()

    def submit(self) -> None:
        self.created = self.backend.call(
            add_tariff,
            self.code.currentData(),
            self.amount.text(),
            from_qdate(self.effective_from.date()),
        )


class TariffsTab(QWidget):
    """The tariff history by tier (admin only: the Paramètres page is)."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.active_dialog: QDialog | None = None
        self.tariffs: list[TariffInfo] = []
        column = QVBoxLayout(self)
        column.setSpacing(10)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("Nouveau tarif…")
        self.new_button.setObjectName("primary")
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.model = RowTableModel(COLUMNS)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # by tier, then date
        self.table.setSortingEnabled(True)
        column.addWidget(self.table, 1)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        column.addWidget(self.notice)
        self.new_button.clicked.connect(self.new_tariff)

    def refresh(self) -> None:
        self.tariffs = sorted(
            self.backend.call(list_tariffs),
            key=lambda info: (_ORDER.index(info.code), info.effective_from),
        )
        self.model.set_rows(self.tariffs)

    def row_texts(self, row: int) -> tuple[str, ...]:
        return self.model.texts(row)

    def new_tariff(self) -> None:
        dialog = NewTariffDialog(self.backend, parent=self)
        self.active_dialog = dialog

        def created() -> None:
            info = dialog.created
            assert info is not None
            self.notice.setText(
                f"{TARIFF_LABELS[info.code]} : {money(info.amount_cents)} à partir du "
                f"{date_short(info.effective_from)}."
            )
            self.refresh()

        open_dialog(dialog, on_accepted=created, on_finished=self._dialog_finished)

    def _dialog_finished(self, _code: int) -> None:
        self.active_dialog = None
