"""What makes search results explain themselves: their order, the words that matched, and
for an empty result the criteria to drop."""

from __future__ import annotations

from enum import Enum

import strawberry

from models.search import Highlights, Relaxation, SearchCriteria, SearchOrder
from schema.offers.criteria import CriteriaMirror

__all__ = [
    "NearCriteria",
    "OfferCriteria",
    "OfferHighlights",
    "OfferOrder",
    "OfferRelaxation",
    "offer_criteria",
    "offer_highlights",
    "offer_relaxation",
]


@strawberry.enum(description="The order of search results; newest first breaks every tie.")
class OfferOrder(Enum):
    RELEVANCE = strawberry.enum_value(
        SearchOrder.RELEVANCE.value,
        description="Offers whose title holds every keyword first, then the others "
        "(without keywords: newest first).",
    )
    NEWEST = strawberry.enum_value(SearchOrder.NEWEST.value, description="Newest published first.")
    DEADLINE = strawberry.enum_value(
        SearchOrder.DEADLINE.value,
        description="Application deadline (`expiresOn`) soonest first; offers without one last.",
    )
    DISTANCE = strawberry.enum_value(
        SearchOrder.DISTANCE.value,
        description="Nearest first. Needs a place in the filter; without one the query answers "
        "an error with code ORDER_NEEDS_PLACE.",
    )


@strawberry.type(
    description="The words that matched the keywords, as HTML: the offer's text is escaped "
    "and only `<mark>`…`</mark>` is added around each matching word (matched as the search "
    "matches: accents, case and French word endings ignored)."
)
class OfferHighlights:
    title: str = strawberry.field(description="The whole title, matching words marked.")
    extract: str | None = strawberry.field(
        description="About 200 characters of the offer's text (post description first, then "
        "profile, employer description…) around its first matching word, with « … » where "
        "the text is cut; null when only the title matches."
    )


def offer_highlights(found: Highlights | None) -> OfferHighlights | None:
    return OfferHighlights(title=found.title, extract=found.extract) if found else None


@strawberry.type(
    description="A place of search criteria as a result, field for field like the input "
    "`Near`: it can be sent back as it is."
)
class NearCriteria:
    place: str = strawberry.field(description="The commune's INSEE code (« 35238 »).")
    radius_km: int = strawberry.field(description="The radius in km.")


@strawberry.type(
    description="Search criteria as a result, field for field like `OfferFilter`: it can be "
    "sent back as the `filter` of `offers` as it is."
)
class OfferCriteria(CriteriaMirror[NearCriteria]):
    near: list[NearCriteria] = strawberry.field(
        description="The places, in their order: distances are measured from the first."
    )


def offer_criteria(criteria: SearchCriteria) -> OfferCriteria:
    near = [NearCriteria(place=n.commune_code, radius_km=n.radius_km) for n in criteria.near]
    return OfferCriteria.of(criteria, near)


@strawberry.type(description="A criterion to drop from a search that found nothing.")
class OfferRelaxation:
    label: str = strawberry.field(description="In French: « sans « Région : Bretagne » ».")
    count: int = strawberry.field(description="The offers the search finds without it.")
    filter: OfferCriteria = strawberry.field(description="The search without it.")


def offer_relaxation(relaxation: Relaxation) -> OfferRelaxation:
    return OfferRelaxation(
        label=relaxation.label,
        count=relaxation.count,
        filter=offer_criteria(relaxation.criteria),
    )
