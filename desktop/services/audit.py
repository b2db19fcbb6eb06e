"""The append-only, hash-chained audit log (metadata only, never content)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import AuditEntry, utcnow
from desktop.models.changelog import DEVICE_KEY
from desktop.models.txcache import transaction_facts
from desktop.services.permissions import Actor, Capability, require

GENESIS = "0" * 64
_HEAD_FACT = "audit_chain_head"  # (seq, hash) of this device's last entry, per transaction


@dataclass(frozen=True)
class AuditRecord:
    at: dt.datetime
    user_id: uuid.UUID | None
    action: str
    entity_type: str
    entity_id: str


def _entry_hash(
    prev_hash: str,
    device_id: str,
    seq: int,
    at: dt.datetime,
    user_id: str,
    action: str,
    entity_type: str,
    entity_id: str,
) -> str:
    canonical = json.dumps(
        [prev_hash, device_id, seq, at.isoformat(), user_id, action, entity_type, entity_id],
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    entity_type: str = "",
    entity_id: object = "",
    *,
    user_id: uuid.UUID | None = None,
) -> None:
    """Append one audit entry for this device, chained to the previous one.

    The chain head (last number and hash) is read once per transaction, then kept.
    """
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
    at = utcnow()
    who = actor.user_id if actor is not None else user_id
    entry = AuditEntry(
        device_id=device_id,
        seq=seq,
        at=at,
        user_id=who,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        prev_hash=prev,
        hash=_entry_hash(
            prev, str(device_id), seq, at, str(who or ""), action, entity_type, str(entity_id)
        ),
    )
    session.add(entry)
    facts[(_HEAD_FACT, device_id)] = (seq, entry.hash)


def verify_chain(session: Session) -> list[str]:
    """French descriptions of every break in the audit chains (empty when intact)."""
    problems: list[str] = []
    # Plain rows, not ORM objects: the log grows with every receipt and check must stay fast.
    entries = session.execute(
        select(
            AuditEntry.device_id,
            AuditEntry.seq,
            AuditEntry.at,
            AuditEntry.user_id,
            AuditEntry.action,
            AuditEntry.entity_type,
            AuditEntry.entity_id,
            AuditEntry.prev_hash,
            AuditEntry.hash,
        ).order_by(AuditEntry.device_id, AuditEntry.seq)
    )
    previous: dict[uuid.UUID, tuple[int, str]] = {}
    for entry in entries:
        seq, prev = previous.get(entry.device_id, (0, GENESIS))
        expected = _entry_hash(
            entry.prev_hash,
            str(entry.device_id),
            entry.seq,
            entry.at,
            str(entry.user_id or ""),
            entry.action,
            entry.entity_type,
            entry.entity_id,
        )
        if entry.seq != seq + 1:
            problems.append(f"Journal d'audit : entrée n° {seq + 1} manquante.")
        if entry.prev_hash != prev or entry.hash != expected:
            problems.append(f"Journal d'audit : l'entrée n° {entry.seq} a été modifiée.")
        previous[entry.device_id] = (entry.seq, entry.hash)
    return problems


def list_entries(session: Session, actor: Actor, limit: int = 500) -> list[AuditRecord]:
    """Latest audit entries, for the administrator."""
    require(actor, Capability.ADMINISTRATION)
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.at.desc()).limit(limit))
    return [AuditRecord(r.at, r.user_id, r.action, r.entity_type, r.entity_id) for r in rows]
