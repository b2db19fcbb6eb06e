from __future__ import annotations

from sqlalchemy import select, text

from desktop.models import AuditEntry
from desktop.services import audit, users
from desktop.services.database import open_database
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
