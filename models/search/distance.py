"""Great-circle distance between two points, the one formula behind every « within N km »:
the index, the alert matcher and the results' distances all call this function, so that they
agree on an offer lying right at the edge of a circle."""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

__all__ = ["EARTH_RADIUS_KM", "distance_km"]

# The mean Earth radius (IUGG): at French latitudes the haversine error is below 0.5 %, far less
# than the size of a commune, which is what an offer's position stands for.
EARTH_RADIUS_KM = 6371.0088


def distance_km(
    latitude: float, longitude: float, other_latitude: float, other_longitude: float
) -> float:
    phi1, phi2 = radians(latitude), radians(other_latitude)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = radians(other_longitude - longitude) / 2
    h = sin(half_dphi) ** 2 + cos(phi1) * cos(phi2) * sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))
