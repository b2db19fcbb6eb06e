"""Confidential text at rest: AES-GCM under per-level data keys, wrapped per user.

Each confidentiality level (team, psychologist) has one random 256-bit data key. For every
authorised user the key is stored wrapped (AES-GCM) under a key derived from that user's
password with Argon2id, so the database file alone reveals no confidential text. Ciphertext
is bound to where it is stored (table, column, row, level) through the AES-GCM associated
data, so a ciphertext moved to another row or column does not decrypt.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import DataKeyWrap
from desktop.services.auth import normalise_password
from desktop.services.errors import DomainError
from desktop.vocabulary import NoteLevel

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12
KEY_BYTES = 32
# Argon2id parameters for key derivation (stronger than the login hash: it runs once a login).
KDF_TIME, KDF_MEMORY_KIB, KDF_PARALLELISM = 3, 64 * 1024, 1
KDF_LABEL = f"argon2id$t={KDF_TIME}$m={KDF_MEMORY_KIB}$p={KDF_PARALLELISM}"


class DecryptionFailed(DomainError):
    """Ciphertext that was altered, moved, or sealed with another key."""


def derive_key(password: str, salt: bytes, kdf: str = KDF_LABEL) -> bytes:
    """Key-encryption key from a password (Argon2id with the parameters named in ``kdf``)."""
    params = dict(part.split("=") for part in kdf.split("$")[1:])
    return hash_secret_raw(
        normalise_password(password).encode(),
        salt,
        time_cost=int(params["t"]),
        memory_cost=int(params["m"]),
        parallelism=int(params["p"]),
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def seal(key: bytes, plaintext: str, associated_data: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return FORMAT_VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext.encode(), associated_data)


def unseal(key: bytes, blob: bytes, associated_data: bytes) -> str:
    if not blob or blob[:1] != FORMAT_VERSION:
        raise DecryptionFailed("Texte chiffré illisible (format inconnu).")
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, body, associated_data).decode()
    except InvalidTag:
        raise DecryptionFailed(
            "Texte chiffré altéré ou illisible avec vos clés : il n'a pas été affiché."
        ) from None


def location(table: str, column: str, row_id: uuid.UUID, level: NoteLevel) -> bytes:
    """Associated data binding a ciphertext to its place."""
    return f"{table}|{column}|{row_id}|{level.value}".encode()


@dataclass
class KeyRing:
    """The data keys a logged-in user could unwrap; kept in memory only."""

    keys: dict[tuple[NoteLevel, int], bytes] = field(default_factory=dict)

    def has(self, level: NoteLevel) -> bool:
        return any(lvl is level for lvl, _ in self.keys)

    def current(self, level: NoteLevel) -> tuple[int, bytes]:
        versions = [v for lvl, v in self.keys if lvl is level]
        if not versions:
            raise DomainError("Vous n'avez pas accès à ce niveau de confidentialité.")
        version = max(versions)
        return version, self.keys[(level, version)]

    def key(self, level: NoteLevel, version: int) -> bytes:
        try:
            return self.keys[(level, version)]
        except KeyError:
            raise DomainError("Vous n'avez pas accès à ce niveau de confidentialité.") from None

    def seal(self, level: NoteLevel, plaintext: str, where: bytes) -> tuple[int, bytes]:
        version, key = self.current(level)
        return version, seal(key, plaintext, where)

    def unseal(self, level: NoteLevel, version: int, blob: bytes, where: bytes) -> str:
        return unseal(self.key(level, version), blob, where)


def wrap_key(
    session: Session,
    user_id: uuid.UUID,
    password: str,
    level: NoteLevel,
    version: int,
    data_key: bytes,
) -> None:
    """Store ``data_key`` wrapped for one user under their password-derived key.

    A user's wraps share one salt, so unlocking costs one key derivation per login.
    """
    existing = session.scalar(
        select(DataKeyWrap.salt).where(DataKeyWrap.user_id == user_id, DataKeyWrap.kdf == KDF_LABEL)
    )
    salt = existing or os.urandom(16)
    nonce = os.urandom(NONCE_BYTES)
    aad = f"data-key|{user_id}|{level.value}|{version}".encode()
    wrapped = AESGCM(derive_key(password, salt)).encrypt(nonce, data_key, aad)
    session.add(
        DataKeyWrap(
            user_id=user_id,
            level=level,
            key_version=version,
            kdf=KDF_LABEL,
            salt=salt,
            nonce=nonce,
            wrapped_key=wrapped,
        )
    )


def create_level_key(
    session: Session, level: NoteLevel, holders: list[tuple[uuid.UUID, str]]
) -> bytes:
    """Create the first data key of a level and wrap it for the given (user, password)."""
    exists = session.scalar(select(DataKeyWrap.id).where(DataKeyWrap.level == level).limit(1))
    if exists is not None:
        raise DomainError("La clé de ce niveau de confidentialité existe déjà.")
    data_key = AESGCM.generate_key(bit_length=KEY_BYTES * 8)
    for user_id, password in holders:
        wrap_key(session, user_id, password, level, 1, data_key)
    return data_key


def unlock(session: Session, user_id: uuid.UUID, password: str) -> KeyRing:
    """Unwrap every data key wrapped for this user (wrong password → empty ring)."""
    ring = KeyRing()
    wraps = session.scalars(
        select(DataKeyWrap).where(DataKeyWrap.user_id == user_id, DataKeyWrap.deleted.is_(False))
    )
    derived: dict[tuple[bytes, str], bytes] = {}
    for wrap in wraps:
        kek = derived.get((wrap.salt, wrap.kdf))
        if kek is None:
            kek = derived[(wrap.salt, wrap.kdf)] = derive_key(password, wrap.salt, wrap.kdf)
        aad = f"data-key|{user_id}|{wrap.level.value}|{wrap.key_version}".encode()
        try:
            ring.keys[(wrap.level, wrap.key_version)] = AESGCM(kek).decrypt(
                wrap.nonce, wrap.wrapped_key, aad
            )
        except InvalidTag:
            continue
    return ring
