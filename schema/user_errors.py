"""`userErrors { field code message }`: what a mutation reports when the input must change.

The domain raises `models.errors.UserErrors`; here they become the API's: the field in the
API's spelling (`api_field`: camelCase), the code a `UserErrorCode` enum value (UPPER_SNAKE of
the domain's code), the French message as it is. A mutation declares its payload with
`@user_errors_as(Payload)` instead of catching them itself.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import ParamSpec, Protocol, TypeVar

import strawberry

from models.accounts import PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN
from models.errors import UserErrorCode as DomainCode
from models.errors import UserErrors

__all__ = ["UserError", "UserErrorCode", "api_field", "api_user_errors", "user_errors_as"]


@strawberry.enum(
    description="What is wrong with a mutation's input, for programs (`UserError.code`). Each "
    "value is the domain's code in upper case; the French `message` says the same to people."
)
class UserErrorCode(Enum):
    # Every area's codes (models.errors.ErrorCode, then each area's own); the values are the
    # domain's, so `UserErrorCode(domain_code.value)` is the translation.
    REQUIRED = strawberry.enum_value("required", description="A required value is missing.")
    INVALID = strawberry.enum_value(
        "invalid", description="The value is not acceptable (its form, or not one of the choices)."
    )
    UNKNOWN = strawberry.enum_value(
        "unknown",
        description="A code that names nothing (a domain, an administration, a department…).",
    )
    TOO_LONG = strawberry.enum_value("too_long", description="Longer than allowed.")
    TAKEN = strawberry.enum_value(
        "taken", description="Already another account's (e-mail address, username)."
    )
    NOT_FOUND = strawberry.enum_value(
        "not_found",
        description="No such document, saved search or offer, or not one of the account's.",
    )
    EMPTY = strawberry.enum_value("empty", description="An empty file.")
    LIMIT_REACHED = strawberry.enum_value(
        "limit_reached",
        description="As many as allowed already (documents of a category, saved searches).",
    )
    FORBIDDEN = strawberry.enum_value(
        "forbidden", description="Not for this account (another administration's offers)."
    )
    UNAVAILABLE = strawberry.enum_value(
        "unavailable",
        description="A service the check needs cannot be reached: nothing was done, try again "
        "in a few moments.",
    )
    TOO_LARGE = strawberry.enum_value(
        "too_large", description="A file over the size limit (a document, an offer's attachment)."
    )
    CONTENT_MISMATCH = strawberry.enum_value(
        "content_mismatch",
        description="A file whose content is not what it should be: what its extension says "
        "(documents), a PDF (offers' attachments).",
    )
    # Accounts (models.accounts.errors).
    WRONG_CREDENTIALS = strawberry.enum_value(
        "wrong_credentials",
        description="`login`: no such account or a wrong password (which one is not said).",
    )
    WRONG_PASSWORD = strawberry.enum_value(
        "wrong_password", description="The current password, asked again, is wrong."
    )
    TOO_MANY_ATTEMPTS = strawberry.enum_value(
        "too_many_attempts",
        description="A rate limit is spent; the message says how long to wait.",
    )
    CAPTCHA = strawberry.enum_value(
        "captcha",
        description="`register`: the answer to the question or the ALTCHA solution is wrong, "
        "spent or expired; ask `requestCaptcha` again.",
    )
    MISMATCH = strawberry.enum_value(
        "mismatch", description="The confirmation differs from the password."
    )
    TOO_SHORT = strawberry.enum_value(
        "too_short", description=f"A password shorter than {PASSWORD_MIN} characters."
    )
    TOO_GUESSABLE = strawberry.enum_value(
        "too_guessable",
        description="A password too easy to guess (common, a keyboard run, the account's own "
        "names).",
    )
    LENGTH = strawberry.enum_value(
        "length", description=f"A username not of {USERNAME_MIN} to {USERNAME_MAX} characters."
    )
    UNCHANGED = strawberry.enum_value(
        "unchanged", description="The new e-mail address is the current one."
    )
    INVALID_LINK = strawberry.enum_value(
        "invalid_link",
        description="The token of a mailed link already used, expired or replaced by a newer one.",
    )
    # Documents (models.documents.errors).
    TYPE_NOT_ALLOWED = strawberry.enum_value(
        "type_not_allowed", description="A file extension not accepted in this category."
    )
    ABNORMAL_ARCHIVE = strawberry.enum_value(
        "abnormal_archive",
        description="A zip-based file (docx, odt…) with too many parts or compressed to excess.",
    )
    # Offers (models.offers.errors).
    PAST = strawberry.enum_value("past", description="An end of publication already passed.")
    NOT_DRAFT = strawberry.enum_value(
        "not_draft", description="Publishing an offer that is no longer a draft."
    )
    ARCHIVED = strawberry.enum_value(
        "archived",
        description="An archived offer, which no longer changes; for `saveOffer`, an offer "
        "no longer open to applications (expired or withdrawn) that was not saved before.",
    )
    IMMUTABLE = strawberry.enum_value(
        "immutable", description="A value that never changes (an offer's type)."
    )
    UNREADABLE = strawberry.enum_value(
        "unreadable", description="An import file that cannot be read (import command only)."
    )
    FORMAT = strawberry.enum_value(
        "format", description="An import file neither .json nor .csv (import command only)."
    )
    # Application tracker (models.applications.errors).
    ALREADY_RECORDED = strawberry.enum_value(
        "already_recorded",
        description="`recordApplication`: this offer is already in the account's tracker "
        "(change it with `updateApplication`).",
    )
    # Search criteria (models.search.errors), in saved searches.
    UNKNOWN_CODE = strawberry.enum_value(
        "unknown_code", description="A filter value the reference data does not have."
    )
    TOO_MANY_VALUES = strawberry.enum_value(
        "too_many_values", description="More values in one filter field than allowed."
    )
    UNKNOWN_PLACE = strawberry.enum_value(
        "unknown_place", description="A `near` place that no commune answers to."
    )
    INVALID_RADIUS = strawberry.enum_value(
        "invalid_radius", description="A `near` radius out of its bounds (1 to 200 km)."
    )
    ORDER_NEEDS_PLACE = strawberry.enum_value(
        "order_needs_place",
        description="A sort by distance without a place (the `offers` query's GraphQL error).",
    )


@strawberry.type(description="A mistake the user can fix; `message` is in French.")
class UserError:
    field: str | None = strawberry.field(
        description="The input field at fault, as spelt in the mutation (a path for a nested "
        "one: `filter.regions`); null for the whole input."
    )
    code: UserErrorCode = strawberry.field(
        description="What is wrong, for programs. Contract change: this was a `String!` holding "
        "the value in lower case (`too_many_attempts`); it is now the `UserErrorCode` enum "
        "(`TOO_MANY_ATTEMPTS`)."
    )
    message: str = strawberry.field(description="What is wrong, for people, in French.")


def api_field(field: str | None) -> str | None:
    """The API's spelling of a domain field name: each part of a dotted path in camelCase
    (`new_password` → `newPassword`, `filter.diploma_level` → `filter.diplomaLevel`).

    The API's arguments and input fields are the domain's names in camelCase (Strawberry's
    own conversion), so no name needs an exception; one that did would be listed here."""
    if field is None:
        return None
    return ".".join(_camel(part) for part in field.split("."))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word[:1].upper() + word[1:] for word in rest)


def api_code(code: DomainCode) -> UserErrorCode:
    return UserErrorCode(code.value)


def api_user_errors(error: UserErrors) -> list[UserError]:
    return [
        UserError(field=api_field(e.field), code=api_code(e.code), message=e.message)
        for e in error.errors
    ]


Payload = TypeVar("Payload")
Payload_co = TypeVar("Payload_co", covariant=True)
Params = ParamSpec("Params")


class Refused(Protocol[Payload_co]):
    """A payload type (or a function making one) taking `user_errors` by name."""

    def __call__(self, *, user_errors: list[UserError]) -> Payload_co: ...


def user_errors_as(
    refused: Refused[Payload],
) -> Callable[[Callable[Params, Awaitable[Payload]]], Callable[Params, Awaitable[Payload]]]:
    """A mutation's resolver whose domain `UserErrors` become `refused(user_errors=[…])`:

    @strawberry.mutation
    @user_errors_as(LoginPayload)
    async def login(self, info: Info, login: str, password: str) -> LoginPayload: ...
    """

    def decorate(
        resolver: Callable[Params, Awaitable[Payload]],
    ) -> Callable[Params, Awaitable[Payload]]:
        # functools.wraps keeps the signature and annotations Strawberry reads.
        @functools.wraps(resolver)
        async def resolve(*args: Params.args, **kwargs: Params.kwargs) -> Payload:
            try:
                return await resolver(*args, **kwargs)
            except UserErrors as error:
                return refused(user_errors=api_user_errors(error))

        return resolve

    return decorate
