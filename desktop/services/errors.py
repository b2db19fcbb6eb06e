"""Domain errors: each carries a French message that views show as is."""

from __future__ import annotations


class DomainError(Exception):
    """An error a person can cause; ``message`` is French and shown unchanged."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """Input that cannot be accepted; ``field`` names the offending input when known."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ValidationErrors(ValidationError):
    """Several inputs refused at once (a form shows every message); ``errors`` in order."""

    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__(" ".join(e.message for e in errors), errors[0].field if errors else None)
        self.errors = errors


class PermissionDenied(DomainError):
    pass


class NotFound(DomainError):
    pass


class AuthenticationError(DomainError):
    pass


class DatabaseOpenError(DomainError):
    """The database file cannot be opened or migrated; nothing was changed."""


class DatabaseBusyError(DatabaseOpenError):
    """Another program holds the database file locked; trying again later may work."""


class DatabaseDamagedError(DatabaseOpenError):
    """SQLite reports the file damaged (``database disk image is malformed``)."""
