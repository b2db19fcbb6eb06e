"""Password hashing, login throttling and account administration."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop.models import User
from desktop.services import auth, users
from desktop.services.errors import AuthenticationError, ValidationError, ValidationErrors
from desktop.vocabulary import Role
from tests.conftest import ADMIN_PASSWORD
from tests.frozen_clock import clocked

T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def test_passwords_are_argon2id_hashes_with_owasp_parameters(db) -> None:
    with db.session() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "admin"))
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert ADMIN_PASSWORD not in stored
    assert auth.verify_password(stored, ADMIN_PASSWORD)
    assert not auth.verify_password(stored, ADMIN_PASSWORD.upper())
    assert not auth.verify_password("not a hash", ADMIN_PASSWORD)


def test_accented_passwords_match_whatever_the_unicode_form(db) -> None:
    hashed = auth.hash_password("caf\u00e9-cr\u00e8me")
    assert auth.verify_password(hashed, "cafe\u0301-cre\u0300me")


def test_login_is_case_insensitive_on_the_username_only(db) -> None:
    with db.session() as session:
        assert auth.authenticate(session, "  ADMIN ", ADMIN_PASSWORD).username == "admin"
    with pytest.raises(AuthenticationError, match="incorrect"), db.session() as session:
        auth.authenticate(session, "admin", ADMIN_PASSWORD.upper())


def _fail(db, username: str, now: dt.datetime) -> str:
    with pytest.raises(AuthenticationError) as error, db.session() as session:
        auth.authenticate(clocked(session, now), username, "mauvais-mot")
    return error.value.message


def test_throttling_after_repeated_failures_then_reset_on_success(db) -> None:
    messages = [_fail(db, "admin", T0 + dt.timedelta(seconds=i)) for i in range(5)]
    assert messages == [auth.WRONG_CREDENTIALS] * 5
    # Locked now, even with the right password.
    with pytest.raises(AuthenticationError, match="Trop d'essais") as error, db.session() as s:
        auth.authenticate(clocked(s, T0 + dt.timedelta(seconds=10)), "admin", ADMIN_PASSWORD)
    assert "seconde" in error.value.message
    # After the lock, the right password works and clears the counter.
    with db.session() as session:
        auth.authenticate(clocked(session, T0 + dt.timedelta(minutes=2)), "admin", ADMIN_PASSWORD)
    assert _fail(db, "admin", T0 + dt.timedelta(minutes=3)) == auth.WRONG_CREDENTIALS


def test_lock_grows_with_further_failures(db) -> None:
    for i in range(5):
        _fail(db, "admin", T0 + dt.timedelta(seconds=i))
    later = T0 + dt.timedelta(seconds=70)
    _fail(db, "admin", later)  # 6th failure: lock doubles to 120 s
    message = _fail(db, "admin", later + dt.timedelta(seconds=61))
    assert "Trop d'essais" in message


def test_unknown_user_gets_the_same_message_and_is_throttled_too(db) -> None:
    assert _fail(db, "personne", T0) == auth.WRONG_CREDENTIALS
    with pytest.raises(AuthenticationError, match="Saisissez"), db.session() as session:
        auth.authenticate(session, "", "")


def test_deactivated_user_cannot_log_in(db, admin) -> None:
    with db.session() as session:
        info = users.create_user(
            session, admin, "lea", "Léa Accueil", "bonjour-123", [Role.ACCUEIL]
        )
        users.set_active(session, admin, info.id, False)
    with pytest.raises(AuthenticationError, match="désactivé"), db.session() as session:
        auth.authenticate(session, "lea", "bonjour-123")


def test_user_administration_rules(db, admin) -> None:
    with db.session() as session:
        info = users.create_user(
            session, admin, "Lea.B", "  Léa   Bernard ", "bonjour-123", ["accueil", "animation"]
        )
    assert info.username == "lea.b" and info.display_name == "Léa Bernard"
    assert info.roles == {Role.ACCUEIL, Role.ANIMATION} and info.must_change_password
    bad_inputs = [
        (("lea.b", "Autre", "bonjour-123", [Role.ACCUEIL]), "déjà utilisé"),
        (("é", "X", "bonjour-123", [Role.ACCUEIL]), "identifiant"),
        (("marc", "", "bonjour-123", [Role.ACCUEIL]), "nom affiché"),
        (("marc", "Marc", "court", [Role.ACCUEIL]), "au moins 8"),
        (("marc", "Marc", "marc", [Role.ACCUEIL]), "au moins 8"),
        (("marcel", "Marcel", "MARCEL", [Role.ACCUEIL]), "au moins 8"),
        (("marcelin", "Marcel", "Marcelin", [Role.ACCUEIL]), "identique"),
        (("marc", "Marc", "bonjour-123", []), "au moins un rôle"),
        (("marc", "Marc", "bonjour-123", ["chef"]), "Rôle inconnu"),
    ]
    for args, expected in bad_inputs:
        with pytest.raises(ValidationError, match=expected), db.session() as session:
            users.create_user(session, admin, *args)
    with db.session() as session:
        users.set_roles(session, admin, info.id, [Role.SOCIAL])
        users.reset_password(session, admin, info.id, "temporaire-1")
        assert users.get_actor(session, info.id).roles == {Role.SOCIAL}
    with db.session() as session:
        assert auth.authenticate(session, "lea.b", "temporaire-1").roles == {Role.SOCIAL}


def test_the_last_administrator_cannot_be_removed(db, admin) -> None:
    with pytest.raises(ValidationError, match="propre rôle"), db.session() as session:
        users.set_roles(session, admin, admin.user_id, [Role.ACCUEIL])
    with pytest.raises(ValidationError, match="propre compte"), db.session() as session:
        users.set_active(session, admin, admin.user_id, False)


def test_change_own_password(db, admin) -> None:
    with pytest.raises(ValidationError, match="actuel est incorrect"), db.session() as session:
        users.change_own_password(session, admin, "faux", "nouveau-mot-1")
    with db.session() as session:
        users.change_own_password(session, admin, ADMIN_PASSWORD, "nouveau-mot-1")
    with db.session() as session:
        assert auth.authenticate(session, "admin", "nouveau-mot-1")


def _fields(error: ValidationError) -> list[str | None]:
    return [each.field for each in getattr(error, "errors", [error])]


def test_an_account_form_is_refused_with_every_reason_at_once(db, admin) -> None:
    with db.session() as session:
        before = session.scalar(select(func.count()).select_from(User))
    with pytest.raises(ValidationErrors) as refused, db.session() as session:
        users.create_user(
            session, admin, "É", " ", "court", [], confirmation="autre chose"
        )
    assert _fields(refused.value) == [
        "username", "display_name", "roles", "password", "password_confirm"
    ]  # fmt: skip
    assert refused.value.errors[-1].message == auth.PASSWORDS_DIFFER
    with db.session() as session:  # nothing half-written
        assert session.scalar(select(func.count()).select_from(User)) == before


def test_a_password_change_names_every_problem(db, admin) -> None:
    with pytest.raises(ValidationErrors) as refused, db.session() as session:
        users.change_own_password(
            session, admin, "faux", "nouveau-mot-1", confirmation="nouveau-mot-2"
        )
    assert _fields(refused.value) == ["current_password", "password_confirm"]
    with pytest.raises(ValidationErrors) as refused, db.session() as session:
        users.reset_password(session, admin, admin.user_id, "court", confirmation="")
    assert _fields(refused.value) == ["password", "password_confirm"]


def test_the_site_set_up_names_every_problem(tmp_path) -> None:
    from dataclasses import replace

    from desktop.services.setup import validate
    from tests.world import SITE

    wrong = replace(
        SITE,
        site_name="  ",
        series="12",
        admin_username="?",
        admin_display_name="",
        admin_password="court",
        admin_password_confirmation="autre",
    )
    with pytest.raises(ValidationErrors) as refused:
        validate(wrong)
    assert _fields(refused.value) == [
        "site_name", "series", "username", "display_name", "password", "password_confirm"
    ]  # fmt: skip
