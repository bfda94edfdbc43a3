"""Errors a user can fix, reported all at once: one per wrong field, with a French message."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["UserError", "UserErrors", "internal_error_message", "new_error_id"]


@dataclass(frozen=True, slots=True)
class UserError:
    field: str | None  # the input field at fault, in the API's spelling; None for the whole form
    code: str  # stable, for programs: "required", "invalid", "taken", "too_many_attempts"…
    message: str  # French, for people


class UserErrors(Exception):
    """Raised by a domain operation that changed nothing because its input was wrong."""

    def __init__(self, errors: Iterable[UserError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))

    @classmethod
    def one(cls, field: str | None, code: str, message: str) -> UserErrors:
        return cls([UserError(field, code, message)])


def new_error_id() -> str:
    """The id of an unexpected failure, given to the user and written to the log."""
    # Short enough to read over the phone, random enough not to collide in the logs.
    return secrets.token_hex(6)


def internal_error_message(error_id: str) -> str:
    """What a user is told of a failure of ours, whatever it was."""
    return (
        "Une erreur inattendue s'est produite. Réessayez plus tard ; si elle persiste, "
        f"signalez-la avec l'identifiant {error_id}."
    )
