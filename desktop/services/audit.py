"""The append-only, hash-chained audit log (metadata only, never content)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import AuditEntry
from desktop.models.changelog import DEVICE_KEY
from desktop.models.txcache import transaction_facts
from desktop.services.clock import now
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.vocabulary import AuditAction, AuditEntity

GENESIS = "0" * 64
_HEAD_FACT = "audit_chain_head"  # (seq, hash) of this device's last entry, per transaction


@dataclass(frozen=True)
class AuditRecord:
    at: dt.datetime
    user_id: uuid.UUID | None
    action: str
    entity_type: str
    entity_id: str
    detail: str


# Canonical forms are the ones SQLAlchemy stores in SQLite (hex UUIDs, UTC moments), so the
# chain is verified from raw rows without conversions: the log grows with every receipt.
MOMENT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def _entry_hash(
    prev_hash: str,
    device_hex: str,
    seq: int,
    at_text: str,
    user_hex: str,
    action: str,
    entity_type: str,
    entity_id: str,
    detail: str = "",
) -> str:
    fields: list[object] = [
        "audit-v1", prev_hash, device_hex, seq, at_text, user_hex, action, entity_type, entity_id
    ]
    if detail:  # entries without a detail (all those before it existed) keep their hash
        fields.append(detail)
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    session: Session,
    actor: Actor | None,
    action: AuditAction,
    entity_type: AuditEntity | None = None,
    entity_id: object = "",
    *,
    detail: str = "",
    user_id: uuid.UUID | None = None,
) -> None:
    """Append one audit entry for this device, chained to the previous one.

    ``detail`` is a short fact about the action (a setting's old → new value), never
    personal content nor a secret. The chain head (last number and hash) is read once per
    transaction, then kept.
    """
    kind = str(entity_type or "")
    device_id = session.info[DEVICE_KEY].device_id
    facts = transaction_facts(session)
    head = facts.get((_HEAD_FACT, device_id))
    if head is None:
        last = session.execute(
            select(AuditEntry.seq, AuditEntry.hash)
            .where(AuditEntry.device_id == device_id)
            .order_by(AuditEntry.seq.desc())
            .limit(1)
        ).first()
        head = (last[0], last[1]) if last else (0, GENESIS)
    seq, prev = head[0] + 1, head[1]
    at = now(session)
    who = actor.user_id if actor is not None else user_id
    entry = AuditEntry(
        device_id=device_id,
        seq=seq,
        at=at,
        user_id=who,
        action=action,
        entity_type=kind,
        entity_id=str(entity_id),
        detail=detail,
        prev_hash=prev,
        hash=_entry_hash(
            prev,
            device_id.hex,
            seq,
            at.astimezone(dt.UTC).strftime(MOMENT_FORMAT),
            who.hex if who else "",
            action,
            kind,
            str(entity_id),
            detail,
        ),
    )
    session.add(entry)
    facts[(_HEAD_FACT, device_id)] = (seq, entry.hash)


def verify_chain(session: Session) -> list[str]:
    """French descriptions of every break in the audit chains (empty when intact)."""
    problems: list[str] = []
    raw = session.connection().connection.driver_connection
    assert raw is not None
    rows = raw.execute(
        "SELECT device_id, seq, at, user_id, action, entity_type, entity_id, detail, prev_hash, "
        "hash "
        "FROM audit_entry ORDER BY device_id, seq"
    )
    previous: dict[str, tuple[int, str]] = {}
    for device, seq, at, user, action, entity_type, entity_id, detail, prev_hash, stored in rows:
        last_seq, last_hash = previous.get(device, (0, GENESIS))
        try:
            expected = _entry_hash(
                prev_hash, device, seq, at, user or "", action, entity_type, entity_id, detail
            )
        except TypeError:
            expected = ""
        if seq != last_seq + 1:
            problems.append(f"Journal d'audit : entrée n° {last_seq + 1} manquante.")
        if prev_hash != last_hash or stored != expected:
            problems.append(f"Journal d'audit : l'entrée n° {seq} a été modifiée.")
        previous[device] = (seq, stored)
    return problems


@reads
def list_entries(session: Session, actor: Actor, limit: int = 500) -> list[AuditRecord]:
    """Latest audit entries, for the administrator."""
    require(actor, Capability.ADMINISTRATION)
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.at.desc()).limit(limit))
    return [
        AuditRecord(r.at, r.user_id, r.action, r.entity_type, r.entity_id, r.detail) for r in rows
    ]
