"""The page of search results: edges with their highlights, facets, and the rescue of an
empty result. Highlights and relaxations are worked out only when a query selects them."""

from __future__ import annotations

import strawberry
from strawberry import relay

from models.offers import Offer as OfferRow
from models.search import SearchCriteria, highlight_offer, relax_search
from schema.offers.explained import (
    OfferHighlights,
    OfferRelaxation,
    offer_highlights,
    offer_relaxation,
)
from schema.offers.types import Offer, OfferFacets

__all__ = ["OfferConnection", "OfferEdge"]


@strawberry.type(description="One offer of a page of search results, with where it stands.")
class OfferEdge:
    cursor: str = strawberry.field(
        description="Opaque: pass it as `after` to get the offers that follow it, in the same "
        "`orderBy` only (another order answers an INVALID_CURSOR error). It stays valid while "
        "offers are published."
    )
    node: Offer = strawberry.field(description="The offer.")
    row: strawberry.Private[OfferRow]
    criteria: strawberry.Private[SearchCriteria]
    distance_km: float | None = strawberry.field(
        default=None,
        description="With `filter.near`: the offer's straight-line distance in km (to 0.1 km) "
        "from the FIRST place of `near`, between the communes' reference points; null "
        "without `near`.",
    )

    @strawberry.field(
        description="The words that matched the keywords, marked; null without keywords. "
        "Computed from the offer as the page holds it."
    )
    def highlights(self) -> OfferHighlights | None:
        return offer_highlights(highlight_offer(self.row, self.criteria.keyword_query))


@strawberry.type(description="A page of search results (Relay connection) with facet counts.")
class OfferConnection:
    edges: list[OfferEdge] = strawberry.field(
        description="The offers of this page, in the order asked; at most `first`."
    )
    page_info: relay.PageInfo = strawberry.field(
        description="Whether there is a next page, and the cursor (`endCursor`) to ask for it."
    )
    total_count: int = strawberry.field(
        description="How many offers match the filter in all, across every page."
    )
    facets: OfferFacets = strawberry.field(
        description="For each facet, the values with the number of offers each would give."
    )
    criteria: strawberry.Private[SearchCriteria]
    did_you_mean: str | None = strawberry.field(
        default=None,
        description=(
            "When the keywords find no offer because a word of theirs is in none: the same"
            " keywords with that word replaced by the closest word of the catalogue (« numerque »"
            " → « numerique »), to offer the user; null otherwise. The search itself is never"
            " changed."
        ),
    )

    @strawberry.field(
        description="When the search finds nothing: each criterion that could be dropped "
        "(a facet's selection, the diploma level, a keyword or a quoted phrase) with the "
        "number of offers the search would find without it, most first, only those finding "
        "some, at most 8. Empty when the search finds offers."
    )
    async def relaxations(self) -> list[OfferRelaxation]:
        if self.total_count:
            return []
        return [offer_relaxation(r) for r in await relax_search(self.criteria)]
