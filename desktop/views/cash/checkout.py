"""The "Encaisser" dialog: payer, basket, payment method, total, then the receipt.

Every price comes from the cash service (``preview_draft`` after each change, ``issue_receipt``
to record the sale); the dialog only collects what the receptionist chooses. Keyboard:
Alt+A adhésion, Alt+S séance, Alt+U autre, F2 espèces, F3 carte, F4 chèque, F5 virement,
Ctrl+Entrée valider, Suppr retire la ligne choisie du panier.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.backend import Backend
from desktop.services.cash.drafts import (
    DraftLine,
    DraftPreview,
    Payment,
    ReceiptDraft,
    closed_notice,
    preview_draft,
    validate_payment,
)
from desktop.services.cash.queries import ReceiptInfo
from desktop.services.cash.receipts import issue_receipt
from desktop.services.errors import DomainError, ValidationError
from desktop.services.formatting import money
from desktop.services.money import parse_amount
from desktop.services.people import PersonSummary
from desktop.services.permissions import Capability
from desktop.views import messages
from desktop.views.cash import documents
from desktop.views.cash.basket import BasketModel
from desktop.views.cash.common import (
    CashDialog,
    FieldErrors,
    WrappingDelegate,
    big_label,
)
from desktop.views.cash.line_forms import LineForm, MembershipForm, OtherForm, SessionForm
from desktop.views.cash.payer import PayerPicker
from desktop.views.cash.reduced import ReducedPriceDialog
from desktop.views.changes import follow_changes
from desktop.views.forms import ErrorLabel, hint_label
from desktop.views.operations import open_dialog, run_op
from desktop.vocabulary import PAYMENT_METHOD_LABELS, EntityKind, PaymentMethod

# What the basket's prices, places and the day's state depend on.
WATCHED = frozenset(
    {
        EntityKind.CLOSING,
        EntityKind.MEMBERSHIP,
        EntityKind.REDUCED_PRICE,
        EntityKind.TARIFF,
        EntityKind.OCCURRENCE,
        EntityKind.REGISTRATION,
        EntityKind.PERSON,
    }
)
METHOD_KEYS = {
    PaymentMethod.CASH: "F2",
    PaymentMethod.CARD: "F3",
    PaymentMethod.CHEQUE: "F4",
    PaymentMethod.TRANSFER: "F5",
}


class CheckoutDialog(CashDialog):
    """Sell memberships, session places and other items to one payer; issues one receipt.

    ``receipt`` holds the receipt once recorded. Says at once when the day is closed, and
    re-prices the basket when what it depends on changes (memberships, tariffs, places…).
    ``membership=True`` (« Adhérer » / « Renouveler » on the person card): opens on the
    membership form for ``person``, whose met-team date and charter are still to confirm.
    """

    def __init__(
        self,
        backend: Backend,
        person: PersonSummary | None = None,
        parent: QWidget | None = None,
        *,
        membership: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Encaisser")
        self.backend = backend
        self.lines: list[DraftLine] = []
        self.preview: DraftPreview | None = None
        self.receipt: ReceiptInfo | None = None

        self.payer = PayerPicker(backend)
        self.reduced_dialog: ReducedPriceDialog | None = None
        self.reduced_button = QPushButton("Tarif réduit…")
        self.reduced_button.setToolTip("Décider que cette personne paie le tarif réduit")
        self.reduced_button.hide()
        payer_column = self.payer.layout()
        assert isinstance(payer_column, QBoxLayout)
        payer_column.addWidget(self.reduced_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.membership_form = MembershipForm(backend)
        self.session_form = SessionForm(backend)
        self.other_form = OtherForm()
        self.forms: tuple[LineForm, ...] = (
            self.membership_form,
            self.session_form,
            self.other_form,
        )
        self.tabs = QTabWidget()
        for form, title, keys in (
            (self.membership_form, "Adhésion", "Alt+A"),
            (self.session_form, "Place de séance", "Alt+S"),
            (self.other_form, "Autre", "Alt+U"),
        ):
            index = self.tabs.addTab(form, title)
            self.tabs.setTabToolTip(index, f"{title} ({keys})")
            form.sig_add_requested.connect(lambda line, form=form: self.add_line(line, form))
        add_box = QGroupBox("Ajouter au panier")
        add_layout = QVBoxLayout(add_box)
        add_layout.addWidget(self.tabs)
        add_layout.addWidget(
            hint_label(
                "Alt+A adhésion · Alt+S séance · Alt+U autre · F2 à F5 mode de paiement · "
                "Ctrl+Entrée valider"
            )
        )

        self.model = BasketModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Panier")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setItemDelegate(WrappingDelegate(self.table))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.remove_button = QPushButton("&Retirer la ligne")
        self.remove_button.setToolTip("Retirer du panier la ligne choisie (Suppr)")
        self.basket_error = ErrorLabel()
        basket_box = QGroupBox("Panier")
        basket_layout = QVBoxLayout(basket_box)
        basket_layout.addWidget(self.table)
        basket_layout.addWidget(self.basket_error)
        basket_layout.addWidget(self.remove_button, alignment=Qt.AlignmentFlag.AlignRight)

        payment_box = self._build_payment()

        self.total_label = big_label("Total : 0,00 €", 22, 700)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total_label.setAccessibleName("Total à payer")
        self.error = ErrorLabel()
        self.closed_error = ErrorLabel()
        self.closed_error.setAccessibleName("Caisse clôturée")
        self.validate_button = QPushButton("&Valider le paiement")
        self.validate_button.setToolTip("Enregistrer la vente et émettre le reçu (Ctrl+Entrée)")
        self.validate_button.setObjectName("primary")
        self.close_button = QPushButton("Abandonner")
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.validate_button)

        left = QVBoxLayout()
        left.addWidget(self.payer)
        left.addWidget(add_box, 1)
        right = QVBoxLayout()
        right.addWidget(basket_box, 1)
        right.addWidget(payment_box)
        right.addWidget(self.total_label)
        right.addWidget(self.closed_error)
        right.addWidget(self.error)
        right.addLayout(buttons)
        columns = QHBoxLayout(self)
        columns.addLayout(left, 4)
        columns.addLayout(right, 7)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

        self.enter_moves[self.tendered_edit] = self.validate_button
        self.enter_moves[self.cheque_edit] = self.validate_button
        self.session_form.basket_lines = lambda: self.lines
        self.payer.sig_person_changed.connect(self._person_changed)
        self.payer.sig_person_chosen.connect(self.focus_basket)
        self.remove_button.clicked.connect(self.remove_selected)
        self.reduced_button.clicked.connect(self.grant_reduced_price)
        self.validate_button.clicked.connect(self.validate)
        self.close_button.clicked.connect(self.reject)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._shortcuts()
        self._refresh()
        self.check_day()
        follow_changes(self, backend, WATCHED, self._data_changed)
        self.resize(1180, 680)
        if person is not None:
            self.payer.set_person(person)
            if membership:
                self.membership_form.ask_confirmation()
                self.show_form(0)
            self.focus_basket()
        else:
            self.payer.focus_search()

    # Building ---------------------------------------------------------------------------
    def _build_payment(self) -> QGroupBox:
        box = QGroupBox("Paiement")
        self.method_group = QButtonGroup(self)
        self.method_buttons: dict[PaymentMethod, QRadioButton] = {}
        row = QHBoxLayout()
        for method, key in METHOD_KEYS.items():
            button = QRadioButton(f"{PAYMENT_METHOD_LABELS[method]} ({key})")
            self.method_group.addButton(button)
            self.method_buttons[method] = button
            row.addWidget(button)
            button.toggled.connect(self._method_changed)
        row.addStretch(1)

        self.tendered_edit = QLineEdit()
        self.tendered_edit.setPlaceholderText("Montant exact")
        self.tendered_edit.setMaximumWidth(160)
        self.tendered_edit.setAccessibleName("Montant remis en espèces")
        self.change_label = big_label("—", 14)
        tendered_label = QLabel("&Montant remis :")
        tendered_label.setBuddy(self.tendered_edit)
        cash_row = QHBoxLayout()
        cash_row.setContentsMargins(0, 0, 0, 0)
        cash_row.addWidget(tendered_label)
        cash_row.addWidget(self.tendered_edit)
        cash_row.addSpacing(24)
        cash_row.addWidget(QLabel("Monnaie à rendre :"))
        cash_row.addWidget(self.change_label)
        cash_row.addStretch(1)
        tendered_error = ErrorLabel()
        self.cash_errors = FieldErrors()
        self.cash_errors.register("tendered_cents", self.tendered_edit, tendered_error)
        cash_page = QWidget()
        cash_column = QVBoxLayout(cash_page)
        cash_column.setContentsMargins(0, 0, 0, 0)
        cash_column.addLayout(cash_row)
        cash_column.addWidget(tendered_error)

        self.cheque_edit = QLineEdit()
        self.cheque_edit.setMaxLength(40)
        self.cheque_edit.setMaximumWidth(220)
        self.cheque_edit.setAccessibleName("Numéro du chèque")
        cheque_page = QWidget()
        cheque_form = QFormLayout(cheque_page)
        cheque_form.setContentsMargins(0, 0, 0, 0)
        self.cheque_errors = FieldErrors(cheque_form)
        self.cheque_errors.add_row("cheque_number", "N° du chèque", self.cheque_edit)

        self.method_hint = hint_label("Choisissez le mode de paiement : F2, F3, F4 ou F5.")
        self.details = QStackedWidget()
        self.details.addWidget(self.method_hint)
        self.details.addWidget(cash_page)
        self.details.addWidget(cheque_page)
        self.details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.details)
        self.tendered_edit.textChanged.connect(lambda _text: self._update_change())
        return box

    def _shortcuts(self) -> None:
        for keys, index in (("Alt+A", 0), ("Alt+S", 1), ("Alt+U", 2)):
            QShortcut(QKeySequence(keys), self).activated.connect(
                lambda i=index: self.show_form(i)
            )
        for method, key in METHOD_KEYS.items():
            QShortcut(QKeySequence(key), self).activated.connect(
                lambda m=method: self.choose_method(m)
            )
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.validate)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)

    # Focus ------------------------------------------------------------------------------
    def show_form(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.forms[index].focus_first()

    def focus_basket(self) -> None:
        """Focus the line form in front (after the payer is chosen)."""
        self.forms[self.tabs.currentIndex()].focus_first()

    def _tab_changed(self, index: int) -> None:
        if index == 1 and not self.session_form.loaded:
            self.session_form.load()

    # Payer and basket -------------------------------------------------------------------
    @property
    def person(self) -> PersonSummary | None:
        return self.payer.person

    def _person_changed(self, person: PersonSummary | None) -> None:
        actor = self.backend.actor
        may = actor is not None and actor.can(Capability.CASH)
        self.reduced_button.setVisible(person is not None and may)
        for form in self.forms:
            form.set_person(person)
        self._reprice()

    def grant_reduced_price(self) -> None:
        """Open « Tarif réduit… » for the payer; once recorded, the basket is priced again."""
        if self.person is None:
            return
        dialog = ReducedPriceDialog(self.backend, self.person, parent=self)
        self.reduced_dialog = dialog

        open_dialog(dialog, on_accepted=self._reprice)

    def check_day(self) -> None:
        """Say now, not at « Valider », that no receipt can be dated today."""
        notice = run_op(self, lambda: self.backend.call(closed_notice), error_target=self.error)
        self.closed_error.show_message(notice or "")
        self.validate_button.setEnabled(not notice)

    def _data_changed(self) -> None:
        self.check_day()
        if self.session_form.loaded:
            self.session_form.load()
        if self.person is not None:
            self.payer.refresh()  # re-prices the basket for the person re-read
        else:
            self._reprice()

    def add_line(self, line: DraftLine, form: LineForm | None = None) -> bool:
        """Add ``line`` if the service accepts the basket with it; else show why."""
        candidate = [*self.lines, line]
        self.error.clear_message()
        preview = run_op(
            self, lambda: self._price(candidate), error_target=form or self.error
        )
        if preview is None:
            return False
        self.lines, self.preview = candidate, preview
        self.basket_error.clear_message()
        if form is not None:
            form.clear_errors()
            form.line_added()
        self._refresh()
        self.table.selectRow(len(self.lines) - 1)
        self._focus_payment()
        return True

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        row = rows[0].row()
        del self.lines[row]
        self._reprice()
        if self.lines:
            self.table.selectRow(min(row, len(self.lines) - 1))
            self.table.setFocus()

    def _price(self, lines: list[DraftLine]) -> DraftPreview:
        person_id = self.person.id if self.person is not None else None
        return self.backend.call(preview_draft, person_id, tuple(lines))

    def _reprice(self) -> None:
        self.basket_error.clear_message()
        self.preview = None
        if self.lines:
            lines = list(self.lines)
            self.preview = run_op(self, lambda: self._price(lines), error_target=self.basket_error)
        self._refresh()

    def _refresh(self) -> None:
        self.model.set_basket(self.lines, self.preview, self.session_form.titles())
        self.table.resizeRowsToContents()
        self.remove_button.setEnabled(bool(self.lines))
        if not self.lines:
            self.total_label.setText("Total : 0,00 €")
        elif self.preview is None:
            self.total_label.setText("Total : —")
        else:
            self.total_label.setText(f"Total : {money(self.preview.total_cents)}")
        self._update_change()
        if self.session_form.loaded:
            self.session_form.update_quote()

    # Payment ----------------------------------------------------------------------------
    def method(self) -> PaymentMethod | None:
        for method, button in self.method_buttons.items():
            if button.isChecked():
                return method
        return None

    def choose_method(self, method: PaymentMethod) -> None:
        self.method_buttons[method].setChecked(True)
        self._focus_payment()

    def _method_changed(self, _checked: bool) -> None:
        method = self.method()
        page = {PaymentMethod.CASH: 1, PaymentMethod.CHEQUE: 2}.get(method, 0)  # type: ignore[arg-type]
        if method in (PaymentMethod.CARD, PaymentMethod.TRANSFER):
            self.method_hint.setText("Aucune autre information n'est demandée.")
        self.details.setCurrentIndex(page)
        self.cash_errors.clear()
        self.cheque_errors.clear()
        self._update_change()

    def _focus_payment(self) -> None:
        method = self.method()
        if method is PaymentMethod.CASH:
            self.tendered_edit.setFocus()
            self.tendered_edit.selectAll()
        elif method is PaymentMethod.CHEQUE:
            self.cheque_edit.setFocus()
        elif method is None:
            self.method_buttons[PaymentMethod.CASH].setFocus()
        else:
            self.validate_button.setFocus()

    def _tendered(self) -> int | None:
        text = self.tendered_edit.text().strip()
        return parse_amount(text, field="tendered_cents", allow_zero=True) if text else None

    def _update_change(self) -> None:
        """Live change to give, checked by the service's payment rule."""
        self.cash_errors.clear()
        if self.method() is not PaymentMethod.CASH or self.preview is None:
            self.change_label.setText("—")
            return
        try:
            change = validate_payment(
                Payment(PaymentMethod.CASH, self._tendered()), self.preview.total_cents
            )
        except ValidationError as error:
            self.change_label.setText("—")
            if self.tendered_edit.text().strip():
                self.cash_errors.labels["tendered_cents"].show_message(error.message)
            return
        self.change_label.setText(money(change or 0))

    # Validation -------------------------------------------------------------------------
    def validate(self) -> None:
        """Issue the receipt; on refusal show the French message and keep everything."""
        self.error.clear_message()
        method = self.method()
        if not self.validate_button.isEnabled():
            return
        if method is None:
            self.error.show_message(
                "Choisissez le mode de paiement : F2 espèces, F3 carte, F4 chèque, F5 virement."
            )
            self.method_buttons[PaymentMethod.CASH].setFocus()
            return

        def issue() -> ReceiptInfo:
            tendered = self._tendered() if method is PaymentMethod.CASH else None
            payment = Payment(
                method,
                tendered,
                self.cheque_edit.text() if method is PaymentMethod.CHEQUE else "",
            )
            draft = ReceiptDraft(
                lines=tuple(self.lines),
                payment=payment,
                person_id=self.person.id if self.person is not None else None,
                payer_label=self.payer.payer_label,
            )
            return self.backend.call(issue_receipt, draft)

        run_op(self, issue, backend=self.backend, error_target=self, on_success=self._issued)

    def _issued(self, receipt: ReceiptInfo) -> None:
        self.receipt = receipt
        self._offer_receipt(receipt)
        self.accept()

    def show_error(self, error: DomainError) -> None:
        """Put the message next to its field (``error.field``), else above the buttons."""
        if isinstance(error, ValidationError):
            if self.cash_errors.show(error) or self.cheque_errors.show(error):
                return
            for index, form in enumerate(self.forms):
                if error.field and form.errors.show(error):
                    self.tabs.setCurrentIndex(index)
                    form.errors.show(error)  # focus again now the tab is visible
                    return
        self.error.show_message(error.message)

    def _offer_receipt(self, receipt: ReceiptInfo) -> None:
        text = f"Reçu {receipt.number} enregistré : {money(receipt.total_cents)}, "
        text += f"{receipt.payment_label.lower()}."
        if receipt.change_cents:
            text += f"\nMonnaie à rendre : {money(receipt.change_cents)}."
        answer = messages.choose(
            self, text, ("Afficher et imprimer le reçu", "Terminer"), title="Paiement enregistré"
        )
        if answer == 0:
            documents.show_receipt(self, self.backend, receipt.id)

    def reject(self) -> None:
        """Leaving with a filled basket asks first (nothing has been recorded yet)."""
        if (
            self.lines
            and self.receipt is None
            and not messages.confirm(
                self,
                "Le panier n'est pas encaissé. Abandonner cette vente ?",
                title="Abandonner la vente",
                yes="Abandonner la vente",
                no="Continuer la vente",
            )
        ):
            return
        super().reject()
