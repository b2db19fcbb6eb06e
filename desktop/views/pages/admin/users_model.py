"""The staff accounts list: a thin table model over ``list[UserInfo]`` (read-only)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtGui import QBrush, QColor

from desktop.services.users import UserInfo
from desktop.views.labels import roles_text
from desktop.views.tables import Column, RowTableModel

INACTIVE = QBrush(QColor("#8a8f94"))


def state_text(user: UserInfo) -> str:
    if not user.active:
        return "Désactivé"
    if user.must_change_password:
        return "Actif · mot de passe provisoire"
    return "Actif"


def _inactive(user: UserInfo) -> QBrush | None:
    return None if user.active else INACTIVE


COLUMNS: tuple[Column[UserInfo], ...] = (
    Column("Nom affiché", lambda u: u.display_name, foreground=_inactive),
    Column("Identifiant", lambda u: u.username, foreground=_inactive),
    Column("Rôles", lambda u: roles_text(u.roles), foreground=_inactive),
    Column("État", state_text, foreground=_inactive),
)


class UsersTableModel(RowTableModel[UserInfo]):
    def __init__(self, users: Sequence[UserInfo] = ()) -> None:
        super().__init__(COLUMNS, users)

    def set_users(self, users: Sequence[UserInfo]) -> None:
        self.set_rows(users)

    def user(self, row: int) -> UserInfo:
        return self.row(row)

    def row_of(self, user_id: uuid.UUID) -> int | None:
        return self.row_where(lambda user: user.id == user_id)
