"""Which commune an offer's town is: the commune an offer names, or the one its city names.

An offer written before communes existed, or sent without one, says only « city » and
« department »: when the city's name, as the reference data compare names (accents, case,
dashes aside, « St » read as « Saint »), is that of a commune of the department, that commune
is the offer's (the largest when two share the name).
"""

from __future__ import annotations

from functools import cache

from models.reference.geography import Commune, communes, place_key

__all__ = ["commune_named"]


@cache
def _by_name() -> dict[tuple[str, str], Commune]:
    found: dict[tuple[str, str], Commune] = {}
    for place in sorted(communes(), key=lambda c: c.population):
        # The largest last: it wins a shared name.
        found[(place.department_code, place_key(place.name))] = place
    return found


def commune_named(city: str, department_code: str | None) -> Commune | None:
    if not city or not department_code:
        return None
    return _by_name().get((department_code, place_key(city)))
