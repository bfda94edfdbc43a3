"""The root schema: every area's queries merged, with limits and caches."""

from __future__ import annotations

from collections.abc import Iterable
from inspect import isawaitable
from typing import Any

import strawberry
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, execute
from strawberry import relay
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.name_converter import NameConverter
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

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
from schema.validation import BoundedDocuments, ready_query

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
    async def execute(  # Strawberry's signature
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        # A query whose document an earlier request parsed, bounded and validated (the
        # search page sent again with other variables) goes straight to graphql-core:
        # Strawberry's round of extension hooks around it cost a search page ~0.15 ms, a
        # sixth of its CPU, to find the same answers in BoundedDocuments' caches. Errors are
        # processed as Strawberry does (process_errors, then MaskUnexpectedErrors' pass), so
        # the answer is the same, which tests/schema/test_ready_queries.py checks.
        ready = None
        if allowed_operation_types is None or OperationType.QUERY in allowed_operation_types:
            ready = ready_query(query, operation_name, variable_values)
        if ready is None:
            return await super().execute(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                allowed_operation_types,
                operation_extensions,
            )
        document, name = ready
        try:
            outcome = execute(
                self._schema,
                document,
                root_value=root_value,
                variable_values=variable_values,
                operation_name=name,
                context_value=context_value,
                is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type]  # as Strawberry
                executor_class=self.execution_context_class,
                operation_extensions=operation_extensions,
            )
            result = await outcome if isawaitable(outcome) else outcome
            executed = True
        except Exception as error:  # as Strawberry's execute: masked below
            coerced = error if isinstance(error, GraphQLError) else None
            coerced = coerced or GraphQLError(str(error), original_error=error)
            result = GraphQLExecutionResult(data=None, errors=[coerced])
            executed = False
        assert isinstance(result, GraphQLExecutionResult)
        answer = ExecutionResult(data=result.data, errors=result.errors, extensions={})
        if answer.errors:
            context = ExecutionContext(
                query=query,
                schema=self,
                allowed_operations=allowed_operation_types or (OperationType.QUERY,),
                context=context_value,
                variables=variable_values,
                root_value=root_value,
                provided_operation_name=operation_name,
                graphql_document=document,
                result=result if executed else None,
            )
            self._process_errors(answer.errors, context)
            errors = list(answer.errors)
            log_and_mask(errors, log_client_errors=False)
            answer.errors = errors
        return answer

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


class _KeptNames(NameConverter):
    """Strawberry names each argument afresh on every call of its field (camelCase by regular
    expression, ~1 µs an argument): the names, a few hundred of the schema's, are kept."""

    def __init__(self) -> None:
        super().__init__()
        self._names: dict[str, str] = {}

    def apply_naming_config(self, name: str) -> str:
        found = self._names.get(name)
        if found is None:
            found = self._names[name] = super().apply_naming_config(name)
        return found


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
    config=StrawberryConfig(name_converter=_KeptNames()),
)
