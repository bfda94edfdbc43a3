"""`userErrors { field code message }`: what a mutation reports when the input must change."""

from __future__ import annotations

import strawberry

from models.errors import UserErrors

__all__ = ["UserError", "user_errors"]


@strawberry.type(description="A mistake the user can fix; `message` is in French.")
class UserError:
    field: str | None = strawberry.field(
        description="The input field at fault, as spelt in the mutation; null for the whole input."
    )
    code: str
    message: str


def user_errors(error: UserErrors) -> list[UserError]:
    return [UserError(field=e.field, code=e.code, message=e.message) for e in error.errors]
