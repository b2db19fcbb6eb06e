"""Sealing the demo's confidential texts with ``desktop.services.crypto`` (AES-GCM).

Every ``*_ct`` column is sealed under the team key (version 1), except case notes, which
use their own ``level`` (team or psychologist). The associated data binds each ciphertext
to its table, column, row and level (``crypto.location``).
"""

from __future__ import annotations

import uuid

from desktop.demo.accounts import DataKeys
from desktop.services import crypto
from desktop.vocabulary import NoteLevel

KEY_VERSION = 1
# (table, column) -> level; None: the row's own ``level`` column says.
CIPHER_COLUMNS: dict[tuple[str, str], NoteLevel | None] = {
    ("care_case", "summary_ct"): NoteLevel.TEAM,
    ("helped_relative", "details_ct"): NoteLevel.TEAM,
    ("intervention", "summary_ct"): NoteLevel.TEAM,
    ("case_note", "body_ct"): None,
    ("referral", "notes_ct"): NoteLevel.TEAM,
    ("reminder", "text_ct"): NoteLevel.TEAM,
}


class Sealer:
    """Seals and opens texts with the data keys created for the demo."""

    def __init__(self, keys: DataKeys) -> None:
        self._keys = keys

    def seal(
        self, table: str, column: str, row_id: uuid.UUID, text: str, level: NoteLevel | None = None
    ) -> bytes:
        level = level or CIPHER_COLUMNS[(table, column)] or NoteLevel.TEAM
        where = crypto.location(table, column, row_id, level)
        return crypto.seal(self._keys.key(level), text, where)

    def open(
        self, table: str, column: str, row_id: uuid.UUID, blob: bytes, level: NoteLevel | None
    ) -> str:
        level = level or CIPHER_COLUMNS[(table, column)] or NoteLevel.TEAM
        where = crypto.location(table, column, row_id, level)
        return crypto.unseal(self._keys.key(level), blob, where)
