"""CSV export of receipts and their lines for the accountant.

One row per receipt line, the receipt's columns repeated; UTF-8 with BOM (Excel opens it
with accents right), ``;`` separator, decimal comma, amounts in euros without symbol.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Person, Receipt, ReceiptLine, User
from desktop.services.cash.common import day_bounds, person_name
from desktop.services.errors import ValidationError
from desktop.services.formatting import date_short, local
from desktop.services.permissions import Actor, Capability, require
from desktop.services.progress import ProgressCallback, report
from desktop.services.reads import reads
from desktop.vocabulary import PAYMENT_METHOD_LABELS, TARIFF_LABELS, ReceiptLineKind

HEADER = (
    "Numéro",
    "Date",
    "Heure",
    "Série",
    "Payeur",
    "N° personne",
    "Moyen de paiement",
    "N° chèque",
    "Total reçu",
    "Annule le reçu",
    "Motif d'annulation",
    "Émis par",
    "Ligne",
    "Type",
    "Libellé",
    "Tarif",
    "Quantité",
    "Prix unitaire",
    "Montant ligne",
    "Empreinte SHA-256",
)
KIND_LABELS = {
    ReceiptLineKind.MEMBERSHIP: "Adhésion",
    ReceiptLineKind.SESSION: "Séance",
    ReceiptLineKind.OTHER: "Autre",
}


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    receipt_count: int
    line_count: int
    total_cents: int


def euros(cents: int) -> str:
    """1234 → "12,34" (decimal comma, no thousands separator, no symbol)."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


@reads
def receipts_csv(
    session: Session,
    actor: Actor,
    date_from: dt.date,
    date_to: dt.date,
    progress: ProgressCallback | None = None,
) -> tuple[str, ExportSummary]:
    """The CSV text (without BOM) of the receipts of every series between two Paris days.

    ``progress(done, total)`` is told every 200 receipts (it may raise Cancelled).
    """
    require(actor, Capability.CASH_READ)
    if date_to < date_from:
        raise ValidationError("La date de fin précède la date de début.", "date_to")
    low, high = day_bounds(date_from, date_to)
    receipts = list(
        session.scalars(
            select(Receipt)
            .where(Receipt.issued_at >= low, Receipt.issued_at < high)
            .order_by(Receipt.issued_at, Receipt.series, Receipt.year, Receipt.seq)
        )
    )
    ids = [r.id for r in receipts]
    lines: dict[object, list[ReceiptLine]] = {}
    for chunk in range(0, len(ids), 500):
        for line in session.scalars(
            select(ReceiptLine)
            .where(ReceiptLine.receipt_id.in_(ids[chunk : chunk + 500]))
            .order_by(ReceiptLine.position)
        ):
            lines.setdefault(line.receipt_id, []).append(line)
    person_ids = sorted({r.person_id for r in receipts if r.person_id is not None})
    persons: dict[object, Person] = {}
    for chunk in range(0, len(person_ids), 500):
        for person in session.scalars(
            select(Person).where(Person.id.in_(person_ids[chunk : chunk + 500]))
        ):
            persons[person.id] = person
    users = {u.id: u.display_name for u in session.scalars(select(User))}
    numbers = {r.id: r.number for r in receipts}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    count = 0
    report(progress, 0, len(receipts))
    for done, receipt in enumerate(receipts, start=1):
        if done % 200 == 0:
            report(progress, done, len(receipts))
        payer = persons.get(receipt.person_id) if receipt.person_id else None
        moment = local(receipt.issued_at)
        original = ""
        if receipt.cancels_receipt_id is not None:
            original = numbers.get(receipt.cancels_receipt_id) or _number(
                session, receipt.cancels_receipt_id
            )
        head = [
            receipt.number,
            date_short(moment.date()),
            moment.strftime("%H:%M"),
            receipt.series,
            person_name(payer) or receipt.payer_label,
            payer.number if payer is not None else "",
            PAYMENT_METHOD_LABELS[receipt.payment_method],
            receipt.cheque_number,
            euros(receipt.total_cents),
            original,
            receipt.cancel_reason,
            users.get(receipt.issued_by, ""),
        ]
        for line in lines.get(receipt.id, []):
            writer.writerow(
                [
                    *head,
                    line.position,
                    KIND_LABELS[line.kind],
                    line.label,
                    TARIFF_LABELS[line.tariff_code] if line.tariff_code else "",
                    line.quantity,
                    euros(line.unit_cents),
                    euros(line.total_cents),
                    receipt.hash,
                ]
            )
            count += 1
    summary = ExportSummary(
        path=Path(),
        receipt_count=len(receipts),
        line_count=count,
        total_cents=sum(r.total_cents for r in receipts),
    )
    return buffer.getvalue(), summary


def _number(session: Session, receipt_id: object) -> str:
    return session.scalar(select(Receipt.number).where(Receipt.id == receipt_id)) or ""


@reads
def export_receipts(
    session: Session,
    actor: Actor,
    date_from: dt.date,
    date_to: dt.date,
    path: Path | str,
    progress: ProgressCallback | None = None,
) -> ExportSummary:
    """Write the CSV (UTF-8 with BOM) to ``path``; returns what was written.

    Cancelled through ``progress``, nothing is written.
    """
    content, summary = receipts_csv(session, actor, date_from, date_to, progress)
    target = Path(path)
    try:
        target.write_text(content, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ValidationError(
            f"Impossible d'écrire « {target} » : {exc.strerror or exc}.", "path"
        ) from exc
    return ExportSummary(target, summary.receipt_count, summary.line_count, summary.total_cents)
