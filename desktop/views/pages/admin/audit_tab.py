"""Paramètres › Journal d'audit: who did what, when (metadata only, read-only)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
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
from desktop.vocabulary import AuditEntity

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Date", "Utilisateur", "Action", "Objet")
SHOWN = 500


class AuditTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[str, str, str, str]] = []

    def set_entries(self, entries: Sequence[AuditRecord], names: Mapping[uuid.UUID, str]) -> None:
        """``names``: user id → display name, to resolve who acted and which account."""
        self.beginResetModel()
        self._rows = [self._row(entry, names) for entry in entries]
        self.endResetModel()

    @staticmethod
    def _row(entry: AuditRecord, names: Mapping[uuid.UUID, str]) -> tuple[str, str, str, str]:
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
        return (datetime_short(entry.at), who, audit_action(entry.action), subject)

    def row_values(self, row: int) -> tuple[str, str, str, str]:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        return None


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
        column.addWidget(self.table, 1)

    def refresh(self) -> None:
        names = {user.id: user.display_name for user in self.backend.call(list_users)}
        self.model.set_entries(self.backend.call(list_entries, SHOWN), names)
