"""Paramètres › Journal d'audit: who did what, when (metadata only, read-only)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.audit import AuditRecord, list_entries
from desktop.services.backend import Backend
from desktop.services.formatting import datetime_short
from desktop.services.settings import SPECS
from desktop.services.users import list_users
from desktop.views.labels import audit_action, entity_type
from desktop.views.tables import Column, RowTableModel
from desktop.vocabulary import AuditEntity

SHOWN = 500


@dataclass(frozen=True)
class AuditRow:
    """One entry with its user and subject resolved to French texts."""

    at: dt.datetime
    who: str
    action: str
    subject: str


COLUMNS: tuple[Column[AuditRow], ...] = (
    Column("Date", lambda r: datetime_short(r.at), sort_key=lambda r: r.at),
    Column("Utilisateur", lambda r: r.who),
    Column("Action", lambda r: r.action),
    Column("Objet", lambda r: r.subject),
)


def audit_row(entry: AuditRecord, names: Mapping[uuid.UUID, str]) -> AuditRow:
    """``names``: user id → display name, to resolve who acted and which account."""
    who = names.get(entry.user_id, "Compte inconnu") if entry.user_id else "Système"
    subject = entity_type(entry.entity_type) if entry.entity_type else ""
    if entry.entity_type == AuditEntity.STAFF_USER and entry.entity_id:
        try:
            name = names.get(uuid.UUID(entry.entity_id))
        except ValueError:
            name = None
        subject = f"{subject} de {name}" if name else subject
    elif entry.entity_type == AuditEntity.SETTING and entry.entity_id in SPECS:
        subject = f"{subject} « {SPECS[entry.entity_id].title} »"
    elif entry.entity_type == AuditEntity.RECEIPT and entry.entity_id:
        subject = f"{subject} {entry.entity_id}"
    if entry.detail:
        subject = f"{subject} : {entry.detail}"
    return AuditRow(entry.at, who, audit_action(entry.action), subject)


class AuditTableModel(RowTableModel[AuditRow]):
    def __init__(self) -> None:
        super().__init__(COLUMNS)

    def set_entries(self, entries: Sequence[AuditRecord], names: Mapping[uuid.UUID, str]) -> None:
        """``names``: user id → display name, to resolve who acted and which account."""
        self.set_rows(audit_row(entry, names) for entry in entries)

    def row_values(self, row: int) -> tuple[str, ...]:
        return self.texts(row)


class AuditTab(QWidget):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.model = AuditTableModel()
        column = QVBoxLayout(self)
        top = QHBoxLayout()
        intro = QLabel(
            f"Les {SHOWN} dernières actions enregistrées : qui, quoi, quand — jamais le contenu."
        )
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        top.addWidget(intro, 1)
        refresh = QPushButton("Actualiser")
        refresh.clicked.connect(self.refresh)
        top.addWidget(refresh)
        column.addLayout(top)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # as listed: latest first
        self.table.setSortingEnabled(True)
        column.addWidget(self.table, 1)

    def refresh(self) -> None:
        names = {user.id: user.display_name for user in self.backend.call(list_users)}
        self.model.set_entries(self.backend.call(list_entries, SHOWN), names)
