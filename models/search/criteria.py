"""Search criteria: the one value object behind searches, saved searches, alerts and feeds.

Within a facet the selected values are OR-ed; across facets they are AND-ed. Codes are checked
against the reference data: an unknown code is an error the caller can show, never a silent
empty result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from enum import StrEnum

from models.reference import geography
from models.reference.catalogue import OfferType
from models.reference.labels import Vocabulary
from models.search.distance import Circle
from models.search.errors import SearchErrorCode
from models.search.text import KeywordQuery, parse_keywords

__all__ = [
    "FACETS",
    "FACET_LABELS",
    "MAX_NEAR",
    "MAX_RADIUS_KM",
    "MAX_VALUES_PER_FACET",
    "MIN_RADIUS_KM",
    "Facet",
    "InvalidCriteria",
    "Near",
    "SearchCriteria",
    "criteria_from_query",
    "criteria_to_query",
    "query_with_keywords",
]

MAX_VALUES_PER_FACET = 100
MAX_KEYWORDS_LENGTH = 10_000
# « Within reach »: from a walk to a long daily commute; beyond 200 km a region says it better.
MIN_RADIUS_KM = 1
MAX_RADIUS_KM = 200
# Home, school, a second home…: a few places, each one more circle to intersect.
MAX_NEAR = 5
_PLACE_MAX_LENGTH = 100


class Facet(StrEnum):
    TYPES = "types"
    DIPLOMA_LEVELS = "diploma_levels"
    DOMAINS = "domains"
    ADMINISTRATIONS = "administrations"
    REGIONS = "regions"
    DEPARTMENTS = "departments"
    COUNTRIES = "countries"


FACETS: tuple[Facet, ...] = tuple(Facet)

# Each facet's name as the search form shows it, for messages about a criterion.
FACET_LABELS: Mapping[Facet, str] = {
    Facet.TYPES: "Type d'offre",
    Facet.DIPLOMA_LEVELS: "Niveau de diplôme",
    Facet.DOMAINS: "Domaine d'activité",
    Facet.ADMINISTRATIONS: "Administration de rattachement",
    Facet.REGIONS: "Région",
    Facet.DEPARTMENTS: "Département",
    Facet.COUNTRIES: "Pays",
}


class InvalidCriteria(ValueError):
    """A criterion names something that does not exist; `field` says which criterion (its
    name in `SearchCriteria`)."""

    def __init__(self, field_name: str, code: SearchErrorCode, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Near:
    """Within `radius_km` of a commune (INSEE code); its position and name are kept so that
    the search, the matcher and the wording need no lookup (they follow from the code)."""

    commune_code: str
    radius_km: int
    latitude: float = field(compare=False)
    longitude: float = field(compare=False)
    name: str = field(compare=False, default="")

    @property
    def circle(self) -> Circle:
        return Circle(self.latitude, self.longitude, self.radius_km)


@dataclass(frozen=True, slots=True)
class SearchCriteria:
    types: frozenset[OfferType] = frozenset()
    keywords: str = ""
    diploma_level: str | None = None
    domains: frozenset[str] = frozenset()
    administrations: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    # Offers within reach of every one of these places; the first is the one distances are
    # measured from (`distanceKm`, ordering by distance).
    near: tuple[Near, ...] = ()
    # API only (mirrors): offers published, or last changed for the public, at or after these
    # instants (UTC). Never in a site address, a saved search or an alert: new offers are what
    # those follow already.
    published_since: datetime | None = None
    updated_since: datetime | None = None
    _parsed: KeywordQuery = field(default=KeywordQuery(), compare=False, repr=False)

    @classmethod
    def build(
        cls,
        *,
        types: Iterable[str] = (),
        keywords: str | None = None,
        diploma_level: str | None = None,
        domains: Iterable[str] = (),
        administrations: Iterable[str] = (),
        regions: Iterable[str] = (),
        departments: Iterable[str] = (),
        countries: Iterable[str] = (),
        near: Iterable[tuple[str, int]] = (),
        published_since: datetime | None = None,
        updated_since: datetime | None = None,
        vocabulary: Vocabulary,
    ) -> SearchCriteria:
        """Checks every code; raises InvalidCriteria naming the first wrong one."""
        parsed_types = frozenset(_parse_types(types))
        level = diploma_level or None
        if level is not None and level not in vocabulary.diploma_levels:
            raise InvalidCriteria(
                "diploma_level",
                SearchErrorCode.UNKNOWN_CODE,
                f"Code inconnu pour « {FACET_LABELS[Facet.DIPLOMA_LEVELS]} » : {level}",
            )
        given = {
            Facet.DOMAINS: domains,
            Facet.ADMINISTRATIONS: administrations,
            Facet.REGIONS: regions,
            Facet.DEPARTMENTS: departments,
            Facet.COUNTRIES: countries,
        }
        checked = {
            facet.value: _checked(
                facet.value, values, vocabulary.of(facet.value), FACET_LABELS[facet]
            )
            for facet, values in given.items()
        }
        text = " ".join((keywords or "")[:MAX_KEYWORDS_LENGTH].split())
        return cls(
            types=parsed_types,
            keywords=text,
            diploma_level=level,
            near=_parse_near(near),
            published_since=_instant(published_since),
            updated_since=_instant(updated_since),
            _parsed=parse_keywords(text),
            **checked,
        )

    @property
    def keyword_query(self) -> KeywordQuery:
        return self._parsed

    def selected(self, facet: Facet) -> frozenset[str]:
        if facet is Facet.DIPLOMA_LEVELS:
            return frozenset({self.diploma_level}) if self.diploma_level else frozenset()
        if facet is Facet.TYPES:
            return frozenset(t.value for t in self.types)
        value: frozenset[str] = getattr(self, facet.value)
        return value

    def is_empty(self) -> bool:
        return (
            not self.keyword_query
            and not self.near
            and not self.has_dates()
            and not any(self.selected(f) for f in FACETS)
        )

    def has_dates(self) -> bool:
        """Whether the API-only date criteria are set (refused by saved searches)."""
        return self.published_since is not None or self.updated_since is not None

    def without_keywords(self) -> SearchCriteria:
        return replace(self, keywords="", _parsed=KeywordQuery())


def _instant(moment: datetime | None) -> datetime | None:
    """An instant in UTC; one without an offset is read as UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _parse_types(values: Iterable[str]) -> Iterable[OfferType]:
    for value in values:
        try:
            yield OfferType(value)
        except ValueError:
            message = f"Code inconnu pour « {FACET_LABELS[Facet.TYPES]} » : {value}"
            raise InvalidCriteria("types", SearchErrorCode.UNKNOWN_CODE, message) from None


def _parse_near(entries: Iterable[tuple[str, int]]) -> tuple[Near, ...]:
    """Each place resolved to its commune (INSEE code, postal code or name); a repeated entry
    counts once. Stops reading at the first entry beyond MAX_NEAR."""
    found: list[Near] = []
    for number, (place, radius) in enumerate(entries):
        if number >= MAX_NEAR:
            raise InvalidCriteria(
                "near", SearchErrorCode.TOO_MANY_VALUES, f"« Lieu » : {MAX_NEAR} lieux au plus"
            )
        text = " ".join(str(place).split())
        if isinstance(radius, bool) or not isinstance(radius, int):
            raise InvalidCriteria(
                "near", SearchErrorCode.INVALID_RADIUS, f"Rayon non valide : « {radius} »"
            )
        if not MIN_RADIUS_KM <= radius <= MAX_RADIUS_KM:
            raise InvalidCriteria(
                "near",
                SearchErrorCode.INVALID_RADIUS,
                f"Le rayon doit être compris entre {MIN_RADIUS_KM} et {MAX_RADIUS_KM} km "
                f"(et non {radius} km)",
            )
        commune = geography.resolve_place(text) if 0 < len(text) <= _PLACE_MAX_LENGTH else None
        if commune is None:
            shown = text if len(text) <= 60 else text[:60] + "…"
            raise InvalidCriteria("near", SearchErrorCode.UNKNOWN_PLACE, f"Lieu inconnu : {shown}")
        entry = Near(commune.code, radius, commune.latitude, commune.longitude, commune.name)
        if entry not in found:
            found.append(entry)
    return tuple(found)


def _checked(
    name: str, values: Iterable[str], known: Mapping[str, str], label: str
) -> frozenset[str]:
    chosen = frozenset(v for v in values if v)
    if len(chosen) > MAX_VALUES_PER_FACET:
        raise InvalidCriteria(
            name,
            SearchErrorCode.TOO_MANY_VALUES,
            f"« {label} » : {MAX_VALUES_PER_FACET} valeurs au plus",
        )
    unknown = sorted(chosen - known.keys())
    if unknown:
        raise InvalidCriteria(
            name,
            SearchErrorCode.UNKNOWN_CODE,
            f"Code inconnu pour « {label} » : {', '.join(unknown)}",
        )
    return chosen


# URL parameter names, in French because candidates see and share these addresses.
_QUERY_NAMES: Mapping[str, str] = {
    "types": "type",
    "keywords": "q",
    "diploma_level": "niveau",
    "domains": "domaine",
    "administrations": "administration",
    "regions": "region",
    "departments": "departement",
    "countries": "pays",
}
# One `pres=67482:20` (commune's INSEE code, radius in km) per place, in the order given.
_NEAR_NAME = "pres"


def criteria_to_query(criteria: SearchCriteria) -> list[tuple[str, str]]:
    """The URL query of a search, stable in order so equal searches share one address."""
    pairs: list[tuple[str, str]] = []
    for f in fields(SearchCriteria):
        if f.name == "near":
            pairs.extend((_NEAR_NAME, f"{n.commune_code}:{n.radius_km}") for n in criteria.near)
            continue
        name = _QUERY_NAMES.get(f.name)
        if name is None:
            continue
        value = getattr(criteria, f.name)
        if isinstance(value, frozenset):
            pairs.extend((name, str(v)) for v in sorted(value))
        elif value:
            pairs.append((name, str(value)))
    return pairs


def query_with_keywords(pairs: Iterable[tuple[str, str]], keywords: str) -> list[tuple[str, str]]:
    """A search's URL query with other keywords, every other parameter kept as it was (in its
    place): the « Vouliez-vous dire » link of a results page."""
    name = _QUERY_NAMES["keywords"]
    changed: list[tuple[str, str]] = []
    for key, value in pairs:
        if key != name:
            changed.append((key, value))
        elif not any(k == name for k, _ in changed):
            changed.append((name, keywords))
    if not any(k == name for k, _ in changed):
        changed.append((name, keywords))
    return changed


def criteria_from_query(
    params: Mapping[str, Sequence[str]],
    vocabulary: Vocabulary,
) -> SearchCriteria:
    def many(attr: str) -> list[str]:
        return list(params.get(_QUERY_NAMES[attr], ()))

    def one(attr: str) -> str | None:
        values = many(attr)
        return values[0] if values else None

    return SearchCriteria.build(
        types=many("types"),
        keywords=one("keywords"),
        diploma_level=one("diploma_level"),
        domains=many("domains"),
        administrations=many("administrations"),
        regions=many("regions"),
        departments=many("departments"),
        countries=many("countries"),
        near=_near_from_query(params.get(_NEAR_NAME, ())),
        vocabulary=vocabulary,
    )


def _near_from_query(values: Sequence[str]) -> Iterable[tuple[str, int]]:
    for value in values:
        place, _, radius = value.rpartition(":")
        if not place or not radius.isascii() or not radius.isdigit() or len(radius) > 6:
            shown = value if len(value) <= 60 else value[:60] + "…"
            raise InvalidCriteria(
                "near",
                SearchErrorCode.INVALID_RADIUS,
                f"Lieu attendu sous la forme commune:rayon (67482:20), et non « {shown} »",
            )
        yield place, int(radius)
