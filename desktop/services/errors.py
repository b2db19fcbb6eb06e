"""Domain errors: each carries a French message that views show as is."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


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


class FieldChecks:
    """Runs the checks of a form's fields and raises every refusal at once.

    ``value = checks.run(normalise, text)`` gives the checked value, or None when refused;
    ``checks.raise_any()`` then raises the one ValidationError, or ValidationErrors.
    """

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def run(self, check: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        try:
            return check(*args, **kwargs)
        except ValidationErrors as refused:
            self.errors.extend(refused.errors)
        except ValidationError as refused:
            self.errors.append(refused)
        return None

    def raise_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise ValidationErrors(list(self.errors))


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
