"""A thin table model over ``list[UserInfo]`` (read-only; changes go through services)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.services.users import UserInfo
from desktop.views.labels import roles_text

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Nom affiché", "Identifiant", "Rôles", "État")


def state_text(user: UserInfo) -> str:
    if not user.active:
        return "Désactivé"
    if user.must_change_password:
        return "Actif · mot de passe provisoire"
    return "Actif"


class UsersTableModel(QAbstractTableModel):
    def __init__(self, users: Sequence[UserInfo] = ()) -> None:
        super().__init__()
        self._users: list[UserInfo] = list(users)

    def set_users(self, users: Sequence[UserInfo]) -> None:
        self.beginResetModel()
        self._users = list(users)
        self.endResetModel()

    def user(self, row: int) -> UserInfo:
        return self._users[row]

    def row_of(self, user_id: uuid.UUID) -> int | None:
        for row, user in enumerate(self._users):
            if user.id == user_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._users)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        user = self._users[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                user.display_name,
                user.username,
                roles_text(user.roles),
                state_text(user),
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not user.active:
            return QColor("#8a8f94")
        return None
