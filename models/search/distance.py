"""Great-circle distances, and the one test of « within N km » behind every search by place: the
index, the alert matcher and the live subscriptions all ask `Circle.contains`, so that they
agree on an offer lying right at the edge of a circle, to the last bit."""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

__all__ = ["EARTH_RADIUS_KM", "Circle", "distance_km", "haversine_term", "km_of_term"]

# The mean Earth radius (IUGG): at French latitudes the haversine error is below 0.5 %, far less
# than the size of a commune, which is what an offer's position stands for.
EARTH_RADIUS_KM = 6371.0088


def distance_km(
    latitude: float, longitude: float, other_latitude: float, other_longitude: float
) -> float:
    """The haversine distance, for showing (`distanceKm`) and for ordering."""
    return km_of_term(haversine_term(latitude, longitude, other_latitude, other_longitude))


def haversine_term(
    latitude: float, longitude: float, other_latitude: float, other_longitude: float
) -> float:
    """The haversine's inner term, which grows with the distance: points sorted by it are
    sorted by `distance_km`, whose arc sine and square root are then needed only for those
    shown."""
    phi1, phi2 = radians(latitude), radians(other_latitude)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = radians(other_longitude - longitude) / 2
    return sin(half_dphi) ** 2 + cos(phi1) * cos(phi2) * sin(half_dlambda) ** 2


def km_of_term(h: float) -> float:
    """The distance of a haversine inner term: `distance_km` is exactly this of that."""
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))


class Circle:
    """The points at most `radius_km` from a centre. The haversine's inner term is compared with
    its value at the radius (the rest of the formula only grows with it), which spares an arc
    sine and a square root per point; a point's radians and cosine can be given ready-made."""

    __slots__ = ("_cos_phi", "_lambda", "_limit", "_phi")

    def __init__(self, latitude: float, longitude: float, radius_km: float) -> None:
        self._phi = radians(latitude)
        self._cos_phi = cos(self._phi)
        self._lambda = radians(longitude)
        half = sin(min(radius_km / (2 * EARTH_RADIUS_KM), 1.5))
        self._limit = half * half

    def contains(self, latitude: float, longitude: float) -> bool:
        phi = radians(latitude)
        return self.contains_prepared(phi, radians(longitude), cos(phi))

    def contains_prepared(self, phi: float, lambda_: float, cos_phi: float) -> bool:
        """`contains` for a point given as radians(latitude), radians(longitude) and the cosine
        of the first: the very values `contains` computes."""
        a = sin((phi - self._phi) / 2)
        b = sin((lambda_ - self._lambda) / 2)
        return a * a + self._cos_phi * cos_phi * b * b <= self._limit
