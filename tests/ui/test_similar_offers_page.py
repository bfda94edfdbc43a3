"""« Offres similaires » under an offer, as a candidate sees them (NiceGUI's simulated user)."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from models.favourites import SavedOffer
from models.offers.publishing import publish_offers
from models.offers.tables import Offer
from models.search import similar_offers
from models.site_paths import offer_path
from tests.accounts.helpers import new_candidate
from tests.recruiting.helpers import offers_of
from tests.ui.test_saved_search_pages import sign_in_as


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


async def test_a_candidate_saves_a_similar_offer_with_its_star(db: str, user: User) -> None:
    candidate = await new_candidate()
    first, second = await offers_of("culture", count=2, publish=False)
    # Made alike before they are published (and indexed): same domain, same level.
    await Offer.filter(id=second.id).update(
        domain_id=first.domain_id,  # type: ignore[attr-defined]
        diploma_level=first.diploma_level,
    )
    await publish_offers([first, second])
    [similar] = [o for o in await similar_offers(first, first=4) if o.id == second.id]
    await sign_in_as(user)
    await user.open(offer_path(first.reference))
    await user.should_see("Offres similaires")
    cards = user.find(kind=ui.html, content='aria-label="Offres similaires"')
    assert f'data-star="{similar.reference}" aria-pressed="false"' in _similar_cards(user)
    cards.trigger("click", similar.reference)
    await user.should_see("Offre sauvegardée : retrouvez-la dans Mes offres sauvegardées.")
    assert await SavedOffer.filter(candidate=candidate, offer_id=similar.id).exists()


def _similar_cards(user: User) -> str:
    [cards] = [
        e for e in user.find(ui.html).elements if 'aria-label="Offres similaires"' in e.content
    ]
    return str(cards.content)
