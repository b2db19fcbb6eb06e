"""A SHA-256 of the demo's business content, stable for a given seed and "today".

Left out: clock and device bookkeeping (``hlc``, ``origin_device``, the change log),
password hashes and wrapped keys (randomly salted). The ids of what set-up
creates (site, device, accounts, rooms, opening hours, tariffs) are replaced by stable
names wherever they appear; every id is derived from the seed (the build's clock), so
foreign keys stay in the hash.
Ciphertext is random (fresh nonces): its decrypted text is hashed instead, which also proves
every sealed field opens with the demo's keys.
"""

from __future__ import annotations

import hashlib
import json
import uuid

from sqlalchemy import Connection

from desktop.demo.confidential import CIPHER_COLUMNS, Sealer
from desktop.models import Base
from desktop.vocabulary import NoteLevel

EXCLUDED_TABLES = {
    "alembic_version",
    "change_log",
    "data_key_wrap",
    "local_state",
    "login_throttle",
    "sync_conflict",
}
EXCLUDED_COLUMNS = {"hlc", "origin_device", "password_hash"}
ALIAS_QUERIES = (
    "SELECT id, 'site' FROM site",
    "SELECT id, 'device:' || series FROM device",
    "SELECT id, 'user:' || username FROM staff_user",
    "SELECT r.id, 'role:' || u.username || ':' || r.role FROM staff_user_role r "
    "JOIN staff_user u ON u.id = r.user_id",
    "SELECT id, 'room:' || name FROM room",
    "SELECT id, 'hours:' || weekday || ':' || opens_at FROM opening_hours",
    "SELECT id, 'tariff:' || code || ':' || effective_from FROM tariff",
)


def _aliases(connection: Connection) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for query in ALIAS_QUERIES:
        aliases.update({row[0]: row[1] for row in connection.exec_driver_sql(query)})
    return aliases


def data_hash(connection: Connection, sealer: Sealer) -> str:
    """Hex SHA-256 over every business table, rows in a stable order."""
    aliases = _aliases(connection)
    digest = hashlib.sha256()
    for table in Base.metadata.sorted_tables:
        if table.name in EXCLUDED_TABLES:
            continue
        columns = [c.name for c in table.columns if c.name not in EXCLUDED_COLUMNS]
        sealed = [i for i, name in enumerate(columns) if (table.name, name) in CIPHER_COLUMNS]
        level_at = columns.index("level") if sealed and "level" in columns else None
        id_at = columns.index("id")
        names = ", ".join(f'"{name}"' for name in columns)
        lines = []
        for raw in connection.exec_driver_sql(f'SELECT {names} FROM "{table.name}"'):
            row = [aliases.get(v, v) if isinstance(v, str) else v for v in raw]
            for i in sealed:
                if raw[i] is not None:
                    level = NoteLevel(raw[level_at]) if level_at is not None else None
                    row[i] = sealer.open(
                        table.name, columns[i], uuid.UUID(hex=raw[id_at]), raw[i], level
                    )
            lines.append(json.dumps(row, ensure_ascii=False, default=_plain))
        lines.sort()
        digest.update(json.dumps([table.name, columns]).encode())
        for line in lines:
            digest.update(line.encode())
            digest.update(b"\n")
    return digest.hexdigest()


def _plain(value: object) -> str:
    if isinstance(value, bytes):
        return value.hex()
    return str(value)
