"""Staff accounts administration: create, roles, password reset, deactivation."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import User, UserRole
from desktop.services import audit
from desktop.services.auth import (
    actor_for,
    check_confirmation,
    check_password_rules,
    hash_password,
    verify_password,
)
from desktop.services.errors import FieldChecks, NotFound, ValidationError
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.vocabulary import AuditAction, AuditEntity, Role

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


@dataclass(frozen=True)
class UserInfo:
    id: uuid.UUID
    username: str
    display_name: str
    roles: frozenset[Role]
    active: bool
    must_change_password: bool


def _info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=frozenset(r.role for r in user.roles),
        active=user.active,
        must_change_password=user.must_change_password,
    )


def normalise_username(username: str) -> str:
    name = username.strip().casefold()
    if not USERNAME_RE.fullmatch(name):
        raise ValidationError(
            "L'identifiant doit compter de 2 à 40 caractères : lettres minuscules sans accent, "
            "chiffres, point, tiret ou tiret bas, en commençant par une lettre ou un chiffre.",
            "username",
        )
    return name


def display_name_rules(display_name: str) -> str:
    """The display name of an account, normalised; ValidationError when refused."""
    name = " ".join(display_name.split())
    if not name:
        raise ValidationError("Indiquez le nom affiché (prénom et nom).", "display_name")
    if len(name) > 120:
        raise ValidationError(
            "Le nom affiché est trop long (120 caractères au plus).", "display_name"
        )
    return name


def _roles(roles: Iterable[Role | str]) -> frozenset[Role]:
    try:
        chosen = frozenset(Role(r) for r in roles)
    except ValueError:
        raise ValidationError("Rôle inconnu.", "roles") from None
    if not chosen:
        raise ValidationError("Choisissez au moins un rôle.", "roles")
    return chosen


def _user(session: Session, user_id: uuid.UUID) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Ce compte n'existe pas.")
    return user


@reads
def list_users(session: Session, actor: Actor) -> list[UserInfo]:
    require(actor, Capability.ADMINISTRATION)
    users = session.scalars(select(User).order_by(User.display_name))
    return [_info(u) for u in users]


def add_user(
    session: Session,
    username: str,
    display_name: str,
    password: str,
    roles: Iterable[Role | str],
    *,
    must_change_password: bool = False,
    confirmation: str | None = None,
) -> User:
    """Create an account without permission check: the caller has checked (``create_user``)
    or nobody can be logged in yet (the site's set-up). Every refused field is named at once
    (``confirmation``: the password typed again, when the form asks for it)."""
    checks = FieldChecks()
    name = checks.run(normalise_username, username)
    display = checks.run(display_name_rules, display_name)
    chosen = checks.run(_roles, roles)
    checks.run(check_password_rules, password, name or "")
    checks.run(check_confirmation, password, confirmation)
    checks.raise_any()
    assert name is not None and display is not None and chosen is not None
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise ValidationError(f"L'identifiant « {name} » est déjà utilisé.", "username")
    user = User(
        username=name,
        display_name=display,
        password_hash=hash_password(password),
        must_change_password=must_change_password,
    )
    session.add(user)
    session.flush()
    for role in sorted(chosen):
        session.add(UserRole(user_id=user.id, role=role))
    session.flush()
    session.refresh(user)
    return user


def create_user(
    session: Session,
    actor: Actor,
    username: str,
    display_name: str,
    password: str,
    roles: Iterable[Role | str],
    *,
    confirmation: str | None = None,
) -> UserInfo:
    """Admin creates an account; the person must choose a new password at first login."""
    require(actor, Capability.ADMINISTRATION)
    user = add_user(
        session,
        username,
        display_name,
        password,
        roles,
        must_change_password=True,
        confirmation=confirmation,
    )
    audit.record(session, actor, AuditAction.USER_CREATED, AuditEntity.STAFF_USER, user.id)
    return _info(user)


def set_roles(
    session: Session, actor: Actor, user_id: uuid.UUID, roles: Iterable[Role | str]
) -> UserInfo:
    require(actor, Capability.ADMINISTRATION)
    user = _user(session, user_id)
    chosen = _roles(roles)
    if user.id == actor.user_id and Role.ADMIN not in chosen:
        raise ValidationError("Vous ne pouvez pas retirer votre propre rôle d'administration.")
    if Role.ADMIN not in chosen:
        _ensure_other_admin(session, user.id)
    existing = {
        r.role: r for r in session.scalars(select(UserRole).where(UserRole.user_id == user.id))
    }
    for role, row in existing.items():
        row_should_exist = role in chosen
        if row.deleted == row_should_exist:
            row.deleted = not row_should_exist
    for role in chosen - existing.keys():
        session.add(UserRole(user_id=user.id, role=role))
    session.flush()
    session.expire(user, ["roles"])
    audit.record(session, actor, AuditAction.ROLES_CHANGED, AuditEntity.STAFF_USER, user.id)
    return _info(user)


def reset_password(
    session: Session,
    actor: Actor,
    user_id: uuid.UUID,
    new_password: str,
    *,
    confirmation: str | None = None,
) -> UserInfo:
    """Admin sets a temporary password; the person must change it at next login."""
    require(actor, Capability.ADMINISTRATION)
    user = _user(session, user_id)
    checks = FieldChecks()
    checks.run(check_password_rules, new_password, user.username)
    checks.run(check_confirmation, new_password, confirmation)
    checks.raise_any()
    user.password_hash = hash_password(new_password)
    user.must_change_password = True
    audit.record(session, actor, AuditAction.PASSWORD_RESET, AuditEntity.STAFF_USER, user.id)
    return _info(user)


def set_active(session: Session, actor: Actor, user_id: uuid.UUID, active: bool) -> UserInfo:
    require(actor, Capability.ADMINISTRATION)
    user = _user(session, user_id)
    if not active and user.id == actor.user_id:
        raise ValidationError("Vous ne pouvez pas désactiver votre propre compte.")
    if not active:
        _ensure_other_admin(session, user.id)
    user.active = active
    action = AuditAction.USER_ACTIVATED if active else AuditAction.USER_DEACTIVATED
    audit.record(session, actor, action, AuditEntity.STAFF_USER, user.id)
    return _info(user)


def change_own_password(
    session: Session,
    actor: Actor,
    current_password: str,
    new_password: str,
    *,
    confirmation: str | None = None,
) -> None:
    """The logged-in user's new password; every refused field is named at once."""
    user = _user(session, actor.user_id)
    checks = FieldChecks()
    if not verify_password(user.password_hash, current_password):
        checks.errors.append(
            ValidationError("Le mot de passe actuel est incorrect.", "current_password")
        )
    if new_password == current_password:
        checks.errors.append(
            ValidationError("Le nouveau mot de passe doit être différent de l'actuel.", "password")
        )
    else:
        checks.run(check_password_rules, new_password, user.username)
    checks.run(check_confirmation, new_password, confirmation)
    checks.raise_any()
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    audit.record(session, actor, AuditAction.PASSWORD_CHANGED, AuditEntity.STAFF_USER, user.id)


@reads
def my_account(session: Session, actor: Actor) -> UserInfo:
    """The logged-in user's own account (e.g. must they change their password?)."""
    return _info(_user(session, actor.user_id))


def get_actor(session: Session, user_id: uuid.UUID) -> Actor:
    """Fresh view of a user's roles (after an admin changed them)."""
    return actor_for(_user(session, user_id))


def _ensure_other_admin(session: Session, user_id: uuid.UUID) -> None:
    others = session.scalars(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            UserRole.role == Role.ADMIN,
            UserRole.deleted.is_(False),
            User.active.is_(True),
            User.id != user_id,
        )
    ).first()
    if others is None:
        raise ValidationError("Il doit rester au moins un compte d'administration actif.")
