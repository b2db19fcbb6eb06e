from __future__ import annotations

from sqlalchemy import text

from desktop.services import audit, users
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
