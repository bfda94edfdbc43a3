"""The one home of search: criteria and facets, the keyword index, the facet index kept in
step with the offers table, and `search_offers` (one page of results with every facet's
counts, in a chosen order), the matched words marked (`highlight_offer`) and the rescue of an
empty search (`relax_search`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.search.criteria import (
        FACET_LABELS,
        MAX_NEAR,
        MAX_RADIUS_KM,
        MAX_VALUES_PER_FACET,
        MIN_RADIUS_KM,
        Facet,
        InvalidCriteria,
        Near,
        SearchCriteria,
        criteria_from_query,
        criteria_to_query,
        query_with_keywords,
    )
    from models.search.distance import distance_km
    from models.search.facet_index import current_facet_index
    from models.search.highlights import Highlights, highlight_offer
    from models.search.offers import (
        MAX_PAGE_SIZE,
        FacetValue,
        SearchPage,
        search_offers,
    )
    from models.search.ordering import (
        InvalidCursor,
        SearchOrder,
        order_from_query,
        order_to_query,
    )
    from models.search.place_words import within
    from models.search.relaxations import Relaxation, relax_search
    from models.search.similar import MAX_SIMILAR, similar_offers
    from models.search.text import html_to_text

__all__ = [
    "FACET_LABELS",
    "MAX_NEAR",
    "MAX_PAGE_SIZE",
    "MAX_RADIUS_KM",
    "MAX_SIMILAR",
    "MAX_VALUES_PER_FACET",
    "MIN_RADIUS_KM",
    "Facet",
    "FacetValue",
    "Highlights",
    "InvalidCriteria",
    "InvalidCursor",
    "Near",
    "Relaxation",
    "SearchCriteria",
    "SearchOrder",
    "SearchPage",
    "criteria_from_query",
    "criteria_to_query",
    "current_facet_index",
    "distance_km",
    "highlight_offer",
    "html_to_text",
    "order_from_query",
    "order_to_query",
    "query_with_keywords",
    "relax_search",
    "search_offers",
    "similar_offers",
    "within",
]

__getattr__ = exports_of(__name__, __file__)
