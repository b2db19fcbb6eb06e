"""Staff accounts, their roles, wrapped data keys and login throttling."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Deletable, Synced, str_enum, utcnow
from desktop.vocabulary import NoteLevel, Role


class User(Synced, Base):
    """A staff member who logs in. Deactivated, never deleted (audit keeps pointing here)."""

    __tablename__ = "staff_user"

    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user",
        primaryjoin="and_(User.id == UserRole.user_id, UserRole.deleted.is_(False))",
        viewonly=True,
    )


class UserRole(Deletable, Base):
    __tablename__ = "staff_user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))

    user: Mapped[User] = relationship(back_populates="roles", viewonly=True)


class DataKeyWrap(Deletable, Base):
    """A confidentiality level's data key, wrapped for one user by a password-derived key."""

    __tablename__ = "data_key_wrap"
    __table_args__ = (UniqueConstraint("user_id", "level", "key_version"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id"), index=True)
    level: Mapped[NoteLevel] = mapped_column(str_enum(NoteLevel, "note_level"))
    key_version: Mapped[int] = mapped_column(Integer, default=1)
    kdf: Mapped[str] = mapped_column(String(80))
    salt: Mapped[bytes] = mapped_column(LargeBinary)
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)


class LoginThrottle(Base):
    """Failed login attempts on this installation (local, not synced)."""

    __tablename__ = "login_throttle"

    username: Mapped[str] = mapped_column(String(40), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    locked_until: Mapped[dt.datetime | None] = mapped_column(default=None)
