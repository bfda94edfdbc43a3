"""The root schema: every area's queries merged, with limits and caches."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types

from schema.accounts.mutations import AccountMutation
from schema.accounts.queries import AccountQuery
from schema.documents.mutations import DocumentMutation
from schema.offers.mutations import OfferMutation
from schema.offers.queries import OfferQuery
from schema.offers.subscriptions import OfferSubscription
from schema.reference.queries import ReferenceQuery
from schema.searches.mutations import SavedSearchMutation

__all__ = ["MAX_DEPTH", "schema"]

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2_000


@strawberry.type
class NodeQuery:
    node: relay.Node = relay.node(description="Any object by its global id.")


Query = merge_types("Query", (OfferQuery, ReferenceQuery, AccountQuery, NodeQuery))
Mutation = merge_types(
    "Mutation", (AccountMutation, DocumentMutation, SavedSearchMutation, OfferMutation)
)

# Factories, so that each request gets fresh extension instances (the parse and validation
# caches themselves live at module level in Strawberry and are shared).
_EXTENSIONS: list[Any] = [
    lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
    lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
    lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
    lambda: ParserCache(maxsize=256),
    lambda: ValidationCache(maxsize=256),
]

schema = strawberry.Schema(
    query=Query, mutation=Mutation, subscription=OfferSubscription, extensions=_EXTENSIONS
)
