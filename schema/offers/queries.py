"""Offer queries: the search with its facets, and one offer by reference."""

from __future__ import annotations

from typing import cast

import strawberry

from models.offers import get_offer
from models.reference import vocabulary
from models.search import (
    MAX_NEAR,
    MAX_PAGE_SIZE,
    MAX_RADIUS_KM,
    MIN_RADIUS_KM,
    Facet,
    InvalidCriteria,
    InvalidCursor,
    SearchCriteria,
    search_offers,
)
from schema.errors import bad_request
from schema.inputs import is_reference
from schema.offers.types import (
    FacetValue,
    Offer,
    OfferConnection,
    OfferEdge,
    OfferFacets,
    OfferType,
    offer_from_row,
    prepared_offer,
)
from schema.user_errors import api_field

__all__ = ["Near", "OfferFilter", "OfferQuery", "criteria_from_filter"]


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


@strawberry.input(
    description="Search criteria. Values within a list are OR-ed; different fields are AND-ed."
)
class OfferFilter:
    types: list[OfferType] | None = None
    keywords: str | None = strawberry.field(
        default=None,
        description="Words to find (accents and case ignored, French stemming); "
        'all must match; "quoted words" match as a phrase.',
    )
    diploma_level: str | None = None
    domains: list[str] | None = None
    administrations: list[str] | None = None
    regions: list[str] | None = None
    departments: list[str] | None = None
    countries: list[str] | None = None
    near: list[Near] | None = strawberry.field(
        default=None,
        description=f"Offers within reach of EVERY place given (home and school, say), at most "
        f"{MAX_NEAR}. Offers without a known commune (abroad, or an unknown town) never match. "
        "`OfferEdge.distanceKm` is measured from the first place.",
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
        description=f"Published offers matching the filter, newest first (with keywords: title "
        f"matches first), with facet counts. `first` is at most {MAX_PAGE_SIZE}."
    )
    async def offers(
        self, filter: OfferFilter | None = None, first: int = 20, after: str | None = None
    ) -> OfferConnection:
        if not 0 <= first <= MAX_PAGE_SIZE:
            raise bad_request(f"first must be between 0 and {MAX_PAGE_SIZE}", "INVALID_FIRST")
        criteria = await criteria_from_filter(filter)
        try:
            page = await search_offers(criteria, first=first, after=after)
        except InvalidCursor as error:
            raise bad_request(str(error), "INVALID_CURSOR", "after") from None
        words = await vocabulary()
        distances = page.distances or [None] * len(page.offers)
        edges = [
            OfferEdge(
                cursor=cursor,
                node=prepared_offer(row, words),
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
        )

    @strawberry.field(description="An offer by its reference (« A-2021-0192 »), or null.")
    async def offer(self, reference: str) -> Offer | None:
        if not is_reference(reference):
            return None
        row = await get_offer(reference)
        return offer_from_row(row, await vocabulary()) if row else None
