"""Offer queries: the search with its facets, and one offer by reference."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, cast

import strawberry

from models.offers import get_offer
from models.reference import vocabulary
from models.search import (
    MAX_NEAR,
    MAX_PAGE_SIZE,
    MAX_RADIUS_KM,
    MAX_VALUES_PER_FACET,
    MIN_RADIUS_KM,
    Facet,
    InvalidCriteria,
    InvalidCursor,
    SearchCriteria,
    SearchOrder,
    search_offers,
)
from schema.errors import bad_request
from schema.fast_inputs import fast_input
from schema.inputs import is_reference
from schema.offers.connection import OfferConnection, OfferEdge
from schema.offers.explained import OfferOrder
from schema.offers.types import (
    FacetValue,
    Offer,
    OfferFacets,
    OfferType,
    offer_from_row,
    prepared_offer,
)
from schema.user_errors import api_field

__all__ = ["Near", "OfferFilter", "OfferQuery", "criteria_from_filter"]


@fast_input
@strawberry.input(description="Within `radiusKm` km of a place (straight-line distance).")
class Near:
    place: str = strawberry.field(
        description="A commune: its INSEE code (« 67482 »), a postal code (« 67000 ») or its "
        "name (« Strasbourg »; the most populous of communes sharing a name). The code of "
        "`places` is the unambiguous choice."
    )
    radius_km: int = strawberry.field(
        description=f"From {MIN_RADIUS_KM} to {MAX_RADIUS_KM} km. Offers take the position of "
        "their commune (its reference point, usually its town hall)."
    )


def _codes(query: str, one: str, example: str = "") -> str:
    shown = f" ({example})" if example else ""
    return (
        f"Codes of `{query}`{shown}, any of them; null or empty: every {one}. At most "
        f"{MAX_VALUES_PER_FACET} codes; an unknown code or more codes are an error "
        "(UNKNOWN_CODE, TOO_MANY_VALUES)."
    )


@fast_input
@strawberry.input(
    description="Search criteria. Values within a list are OR-ed; different fields are AND-ed."
)
class OfferFilter:
    types: list[OfferType] | None = strawberry.field(
        default=None, description="Kinds of offer, any of them; null or empty: every kind."
    )
    keywords: str | None = strawberry.field(
        default=None,
        description="Words to find (accents and case ignored, French stemming); "
        'all must match; "quoted words" match as a phrase.',
    )
    diploma_level: str | None = strawberry.field(
        default=None,
        description="A code of `diplomaLevels` (« 6 »): offers of exactly that level; null or "
        "empty: any level.",
    )
    domains: list[str] | None = strawberry.field(
        default=None, description=_codes("domains", "domain")
    )
    administrations: list[str] | None = strawberry.field(
        default=None, description=_codes("administrations", "administration")
    )
    regions: list[str] | None = strawberry.field(
        default=None, description=_codes("regions", "region", "« IDF », « 971 »")
    )
    departments: list[str] | None = strawberry.field(
        default=None, description=_codes("departments", "department", "« 75 », « 2A »")
    )
    countries: list[str] | None = strawberry.field(
        default=None, description=_codes("countries", "country", "ISO 3166-1 alpha-2, « DE »")
    )
    near: list[Near] | None = strawberry.field(
        default=None,
        description=f"Offers within reach of EVERY place given (home and school, say), at most "
        f"{MAX_NEAR}. Offers without a known commune (abroad, or an unknown town) never match. "
        "`OfferEdge.distanceKm` is measured from the first place.",
    )
    published_since: datetime | None = strawberry.field(
        default=None,
        description="Offers published at or after this instant (inclusive; `Offer.publishedAt`); "
        "without an offset it is read as UTC. For queries only: `saveSearch` refuses it "
        "(`userErrors` code INVALID) and `offerPublished` answers UNSUPPORTED_FILTER.",
    )
    updated_since: datetime | None = strawberry.field(
        default=None,
        description="Offers published or last updated at or after this instant (inclusive; "
        "`Offer.updatedAt`); without an offset it is read as UTC. For queries only, like "
        "`publishedSince`. `offerChanges` also lists withdrawn and expired offers.",
    )


async def build_criteria(search: OfferFilter | None) -> SearchCriteria:
    """The filter as search criteria; raises InvalidCriteria for an unknown code."""
    search = search or OfferFilter()
    return SearchCriteria.build(
        types=[t.value for t in search.types or ()],
        keywords=search.keywords,
        diploma_level=search.diploma_level,
        domains=search.domains or (),
        administrations=search.administrations or (),
        regions=search.regions or (),
        departments=search.departments or (),
        countries=search.countries or (),
        near=[(n.place, n.radius_km) for n in (search.near or ())[: MAX_NEAR + 1]],
        published_since=search.published_since,
        updated_since=search.updated_since,
        vocabulary=await vocabulary(),
    )


async def criteria_from_filter(search: OfferFilter | None) -> SearchCriteria:
    """For queries and subscriptions: a wrong filter is the client's bug, a GraphQL error."""
    try:
        return await build_criteria(search)
    except InvalidCriteria as error:
        field = api_field(f"filter.{error.field}")
        raise bad_request(error.message, error.code.value, field) from None


@strawberry.type
class OfferQuery:
    @strawberry.field(
        description=f"Published offers matching the filter, in the order asked (by default "
        f"title matches first, then newest), with facet counts. `first` is at most "
        f"{MAX_PAGE_SIZE}; `after` takes a cursor of the same order only."
    )
    async def offers(
        self,
        filter: Annotated[
            OfferFilter | None,
            strawberry.argument(
                description="The criteria; null: every published offer. A wrong value is a "
                "GraphQL error whose `extensions.code` says why (UNKNOWN_CODE, "
                "TOO_MANY_VALUES, UNKNOWN_PLACE, INVALID_RADIUS) and `extensions.field` where."
            ),
        ] = None,
        first: Annotated[
            int,
            strawberry.argument(
                description=f"Offers per page, from 0 (counts and facets only) to "
                f"{MAX_PAGE_SIZE}; outside, an INVALID_FIRST error."
            ),
        ] = 20,
        after: Annotated[
            str | None,
            strawberry.argument(
                description="The `endCursor` of the previous page (or any edge's `cursor`) "
                "asked with the same `orderBy`; null for the first page. A cursor that is not "
                "one is an INVALID_CURSOR error."
            ),
        ] = None,
        order_by: Annotated[
            OfferOrder,
            strawberry.argument(
                description="The order of the results; DISTANCE needs a place in `filter.near`."
            ),
        ] = OfferOrder.RELEVANCE,
    ) -> OfferConnection:
        if not 0 <= first <= MAX_PAGE_SIZE:
            raise bad_request(f"first must be between 0 and {MAX_PAGE_SIZE}", "INVALID_FIRST")
        criteria = await criteria_from_filter(filter)
        try:
            page = await search_offers(
                criteria, first=first, after=after, order=SearchOrder[order_by.name]
            )
        except InvalidCursor as error:
            raise bad_request(str(error), "INVALID_CURSOR", "after") from None
        except InvalidCriteria as error:  # an order the criteria cannot give (DISTANCE)
            raise bad_request(error.message, error.code.value, "orderBy") from None
        words = await vocabulary()
        distances = page.distances or [None] * len(page.offers)
        edges = [
            OfferEdge(
                cursor=cursor,
                node=prepared_offer(row, words),
                row=row,
                criteria=criteria,
                distance_km=None if distance is None else round(distance, 1),
            )
            for cursor, row, distance in zip(page.cursors, page.offers, distances, strict=True)
        ]
        # The search's own facet values have the four fields of the API's FacetValue, and
        # completing an object only reads its attributes (schema.fast_execution, or
        # Strawberry's default resolvers): they are served as they are rather than copied
        # into a hundred new objects per page.
        facets = cast(dict[str, list[FacetValue]], {f.value: page.facets[f] for f in Facet})
        # The API's offer types are its enum's names (`STAGE`), which `filter.types` takes.
        facets[Facet.TYPES.value] = [
            FacetValue(
                value=OfferType(v.value).name, label=v.label, count=v.count, selected=v.selected
            )
            for v in page.facets[Facet.TYPES]
        ]
        return OfferConnection(
            edges=edges,
            page_info=strawberry.relay.PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=page.start_cursor,
                end_cursor=page.end_cursor,
            ),
            total_count=page.total,
            facets=OfferFacets(**facets),
            did_you_mean=page.did_you_mean,
            criteria=criteria,
        )

    @strawberry.field(description="An offer by its reference (« A-2021-0192 »), or null.")
    async def offer(
        self,
        reference: Annotated[
            str,
            strawberry.argument(
                description="The offer's `reference`, as it is (« A-2021-0192 »). Drafts and "
                "unknown references give null."
            ),
        ],
    ) -> Offer | None:
        if not is_reference(reference):
            return None
        row = await get_offer(reference)
        return offer_from_row(row, await vocabulary()) if row else None
