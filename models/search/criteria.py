"""Search criteria: the one value object behind searches, saved searches, alerts and feeds.

Within a facet the selected values are OR-ed; across facets they are AND-ed. Codes are checked
against the reference data: an unknown code is an error the caller can show, never a silent
empty result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum

from models.reference.catalogue import OfferType
from models.reference.labels import Vocabulary
from models.search.errors import SearchErrorCode
from models.search.text import KeywordQuery, parse_keywords

__all__ = [
    "FACETS",
    "FACET_LABELS",
    "MAX_VALUES_PER_FACET",
    "Facet",
    "InvalidCriteria",
    "SearchCriteria",
    "criteria_from_query",
    "criteria_to_query",
]

MAX_VALUES_PER_FACET = 100
MAX_KEYWORDS_LENGTH = 10_000


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
class SearchCriteria:
    types: frozenset[OfferType] = frozenset()
    keywords: str = ""
    diploma_level: str | None = None
    domains: frozenset[str] = frozenset()
    administrations: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
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
        return not self.keyword_query and not any(self.selected(f) for f in FACETS)

    def without_keywords(self) -> SearchCriteria:
        return replace(self, keywords="", _parsed=KeywordQuery())


def _parse_types(values: Iterable[str]) -> Iterable[OfferType]:
    for value in values:
        try:
            yield OfferType(value)
        except ValueError:
            message = f"Code inconnu pour « {FACET_LABELS[Facet.TYPES]} » : {value}"
            raise InvalidCriteria("types", SearchErrorCode.UNKNOWN_CODE, message) from None


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


def criteria_to_query(criteria: SearchCriteria) -> list[tuple[str, str]]:
    """The URL query of a search, stable in order so equal searches share one address."""
    pairs: list[tuple[str, str]] = []
    for f in fields(SearchCriteria):
        name = _QUERY_NAMES.get(f.name)
        if name is None:
            continue
        value = getattr(criteria, f.name)
        if isinstance(value, frozenset):
            pairs.extend((name, str(v)) for v in sorted(value))
        elif value:
            pairs.append((name, str(value)))
    return pairs


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
        vocabulary=vocabulary,
    )
