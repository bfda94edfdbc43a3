"""A saved search as its owner sees it."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from models.alerts import expected_per_week
from models.reference import vocabulary
from models.saved_searches import NAME_MAX, criteria_of, describe_criteria
from models.saved_searches import SavedSearch as SavedSearchRow
from models.search import MAX_RADIUS_KM, MIN_RADIUS_KM, SearchCriteria
from models.site_paths import search_path
from schema.offers.criteria import CriteriaMirror
from schema.urls import absolute_url

__all__ = ["AlertFrequency", "SavedCriteria", "SavedSearch", "saved_search_from_row"]


@strawberry.type(description="A place of a saved search: within `radiusKm` km of the commune.")
class SavedNear:
    place: str = strawberry.field(description="The commune's INSEE code.")
    name: str = strawberry.field(description="The commune's name.")
    radius_km: int = strawberry.field(
        description=f"The radius in km, from {MIN_RADIUS_KM} to {MAX_RADIUS_KM}."
    )


@strawberry.type(description="The criteria of a saved search, as `OfferFilter` takes them.")
class SavedCriteria(CriteriaMirror[SavedNear]):
    near: list[SavedNear] = strawberry.field(
        description="In the order given (distances are measured from the first)."
    )


def _criteria(criteria: SearchCriteria) -> SavedCriteria:
    near = [
        SavedNear(place=n.commune_code, name=n.name, radius_km=n.radius_km) for n in criteria.near
    ]
    return SavedCriteria.of(criteria, near)


@strawberry.enum(description="How a saved search's alert mails new offers.")
class AlertFrequency(Enum):
    _value_: str  # as every value is (`strawberry.enum_value` hides it from mypy)
    INSTANT = strawberry.enum_value(
        "instant", description="One mail per new matching offer, as soon as it is published."
    )
    DAILY = strawberry.enum_value(
        "daily",
        description="One mail a day at 7 a.m. (Paris time) listing the previous day's new "
        "matching offers; none when there are none.",
    )


@strawberry.type(
    description="A search a candidate saved under a name, with its e-mail alert. Only its owner "
    "sees it (`Candidate.savedSearches`)."
)
class SavedSearch:
    id: strawberry.ID = strawberry.field(
        description="The saved search's number, for the mutations on it and for "
        "`offerPublished(savedSearchId:)` (not a `node` global id)."
    )
    name: str = strawberry.field(
        description=f"The name its owner gave it, at most {NAME_MAX} characters."
    )
    criteria: SavedCriteria = strawberry.field(
        description="Its criteria, which can be sent back as an `OfferFilter`."
    )
    description: str = strawberry.field(description="The criteria in French words.")
    search_url: str = strawberry.field(
        description="The results page of this search on the site, an absolute address "
        "(PASS_SITE_URL, « https://…/recherche?type=stage&region=IDF »)."
    )
    alert_enabled: bool = strawberry.field(
        description="Whether new matching offers are mailed to the owner (off when saved; "
        "`setSavedSearchAlert`)."
    )
    alert_frequency: AlertFrequency = strawberry.field(
        description="INSTANT: one mail per new offer; DAILY: one mail a day (7 a.m., Paris "
        "time) listing the previous day's new offers, newest first, none when there are none."
    )
    created_at: datetime = strawberry.field(
        description="When it was saved (ISO 8601 date and time with its offset, in UTC)."
    )
    saved_criteria: strawberry.Private[SearchCriteria]

    @strawberry.field(
        description="The offers a week its alert would mail, at the pace of the last 90 days' "
        "publications (`alertPreview` for these criteria: `lastNinetyDays` ÷ (90 / 7))."
    )
    async def expected_per_week(self) -> float:
        return await expected_per_week(self.saved_criteria)


async def saved_search_from_row(row: SavedSearchRow) -> SavedSearch:
    criteria = await criteria_of(row)
    return SavedSearch(
        id=strawberry.ID(str(row.id)),
        name=row.name,
        criteria=_criteria(criteria),
        description=describe_criteria(criteria, await vocabulary()),
        search_url=absolute_url(search_path([(str(k), str(v)) for k, v in row.query])),
        alert_enabled=row.alert_enabled,
        alert_frequency=AlertFrequency(row.alert_frequency.value),
        created_at=row.created_at,
        saved_criteria=criteria,
    )
