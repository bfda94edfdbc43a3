"""A place in French sentences: « à 20 km de Rennes », « d'Aurillac », « du Mans »."""

from __future__ import annotations

from models.search.criteria import Near
from models.search.text import fold

__all__ = ["from_place", "within"]

# « de » before these letters (accents ignored) is elided; a name beginning with « H » is
# elided too, as most French towns' h is mute (« d'Hazebrouck », « d'Hyères »): « Le Havre »
# and « La Hague » carry their article and are handled below.
_VOWELS = frozenset("aeiouyh")


def from_place(name: str) -> str:
    """« de » joined to a commune's name as French writes it: « de Rennes », « d'Aurillac »,
    « du Mans » (Le Mans), « des Sables-d'Olonne » (Les Sables-d'Olonne), « de La Rochelle »."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    first = fold(name[:1])
    if first and first in _VOWELS:
        return "d'" + name
    return "de " + name


def within(place: Near, radius_km: int | None = None) -> str:
    """« à 20 km de Rennes »: the place's radius, or another one."""
    radius = place.radius_km if radius_km is None else radius_km
    return f"à {radius} km {from_place(place.name or place.commune_code)}"
