"""Errors a user can fix, reported all at once: one per wrong field, with a French message.

Each error carries a code, a member of a `UserErrorCode` enum: the generic ones (`ErrorCode`:
required, invalid, taken…) here, those only one area speaks in that area's own `errors` module
(`models.accounts.errors`, `models.documents.errors`, `models.offers.errors`,
`models.search.errors`). Every such enum derives from `UserErrorCode`, so an error is typed
whichever area raised it, and a code is declared once, in one area or here.

`field` names the input at fault by its Python name in the domain (`contact_email`,
`new_password`); nested or indexed inputs read as a path (`filter.regions`,
`offre 3.contact_email`). The adapters spell it their own way (the API in camelCase).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "ErrorCode",
    "UserError",
    "UserErrorCode",
    "UserErrors",
    "internal_error_message",
    "new_error_id",
]


class UserErrorCode(StrEnum):
    """The base of every area's codes; stable strings, for programs (snake_case)."""


class ErrorCode(UserErrorCode):
    """Codes every area may use."""

    REQUIRED = "required"
    INVALID = "invalid"
    UNKNOWN = "unknown"
    TOO_LONG = "too_long"
    TAKEN = "taken"
    NOT_FOUND = "not_found"
    EMPTY = "empty"
    LIMIT_REACHED = "limit_reached"
    FORBIDDEN = "forbidden"
    UNAVAILABLE = "unavailable"
    # Uploaded files (candidates' documents, offers' attachments).
    TOO_LARGE = "too_large"
    CONTENT_MISMATCH = "content_mismatch"  # the content is not what the file should be


@dataclass(frozen=True, slots=True)
class UserError:
    field: str | None  # the input at fault, its domain (snake_case) name; None for the whole form
    code: UserErrorCode  # stable, for programs: ErrorCode.REQUIRED, AccountErrorCode.CAPTCHA…
    message: str  # French, for people


class UserErrors(Exception):
    """Raised by a domain operation that changed nothing because its input was wrong."""

    def __init__(self, errors: Iterable[UserError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))

    @classmethod
    def one(cls, field: str | None, code: UserErrorCode, message: str) -> UserErrors:
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
