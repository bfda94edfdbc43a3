"""« Offres similaires »: the live offers of the same domain and diploma level as an offer,
nearest first when it has a position, newest first otherwise; then, when those are too few,
the same domain at any level.

Read from the facet index (two bitmaps intersected, then a circle at a time around the offer),
never a scan of the offers: the cost follows the few offers shown, not the catalogue.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator

from pyroaring import BitMap

from models.clock import today
from models.offers.tables import Offer
from models.search.criteria import Facet
from models.search.facet_index import FacetIndex, current_facet_index

__all__ = ["MAX_SIMILAR", "similar_offers"]

MAX_SIMILAR = 10
# Circles tried in turn around the offer: a town and its suburbs, a department or two, a large
# region. Each intersection is small, so only its members' distances are computed; beyond the
# last, distance means little and the newest come first.
_RADII_KM = (30, 100, 300)
_NOTHING = BitMap()


def _tiers(index: FacetIndex, offer: Offer) -> Iterator[BitMap]:
    live = index.live(today())
    domain = index.bitmaps[Facet.DOMAINS].get(offer.domain_id, _NOTHING)  # type: ignore[attr-defined]
    level = index.bitmaps[Facet.DIPLOMA_LEVELS].get(offer.diploma_level, _NOTHING)
    same = live & domain & level
    yield same
    yield (live & domain) - same


def _nearest(index: FacetIndex, members: BitMap, offer: Offer, wanted: int) -> list[int]:
    """Up to `wanted` of `members`, nearest the offer first, then the newest of those without
    a position (or beyond the last circle)."""
    chosen: list[int] = []
    latitude, longitude = offer.latitude, offer.longitude
    if latitude is not None and longitude is not None:
        seen = BitMap()
        for radius in _RADII_KM:
            # Not index.near(): its cache of circles serves searches, one offer page's would
            # push theirs out.
            inside = (index.places.within(latitude, longitude, radius) & members) - seen
            if inside:
                # For equal distances (one commune), the newest first: the larger number.
                distances = (
                    (index.places.distance_km(seq, latitude, longitude) or 0.0, -seq)
                    for seq in inside
                )
                nearest = heapq.nsmallest(wanted - len(chosen), distances)
                chosen += [-negative for _, negative in nearest]
                seen |= inside
            if len(chosen) >= wanted:
                return chosen
        members = members - seen
    # Newest first: publication numbers grow with time.
    count = len(members)
    chosen += [members[count - 1 - i] for i in range(min(wanted - len(chosen), count))]
    return chosen


async def similar_offers(offer: Offer, *, first: int = 4) -> list[Offer]:
    """Up to `first` (at most MAX_SIMILAR) live offers like `offer`, itself left out."""
    if not 0 < first <= MAX_SIMILAR:
        raise ValueError(f"first must be between 1 and {MAX_SIMILAR}")
    index = await current_facet_index()
    seqs: list[int] = []
    for tier in _tiers(index, offer):
        if offer.seq is not None:
            tier.discard(offer.seq)
        seqs += _nearest(index, tier, offer, first - len(seqs))
        if len(seqs) >= first:
            break
    kept = index.cached_rows(seqs)
    missing = [seq for seq in seqs if seq not in kept]
    fetched = {o.seq: o for o in await Offer.filter(seq__in=missing)} if missing else {}
    rows = {**kept, **{seq: row for seq, row in fetched.items() if seq is not None}}
    return [rows[seq] for seq in seqs if seq in rows]
