"""Where the published offers are, for « within N km of a place », as roaring bitmaps.

Offers take the position of their commune, so a million offers stand on a few tens of
thousands of distinct points. Each point keeps the bitmap of its offers, and the points are
grouped in cells of a latitude/longitude grid, each cell with the union of its points' offers.
A circle is then: the cells entirely inside it (their bitmaps, unread), the points of the cells
it crosses (an exact test each, `Circle.contains`, the one the alert matcher makes), nothing
of the cells outside. Per offer, only its position is kept, in two arrays of doubles indexed by
publication number (NaN: no position), to forget it and to tell its distance.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections.abc import Iterable, Iterator
from functools import cache

from pyroaring import BitMap

from models.search.distance import (
    EARTH_RADIUS_KM,
    Circle,
    distance_km,
    km_of_term,
)

__all__ = ["CELL_DEGREES", "PlaceIndex"]

# A cell is about 22 km × 15 km in mainland France: a 5 km circle touches a few cells, a 200 km
# one a few hundred, most of them wholly inside.
CELL_DEGREES = 0.2
_CELLS_AROUND = round(360 / CELL_DEGREES)
# Float rounding between the cell bound and the exact distance of a point: cells this close to
# the edge are looked at point by point.
_EDGE_KM = 1e-6

Point = tuple[float, float]
Cell = tuple[int, int]


def _cell(latitude: float, longitude: float) -> Cell:
    return math.floor(latitude / CELL_DEGREES), _wrapped(math.floor(longitude / CELL_DEGREES))


def _wrapped(column: int) -> int:
    half = _CELLS_AROUND // 2
    return (column + half) % _CELLS_AROUND - half


def _inner_term(distance_km: float) -> float:
    """The haversine's inner term at a distance (capped at the antipode's)."""
    return math.sin(min(distance_km / (2 * EARTH_RADIUS_KM), math.pi / 2)) ** 2


def _first(pair: tuple[float, object]) -> float:
    return pair[0]


@cache
def _half_diagonal(row: int) -> float:
    """An upper bound of the distance from a cell's middle to any point of it (cells of one row
    are alike): the farthest point of a lat/lon rectangle from its middle is a corner."""
    south, north = row * CELL_DEGREES, (row + 1) * CELL_DEGREES
    middle = (south + north) / 2
    half = CELL_DEGREES / 2
    corners = [
        distance_km(middle, 0.0, lat, lon) for lat in (south, north) for lon in (-half, half)
    ]
    return max(corners) * 1.001


class PlaceIndex:
    def __init__(self) -> None:
        self.latitudes = array("d")
        self.longitudes = array("d")
        self.points: dict[Cell, dict[Point, BitMap]] = {}
        self.cells: dict[Cell, BitMap] = {}

    def __len__(self) -> int:
        return sum(len(b) for b in self.cells.values())

    def load(
        self, seqs: Iterable[int], latitudes: Iterable[float], longitudes: Iterable[float]
    ) -> None:
        """Takes many offers at once (a new index): grouped by point before any bitmap is made."""
        grouped: dict[Point, list[int]] = {}
        for seq, latitude, longitude in zip(seqs, latitudes, longitudes, strict=True):
            if latitude == latitude and longitude == longitude:  # not NaN
                grouped.setdefault((latitude, longitude), []).append(seq)
        if not grouped:
            return
        self._grow(max(max(members) for members in grouped.values()) + 1)
        for point, members in grouped.items():
            bitmap = BitMap(members)
            for seq in members:
                self.latitudes[seq], self.longitudes[seq] = point
            self._add(point, bitmap)
        for bitmap in itertools.chain(self.cells.values(), self._point_bitmaps()):
            bitmap.run_optimize()
            bitmap.shrink_to_fit()

    def put(self, seq: int, latitude: float | None, longitude: float | None) -> None:
        """Places one offer (after `discard` of its former place, if it had one)."""
        if latitude is None or longitude is None:
            return
        self._grow(seq + 1)
        self.latitudes[seq], self.longitudes[seq] = latitude, longitude
        self._add((latitude, longitude), BitMap([seq]))

    def discard(self, seq: int) -> None:
        if seq >= len(self.latitudes):
            return
        latitude, longitude = self.latitudes[seq], self.longitudes[seq]
        if latitude != latitude:
            return
        self.latitudes[seq] = self.longitudes[seq] = math.nan
        cell = _cell(latitude, longitude)
        points = self.points.get(cell)
        if points is None:
            return
        point = (latitude, longitude)
        members = points.get(point)
        if members is not None:
            members.discard(seq)
            if not members:
                del points[point]
        self.cells[cell].discard(seq)
        if not points:
            del self.points[cell]
            del self.cells[cell]

    def position(self, seq: int) -> Point | None:
        if seq >= len(self.latitudes) or self.latitudes[seq] != self.latitudes[seq]:
            return None
        return self.latitudes[seq], self.longitudes[seq]

    def distance_km(self, seq: int, latitude: float, longitude: float) -> float | None:
        """The offer's distance from a point, None when it has no position."""
        found = self.position(seq)
        if found is None:
            return None
        return distance_km(latitude, longitude, *found)

    def within(self, latitude: float, longitude: float, radius_km: float) -> BitMap:
        """The offers at most `radius_km` from the point."""
        circle = Circle(latitude, longitude, radius_km)
        whole: list[BitMap] = []
        for cell, points, crossing in self._cells_near(latitude, longitude, radius_km):
            if not crossing:
                whole.append(self.cells[cell])
                continue
            contains = circle.contains
            whole.extend(members for (lat, lon), members in points.items() if contains(lat, lon))
        if not whole:
            return BitMap()
        return BitMap.union(*whole) if len(whole) > 1 else BitMap(whole[0])

    def by_distance(
        self,
        members: BitMap,
        latitude: float,
        longitude: float,
        radius_km: float,
        from_metres: int = 0,
    ) -> Iterator[tuple[float, BitMap]]:
        """The offers of `members` within the radius, grouped by distance, nearest first: what
        ordering by distance needs, one distance per point rather than per offer.

        Lazy: the points are sorted by distance first, and each is intersected with `members`
        only when the caller reads that far (a page of 20 reads the nearest few). When
        `members` are fewer than the circle's points (keywords, facets), they are grouped by
        their own positions instead, one look-up each. Points nearer than `from_metres` (in
        whole metres, as a cursor names them) are left out unread."""
        circle = Circle(latitude, longitude, radius_km)
        reached = list(self._cells_near(latitude, longitude, radius_km))
        if len(members) < sum(len(points) for _, points, _ in reached):
            for distance, seqs in self._members_by_distance(members, circle, latitude, longitude):
                if int(distance * 1000) >= from_metres:
                    yield distance, seqs
            return
        located: list[tuple[float, BitMap]] = []
        # haversine_term(latitude, longitude, lat, lon) inlined, the same operations in the
        # same order (so the same bits), the centre's radians and cosine computed once.
        phi1 = math.radians(latitude)
        cos1 = math.cos(phi1)
        radians, sin, cos = math.radians, math.sin, math.cos
        for _, points, crossing in reached:
            for (lat, lon), offers in points.items():
                if not crossing or circle.contains(lat, lon):
                    phi2 = radians(lat)
                    term = (
                        sin((phi2 - phi1) / 2) ** 2
                        + cos1 * cos(phi2) * sin(radians(lon - longitude) / 2) ** 2
                    )
                    located.append((term, offers))
        located.sort(key=_first)
        for term, offers in located:
            distance = km_of_term(term)
            if int(distance * 1000) < from_metres:
                continue
            shared = offers & members
            if shared:
                yield distance, shared

    def _members_by_distance(
        self, members: BitMap, circle: Circle, latitude: float, longitude: float
    ) -> Iterator[tuple[float, BitMap]]:
        grouped: dict[Point, list[int]] = {}
        latitudes, longitudes = self.latitudes, self.longitudes
        size = len(latitudes)
        for seq in members:
            if seq < size:
                point = (latitudes[seq], longitudes[seq])
                if point[0] == point[0]:  # not NaN
                    grouped.setdefault(point, []).append(seq)
        located = [
            (distance_km(latitude, longitude, lat, lon), seqs)
            for (lat, lon), seqs in grouped.items()
            if circle.contains(lat, lon)
        ]
        located.sort(key=_first)
        for distance, seqs in located:
            yield distance, BitMap(seqs)

    def _cells_near(
        self, latitude: float, longitude: float, radius_km: float
    ) -> Iterator[tuple[Cell, dict[Point, BitMap], bool]]:
        """The occupied cells the circle may reach, each saying whether the circle crosses it
        (False: the cell is wholly inside)."""
        reach = math.degrees(radius_km / EARTH_RADIUS_KM)
        south, north = latitude - reach, latitude + reach
        rows = range(math.floor(south / CELL_DEGREES), math.floor(north / CELL_DEGREES) + 1)
        widest = max(abs(south), abs(north))
        # The circle's longitudes at its widest latitude, and a cell more on each side for the
        # approximation: the cells are then told apart by exact bounds below.
        span = 360.0 if widest >= 89 else reach / math.cos(math.radians(widest)) + CELL_DEGREES
        if span >= 180:
            columns: range | None = None
        else:
            columns = range(
                math.floor((longitude - span) / CELL_DEGREES),
                math.floor((longitude + span) / CELL_DEGREES) + 1,
            )
        # A cell's middle at distance d holds points from d - half to d + half away (`half`:
        # its half-diagonal): wholly inside when d + half < radius, outside when d - half >
        # radius. Distances are compared through the haversine's inner term, monotonic in them:
        # h = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2), whose first part is the same along a row.
        phi = math.radians(latitude)
        cos_phi = math.cos(phi)
        for row in rows:
            half = _half_diagonal(row) + _EDGE_KM
            outer = _inner_term(radius_km + half)
            inner = _inner_term(radius_km - half) if radius_km > half else -1.0
            middle_phi = math.radians((row + 0.5) * CELL_DEGREES)
            along = math.sin((middle_phi - phi) / 2) ** 2
            across = cos_phi * math.cos(middle_phi)
            cells = (
                [c for c in self.points if c[0] == row]
                if columns is None
                else [(row, _wrapped(column)) for column in columns]
            )
            for cell in cells:
                points = self.points.get(cell)
                if points is None:
                    continue
                dlambda = math.radians((cell[1] + 0.5) * CELL_DEGREES) - math.radians(longitude)
                h = along + across * math.sin(dlambda / 2) ** 2
                if h > outer:
                    continue
                yield cell, points, h >= inner

    def _add(self, point: Point, offers: BitMap) -> None:
        cell = _cell(*point)
        points = self.points.get(cell)
        if points is None:
            points = self.points[cell] = {}
            self.cells[cell] = BitMap()
        members = points.get(point)
        if members is None:
            points[point] = BitMap(offers)
        else:
            members |= offers
        self.cells[cell] |= offers

    def _point_bitmaps(self) -> Iterable[BitMap]:
        for points in self.points.values():
            yield from points.values()

    def _grow(self, size: int) -> None:
        if len(self.latitudes) < size:
            more = size - len(self.latitudes)
            self.latitudes.extend(itertools.repeat(math.nan, more))
            self.longitudes.extend(itertools.repeat(math.nan, more))
