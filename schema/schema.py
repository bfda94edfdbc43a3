"""The root schema: every area's queries merged, with limits and caches."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.types import ExecutionContext

from schema.accounts.invitations import InvitationMutation
from schema.accounts.mutations import AccountMutation
from schema.accounts.queries import AccountQuery
from schema.accounts.types import ACCOUNT_KINDS
from schema.applications.mutations import ApplicationMutation
from schema.documents.mutations import DocumentMutation
from schema.errors import MaskUnexpectedErrors, log_and_mask
from schema.fast_execution import PreparedObjectsExecutor
from schema.favourites.mutations import SavedOfferMutation
from schema.limits import MAX_DEPTH
from schema.offers.changes import OfferChangeQuery
from schema.offers.mutations import OfferMutation
from schema.offers.queries import OfferQuery
from schema.offers.subscriptions import OfferSubscription
from schema.personal_data.mutations import PersonalDataMutation
from schema.reference.places import PlaceQuery
from schema.reference.queries import ReferenceQuery
from schema.saved_searches.mutations import SavedSearchMutation
from schema.saved_searches.preview import AlertPreviewQuery
from schema.validation import BoundedDocuments

__all__ = ["MAX_DEPTH", "schema"]


@strawberry.type
class NodeQuery:
    # Nullable, as the Relay specification has it: an id naming nothing (an offer withdrawn,
    # a reference too long to exist) is null, not an error.
    node: relay.Node | None = relay.node(description="Any object by its global id, or null.")


# Each area's root fields, merged as `merge_types` would, with the roots' own descriptions.
@strawberry.type(
    description="What can be read. Public data (offers, reference lists, places) needs no "
    "sign-in and is the same for everyone; `viewer` and `me` answer for the bearer token's "
    "account."
)
class Query(
    OfferQuery,
    OfferChangeQuery,
    ReferenceQuery,
    PlaceQuery,
    AccountQuery,
    AlertPreviewQuery,
    NodeQuery,
):
    pass


@strawberry.type(
    description="What can be changed. Mutations other than `requestCaptcha`, `register`, "
    "`login`, `requestPasswordReset`, `resetPassword` and `confirmEmailChange` act on the "
    "signed-in account (`Authorization: Bearer <token>` from `login`; an UNAUTHENTICATED "
    "error without one). Input the user must fix comes back in the payload's `userErrors`, "
    "every mistake at once, with nothing changed."
)
class Mutation(
    AccountMutation,
    DocumentMutation,
    SavedSearchMutation,
    SavedOfferMutation,
    ApplicationMutation,
    OfferMutation,
    InvitationMutation,
    PersonalDataMutation,
):
    pass


class _Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Strawberry logs every error at ERROR with a traceback; a client's mistake (a bad
        # enum value, a missing token, a refused document) is one INFO line, and only
        # unexpected failures keep their traceback, under the id their masked message gives.
        # Strawberry calls this before the result is built, on the list the result keeps:
        # masking here, in place, means the internal message never leaves.
        # Strawberry records the result before processing the errors of execution, after
        # processing those of parsing and validation.
        executed = execution_context is not None and execution_context.result is not None
        log_and_mask(errors, log_client_errors=True, executed=executed)


# Classes, not instances or lambdas: Strawberry builds one of each per request, and their
# caches live at module level (see schema.validation).
_EXTENSIONS: list[Any] = [BoundedDocuments, MaskUnexpectedErrors]

schema = _Schema(
    query=Query,
    mutation=Mutation,
    subscription=OfferSubscription,
    extensions=_EXTENSIONS,
    # Every kind of `Account`, though fields name only the interface (`viewer`).
    types=ACCOUNT_KINDS,
    # Prepared objects are completed by a compiled plan rather than field by field.
    execution_context_class=PreparedObjectsExecutor,
)
