from __future__ import annotations

from sqlalchemy import select, text

from desktop.models import AuditEntry
from desktop.services import audit, users
from desktop.services.database import open_database
from desktop.services.settings import set_setting, set_settings
from desktop.vocabulary import Role


def test_audit_chain_records_metadata_and_detects_tampering(db, admin) -> None:
    with db.session() as session:
        info = users.create_user(session, admin, "lea", "Léa", "bonjour-123", [Role.ACCUEIL])
        users.set_roles(session, admin, info.id, [Role.ACCUEIL, Role.ANIMATION])
    with db.session() as session:
        entries = audit.list_entries(session, admin)
        assert [e.action for e in entries][:2] == ["roles_modifies", "compte_cree"]
        assert audit.verify_chain(session) == []
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_entry_no_update")
        connection.execute(text("UPDATE audit_entry SET action = 'rien' WHERE seq = 2"))
    with db.session() as session:
        problems = audit.verify_chain(session)
    assert problems == ["Journal d'audit : l'entrée n° 2 a été modifiée."]


def test_chain_head_is_kept_per_transaction_only(db, admin) -> None:
    with db.session() as session:
        audit.record(session, admin, "un")
        audit.record(session, admin, "deux")  # before any flush: the head comes from memory
        session.flush()
        savepoint = session.begin_nested()
        audit.record(session, admin, "annule")
        session.flush()
        savepoint.rollback()
        audit.record(session, admin, "trois")
    other = open_database(db.path)  # another connection appends between our transactions
    try:
        with other.session() as session:
            audit.record(session, admin, "ailleurs")
    finally:
        other.close()
    with db.session() as session:
        audit.record(session, admin, "quatre")
    with db.session() as session:
        assert audit.verify_chain(session) == []
        rows = session.execute(select(AuditEntry.seq, AuditEntry.action).order_by(AuditEntry.seq))
        actions = [action for _, action in rows]
    assert actions[-5:] == ["un", "deux", "trois", "ailleurs", "quatre"]


def test_a_changed_setting_is_audited_with_old_and_new_values(db, admin) -> None:
    with db.session() as session:
        set_setting(session, admin, "idle_lock_minutes", "10")
        set_settings(session, admin, {"idle_lock_minutes": 10, "receipt_format": "80mm"})
    with db.session() as session:
        set_setting(session, admin, "idle_lock_minutes", 15)
    with db.session() as session:
        entries = [e for e in audit.list_entries(session, admin) if e.action == "reglage_modifie"]
        assert audit.verify_chain(session) == []
    # Newest first; storing the value already there is not a change.
    assert [(e.user_id, e.entity_type, e.entity_id, e.detail) for e in entries] == [
        (admin.user_id, "setting", "idle_lock_minutes", "10 → 15"),
        (admin.user_id, "setting", "receipt_format", "a5 → 80mm"),
        (admin.user_id, "setting", "idle_lock_minutes", "5 → 10"),
    ]


def test_a_tampered_detail_breaks_the_chain(db, admin) -> None:
    with db.session() as session:
        set_setting(session, admin, "idle_lock_minutes", 10)
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_entry_no_update")
        connection.execute(text("UPDATE audit_entry SET detail = '5 → 240' WHERE detail != ''"))
    with db.session() as session:
        assert audit.verify_chain(session) == ["Journal d'audit : l'entrée n° 2 a été modifiée."]
