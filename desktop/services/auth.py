"""Password hashing (Argon2id), login with throttling, and password rules."""

from __future__ import annotations

import datetime as dt
import unicodedata

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import LoginThrottle, User
from desktop.services import audit, clock
from desktop.services.errors import AuthenticationError, ValidationError
from desktop.services.permissions import Actor
from desktop.services.settings import get_setting
from desktop.vocabulary import AuditAction, AuditEntity

# OWASP Password Storage Cheat Sheet: Argon2id, m=19 MiB, t=2, p=1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
_DUMMY_HASH = HASHER.hash("ressourcerie-dummy-password")
WRONG_CREDENTIALS = "Identifiant ou mot de passe incorrect."


def normalise_password(password: str) -> str:
    """NFC form, so "é" typed on two keyboards hashes the same."""
    return unicodedata.normalize("NFC", password)


def hash_password(password: str) -> str:
    return HASHER.hash(normalise_password(password))


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, normalise_password(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_password_rules(password: str, username: str = "") -> None:
    """Raise ValidationError with a French message when the password is too weak."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères.", "password"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError("Le mot de passe est trop long (256 caractères au plus).", "password")
    if password.strip() != password:
        raise ValidationError(
            "Le mot de passe ne doit pas commencer ni finir par une espace.", "password"
        )
    if username and password.casefold() == username.casefold():
        raise ValidationError(
            "Le mot de passe ne doit pas être identique à l'identifiant.", "password"
        )


PASSWORDS_DIFFER = "Les deux saisies du mot de passe ne sont pas identiques."


def check_confirmation(password: str, confirmation: str | None) -> None:
    """Refuse a confirmation typed differently (None: no confirmation was asked)."""
    if confirmation is not None and confirmation != password:
        raise ValidationError(PASSWORDS_DIFFER, "password_confirm")


def actor_for(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=frozenset(r.role for r in user.roles),
    )


def authenticate(session: Session, username: str, password: str) -> Actor:
    """Check a login; throttles repeated failures per user name on this installation."""
    now = clock.now(session)
    key = username.strip().casefold()
    if not key or not password:
        raise AuthenticationError("Saisissez votre identifiant et votre mot de passe.")
    throttle = session.get(LoginThrottle, key)
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        wait = int((throttle.locked_until - now).total_seconds()) + 1
        raise AuthenticationError(
            f"Trop d'essais infructueux. Réessayez dans {_duration_fr(wait)}."
        )
    user = session.scalar(select(User).where(User.username == key))
    ok = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if not ok or user is None:
        _record_failure(session, key, throttle, now)
        raise AuthenticationError(WRONG_CREDENTIALS)
    if not user.active:
        raise AuthenticationError("Ce compte a été désactivé. Adressez-vous à l'administration.")
    if throttle is not None:
        session.delete(throttle)
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    actor = actor_for(user)
    audit.record(session, actor, AuditAction.LOGIN, AuditEntity.STAFF_USER, user.id)
    return actor


def _record_failure(
    session: Session, key: str, throttle: LoginThrottle | None, now: dt.datetime
) -> None:
    if throttle is None:
        throttle = LoginThrottle(username=key, failures=0)
        session.add(throttle)
    throttle.failures += 1
    throttle.last_failure_at = now
    max_failures = int(get_setting(session, "login_max_failures"))
    if throttle.failures >= max_failures:
        # Each further failure doubles the wait, capped at one hour.
        base = int(get_setting(session, "login_lock_seconds"))
        extra = min(throttle.failures - max_failures, 6)
        throttle.locked_until = now + dt.timedelta(seconds=min(base * 2**extra, 3600))
    # The failure must be remembered even though the caller rolls back on the error.
    session.commit()


def _duration_fr(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} seconde{'s' if seconds > 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minute{'s' if minutes > 1 else ''}"
