"""The three ways to add a basket line: membership, session place, other sale.

Each form emits ``sig_add_requested(DraftLine)`` when the person presses Enter or the add button;
the dialog prices the basket through the service and, when refused, calls
:meth:`LineForm.show_error` so the French message appears under the field concerned.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services import programme
from desktop.services.backend import Backend
from desktop.services.cash.catalog import SellableSession, unpaid_places
from desktop.services.cash.drafts import MAX_LINE_CENTS, MAX_QUANTITY, DraftLine, preview_draft
from desktop.services.cash.pricing import quote_membership
from desktop.services.errors import DomainError, ValidationError
from desktop.services.formatting import local, money, time_short
from desktop.services.money import parse_amount
from desktop.services.people import PersonSummary
from desktop.services.programme import OccurrenceSummary
from desktop.views.cash.common import (
    FieldErrors,
    date_edit,
    day_label,
    from_qdate,
    paris_today,
    to_qdate,
)
from desktop.views.forms import ErrorLabel, hint_label
from desktop.views.operations import run_op
from desktop.vocabulary import TARIFF_LABELS

COMING_DAYS = 14
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class LineForm(QWidget):
    """Common behaviour: Enter anywhere in the form asks to add the line."""

    sig_add_requested = Signal(object)
    """``(line: DraftLine)`` — the person asked to add this line to the basket."""

    quote_label: QLabel  # what the line would cost (set by each kind of line)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout()
        self.errors = FieldErrors(self.form)
        self.general_error = ErrorLabel()
        self.add_button = QPushButton()
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.request_add)
        self.person: PersonSummary | None = None

    def _finish_layout(self, *extra: QWidget) -> None:
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        for widget in extra:
            column.addWidget(widget)
        column.addWidget(self.general_error)
        column.addWidget(self.add_button, alignment=Qt.AlignmentFlag.AlignRight)
        column.addStretch(1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            event.accept()
            self.request_add()
            return
        super().keyPressEvent(event)

    def request_add(self) -> None:
        line = run_op(self, self.build_line, error_target=self)
        if line is not None:
            self.sig_add_requested.emit(line)

    def build_line(self) -> DraftLine:
        raise NotImplementedError

    def show_error(self, error: DomainError) -> None:
        """Under its field when the service says which one, else under the form."""
        if not (isinstance(error, ValidationError) and self.errors.show(error)):
            self.general_error.show_message(error.message)

    def clear_errors(self) -> None:
        self.errors.clear()
        self.general_error.clear_message()

    def _quote_error(self, error: DomainError) -> None:
        """A refused quote is the answer to "what would it cost": shown in its place."""
        self.quote_label.setText(escape(error.message))

    def set_person(self, person: PersonSummary | None) -> None:
        self.person = person

    def focus_first(self) -> None:
        raise NotImplementedError

    def line_added(self) -> None:
        """Called once the line is in the basket (reset what should not be reused)."""


class MembershipForm(LineForm):
    """Membership: the date the person met the team and the accepted charter are required."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.met_edit = date_edit(paris_today())
        self.met_edit.setMaximumDate(to_qdate(paris_today()))
        self.met_edit.setAccessibleName("Date de la rencontre avec l'équipe")
        self.charter_check = QCheckBox("Charte acceptée par la personne")
        # A check box never wraps: its column may not get narrower than its text.
        self.charter_check.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.quote_label = quote_label()
        self.confirm_hint = hint_label(
            "Confirmez avec la personne la date de sa rencontre avec l'équipe et son "
            "acceptation de la charte, puis ajoutez l'adhésion au panier (Entrée)."
        )
        self.confirm_hint.hide()
        self.errors.add_row("met_team_on", "Rencontre avec l'équipe le", self.met_edit)
        self.errors.add_row("charter_accepted", "Charte", self.charter_check)
        self.add_button.setText("Ajouter l'adhésion au panier")
        self._finish_layout(self.confirm_hint, self.quote_label)
        self.set_person(None)

    def ask_confirmation(self) -> None:
        """Say what is still to confirm (the desk came to sell this membership)."""
        self.confirm_hint.show()

    def set_person(self, person: PersonSummary | None) -> None:
        super().set_person(person)
        if person is None:
            self.quote_label.setText(
                "L'adhésion est nominative : choisissez d'abord la personne qui adhère."
            )
            return
        quote = run_op(
            self,
            lambda: self.backend.call(quote_membership, person.id),
            error_target=self._quote_error,
        )
        if quote is None:
            return
        self.quote_label.setText(f"<b>{escape(quote.reason_fr)} : {money(quote.amount_cents)}</b>")

    def build_line(self) -> DraftLine:
        accepted = self.charter_check.isChecked()
        return DraftLine.membership(from_qdate(self.met_edit.date()), charter_accepted=accepted)

    def focus_first(self) -> None:
        self.met_edit.setFocus()

    def line_added(self) -> None:
        self.charter_check.setChecked(False)


class SessionForm(LineForm):
    """A place for a session: first the payer's booked places still to pay, then the
    sessions of the coming days. The service's quote says the tier and why."""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.occurrences: list[OccurrenceSummary] = []
        self.unpaid: list[SellableSession] = []
        self.list = QListWidget()
        self.list.setAccessibleName("Séances des prochains jours")
        self.list.setMinimumHeight(160)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.quote_label = quote_label()
        self.errors.add_row("occurrence_id", "", self.list)
        self.add_button.setText("Ajouter la place au panier")
        self._finish_layout(self.quote_label)
        self.list.currentItemChanged.connect(lambda *_: self.update_quote())
        self.list.itemDoubleClicked.connect(lambda _item: self.request_add())
        self.loaded = False
        # The dialog's basket, so the quote is the price the receipt would charge.
        self.basket_lines: Callable[[], Sequence[DraftLine]] = tuple

    def load(self) -> None:
        """Read the sessions of the coming days and the payer's unpaid places."""
        today = paris_today()
        last = today + dt.timedelta(days=COMING_DAYS - 1)
        found = run_op(
            self,
            lambda: self.backend.call(programme.list_occurrences, today, last),
            error_target=self.general_error,
        )
        if found is None:
            return
        self.occurrences = [o for o in found if not o.cancelled]
        self.loaded = True
        self._load_unpaid()

    def _load_unpaid(self) -> None:
        self.unpaid = []
        if self.person is not None:
            person_id = self.person.id
            self.unpaid = (
                run_op(
                    self,
                    lambda: self.backend.call(unpaid_places, person_id),
                    error_target=self.general_error,
                )
                or []
            )
        self._fill()

    def _fill(self) -> None:
        """Unpaid places first (« À régler »), then the other coming sessions (the session
        chosen stays chosen when the list is read again)."""
        keep = self.current_id()
        self.list.clear()
        entries = [(u.occurrence_id, unpaid_text(u)) for u in self.unpaid]
        booked = {u.occurrence_id for u in self.unpaid}
        entries += [(o.id, occurrence_text(o)) for o in self.occurrences if o.id not in booked]
        for occurrence_id, text in entries:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, occurrence_id)
            self.list.addItem(item)
        ids = [occurrence_id for occurrence_id, _text in entries]
        if entries:
            self.list.setCurrentRow(ids.index(keep) if keep in ids else 0)
        else:
            self.quote_label.setText("Aucune séance prévue dans les deux prochaines semaines.")

    def titles(self) -> dict[uuid.UUID, str]:
        titles = {o.id: occurrence_text(o, places=False) for o in self.occurrences}
        titles.update({u.occurrence_id: unpaid_text(u, prefix="") for u in self.unpaid})
        return titles

    def current_id(self) -> uuid.UUID | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def set_person(self, person: PersonSummary | None) -> None:
        super().set_person(person)
        if self.loaded:
            self._load_unpaid()
        self.update_quote()

    def update_quote(self) -> None:
        """Ask the service what the payer would pay for the selected session, and why.

        Priced with the basket (a membership in it gives the member price), exactly as
        the receipt would be; a refusal (already paid, full…) is shown instead.
        """
        occurrence_id = self.current_id()
        if occurrence_id is None:
            return
        basket = tuple(self.basket_lines())
        if any(line.occurrence_id == occurrence_id for line in basket):
            # Not priced as a second place: that would say "twice in the basket" while the
            # basket holds it once (it was just added).
            self.quote_label.setText("<b>Cette séance est dans le panier.</b>")
            return
        person_id = self.person.id if self.person is not None else None
        lines = (*basket, DraftLine.session_place(occurrence_id))
        preview = run_op(
            self,
            lambda: self.backend.call(preview_draft, person_id, lines),
            error_target=self._quote_error,
        )
        if preview is None:
            return
        priced = preview.lines[-1]
        tier = TARIFF_LABELS[priced.tariff_code] if priced.tariff_code else ""
        self.quote_label.setText(
            f"<b>{escape(tier)} : {money(priced.unit_cents)}</b><br>{escape(priced.reason_fr)}"
        )

    def build_line(self) -> DraftLine:
        occurrence_id = self.current_id()
        if occurrence_id is None:
            raise ValidationError("Choisissez la séance à régler.", "occurrence_id")
        return DraftLine.session_place(occurrence_id)

    def focus_first(self) -> None:
        if not self.loaded:
            self.load()
        self.list.setFocus()


class OtherForm(LineForm):
    """Any other sale: a label, a unit price typed in euros, a quantity."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText("Ex. : Repas partagé")
        self.label_edit.setMaxLength(200)
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText("0,00 €")
        self.amount_edit.setMaximumWidth(140)
        self.quantity_spin = QSpinBox()
        self.quantity_spin.setRange(1, MAX_QUANTITY)
        self.quantity_spin.setFixedWidth(110)
        self.errors.add_row("label", "Libellé", self.label_edit)
        self.errors.add_row("unit_cents", "Prix unitaire", self.amount_edit)
        self.errors.add_row("quantity", "Quantité", self.quantity_spin)
        self.add_button.setText("Ajouter au panier")
        self._finish_layout()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in the label moves on to the price while no price is typed yet.
        if (
            event.key() in _ENTER
            and self.label_edit.hasFocus()
            and not self.amount_edit.text().strip()
        ):
            event.accept()
            self.amount_edit.setFocus()
            return
        super().keyPressEvent(event)

    def build_line(self) -> DraftLine:
        text = self.amount_edit.text().strip()
        if not text:
            raise ValidationError("Indiquez le prix unitaire.", "unit_cents")
        cents = parse_amount(text, field="unit_cents", maximum_cents=MAX_LINE_CENTS)
        return DraftLine.other(self.label_edit.text(), cents, self.quantity_spin.value())

    def focus_first(self) -> None:
        self.label_edit.setFocus()

    def line_added(self) -> None:
        self.label_edit.clear()
        self.amount_edit.clear()
        self.quantity_spin.setValue(1)


def quote_label() -> QLabel:
    """Where the service's price and reason are shown (rich text, escaped)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label


def unpaid_text(place: SellableSession, prefix: str = "À régler · ") -> str:
    """« À régler · mar. 24 nov. · 14:30 · Yoga doux » — a booked place not paid yet."""
    day = local(place.starts_at).date()
    return f"{prefix}{day_label(day)} · {time_short(place.starts_at)} · {place.title}"


def occurrence_text(occurrence: OccurrenceSummary, *, places: bool = True) -> str:
    """« mar. 24 nov. · 14:30 · Yoga doux · Espace activités · 3 places libres »."""
    day = local(occurrence.starts_at).date()
    parts = [day_label(day), time_short(occurrence.starts_at), occurrence.title]
    if occurrence.room:
        parts.append(occurrence.room)
    if places:
        left = occurrence.places_left
        if left == 0:
            parts.append("complet")
        else:
            parts.append("1 place libre" if left == 1 else f"{left} places libres")
    return " · ".join(parts)
