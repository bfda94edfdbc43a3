"""« Offres similaires » under an offer, as a candidate sees them (NiceGUI's simulated user)."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from models.offers.tables import Offer
from models.search import similar_offers
from models.site_paths import offer_path


async def test_the_offer_page_lists_offers_like_it(demo_db: str, user: User) -> None:
    offer = await Offer.get(reference="A-2021-0192")
    expected = await similar_offers(offer, first=4)
    assert len(expected) == 4
    await user.open(offer_path(offer.reference))
    await user.should_see("Offres similaires")
    [cards] = [
        e for e in user.find(ui.html).elements if 'aria-label="Offres similaires"' in e.content
    ]
    shown = [part.split('"')[0] for part in cards.content.split('href="')[1:]]
    assert shown == [offer_path(o.reference) for o in expected]
    assert offer_path(offer.reference) not in shown
    for similar in expected:  # the card's text: title, domain
        assert similar.title in cards.content
        assert similar.domain_id == offer.domain_id  # type: ignore[attr-defined]
