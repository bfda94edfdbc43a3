"""An open results page counts new matching offers as they are published and shows them when
asked; « Mes recherches » lets an alert be a daily digest."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape

import pytest
from nicegui import ui
from nicegui.testing import User

from models.clock import today
from models.demo.generator import generate_offers
from models.events import InProcessEvents, use_live_events
from models.offers.publishing import create_offers, publish_offers
from models.offers.tables import Offer
from models.reference.catalogue import OfferType
from models.saved_searches.tables import AlertFrequency, SavedSearch
from tests.accounts.helpers import new_candidate
from tests.ui.test_saved_search_pages import button, icon_button, saved, sign_in_as
from tests.waiting import wait_until


@pytest.fixture
def announced() -> Iterator[None]:
    """Publications reach this process's broker, as the web app's start-up arranges."""
    use_live_events(InProcessEvents())
    yield
    use_live_events(None)


async def _publish(offer_type: OfferType, title: str) -> Offer:
    apprenticeships = 1 if offer_type is OfferType.APPRENTISSAGE else 0
    [draft] = generate_offers(
        apprenticeships=apprenticeships, stages=1 - apprenticeships, seed=11, today=today()
    )
    draft.title = title
    [offer] = await create_offers([draft])
    await publish_offers([offer])
    return offer


def _notice(user: User) -> ui.button | None:
    found = [
        e
        for e in user.find(kind=ui.button).elements
        if "pass-new-offers" in e.classes and e.visible
    ]
    return found[0] if found else None


async def _wait_notice(user: User, text: str) -> ui.button:
    def shown() -> bool:
        notice = _notice(user)
        return notice is not None and notice.text == text

    await wait_until(f"the notice « {text} »", shown)
    notice = _notice(user)
    assert notice is not None
    return notice


async def test_new_matching_offers_are_counted_then_shown(
    db: str, user: User, announced: None
) -> None:
    await _publish(OfferType.STAGE, "Stage – ancien (F/H)")
    await user.open("/recherche?type=stage")
    await user.should_see("1 offre correspond à votre recherche")
    await user.should_see("Stage (1)")
    assert _notice(user) is None

    first = await _publish(OfferType.STAGE, "Stage – cartographe (F/H)")
    await _publish(OfferType.APPRENTISSAGE, "Apprenti – menuisier (F/H)")  # not a stage
    await _wait_notice(user, "1 nouvelle offre correspond à votre recherche : l'afficher")
    second = await _publish(OfferType.STAGE, "Stage – géomaticien (F/H)")
    notice = await _wait_notice(
        user, "2 nouvelles offres correspondent à votre recherche : les afficher"
    )
    await user.should_not_see(first.title)  # counted, not shown yet
    # Made when the first new offer came (ui.late_elements), right above the list.
    [listing] = user.find(kind=ui.html, content='aria-label="Offres"').elements
    beside = notice.parent_slot.children if notice.parent_slot is not None else []
    assert beside.index(notice) + 1 == beside.index(listing)

    button(user, notice.text).click()
    await user.should_see(first.title)
    await user.should_see(second.title)
    await user.should_see("3 offres correspondent à votre recherche")
    await user.should_see("Stage (3)")  # the form's counts follow
    await user.should_see("Apprentissage (1)")
    await user.should_not_see("Apprenti – menuisier (F/H)")
    # The cards are plain HTML in one element (ui.offer_list): the two new ones are marked.
    [listing] = user.find(kind=ui.html, content='aria-label="Offres"').elements
    # Kept in ASCII (ui.ascii_text): the cards read as the browser shows them.
    marked = [unescape(card) for card in listing.content.split("<li")[1:] if ">Nouvelle<" in card]
    assert len(marked) == 2
    assert any(first.title in card for card in marked)
    assert any(second.title in card for card in marked)
    assert _notice(user) is None


async def test_an_alert_can_be_a_daily_digest(db: str, user: User) -> None:
    candidate = await new_candidate()
    search = await saved(candidate, "Stages", types=["stage"])
    await sign_in_as(user)
    await user.open("/mes-recherches")
    await user.should_see("Fréquence de l'alerte")
    [radio] = user.find(kind=ui.radio).elements
    assert radio.value == "instant"
    radio.value = "daily"
    await user.should_see("Fréquence enregistrée ; activez l'alerte avec la cloche")
    stored = await SavedSearch.get(id=search.id)
    assert stored.alert_frequency is AlertFrequency.DAILY and not stored.alert_enabled
    icon_button(user, "Activer l'alerte").click()
    await user.should_see("Alerte activée : vous recevrez chaque matin un e-mail récapitulant")
    stored = await SavedSearch.get(id=search.id)
    assert stored.alert_enabled and stored.alert_frequency is AlertFrequency.DAILY
