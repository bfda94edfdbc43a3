"""A small catalogue whose export is known: live offers, and one offer of each kind that must
stay out (a draft, an archived offer, an offer past its end date not yet archived)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from models.clock import today
from models.demo.generator import generate_offers
from models.offers.publishing import archive_offers, create_offers, publish_offers
from models.offers.tables import Offer

RICH = "<p>Au sein de la <strong>direction</strong> :</p><ul><li>rédiger</li><li>publier</li></ul>"


@dataclass(frozen=True, slots=True)
class Catalogue:
    live: list[Offer]
    draft: Offer
    archived: Offer
    expired: Offer


async def load_catalogue() -> Catalogue:
    day = today()
    drafts = generate_offers(apprenticeships=3, stages=3, seed=7, today=day)
    drafts[0].post_description = RICH
    drafts[0].commune_code = "67482"  # Strasbourg: the position comes from the reference data
    drafts[0].city, drafts[0].department_code, drafts[0].region_code = "Strasbourg", "67", "GES"
    drafts[0].country_code = "FR"
    offers = await create_offers(drafts)
    live, draft, archived, expired = offers[:3], offers[3], offers[4], offers[5]
    expired.expires_on = day - timedelta(days=1)
    await expired.save()
    await publish_offers([*live, archived, expired])
    await archive_offers([archived])
    return Catalogue(live, draft, archived, expired)


def stored_names(folder: Path) -> set[str]:
    """The names of the files in the open data folder, temporary ones included."""
    return {path.name for path in folder.iterdir()}
