"""« Environ N offres par semaine » where a candidate decides on an alert: on each card of « Mes
recherches » and in « Sauvegarder ma recherche », through NiceGUI's simulated user."""

from __future__ import annotations

from datetime import timedelta

from nicegui.testing import User

from models.alerts.matching import facts_of, matches
from models.clock import now
from models.offers.tables import Offer, OfferStatus
from models.reference.labels import vocabulary
from models.saved_searches.saved import save_search
from models.search.criteria import SearchCriteria
from models.site_paths import SAVED_SEARCHES
from tests.accounts.helpers import new_candidate
from tests.ui.test_saved_search_pages import button, dialog_open, sign_in_as


async def _weekly(criteria: SearchCriteria) -> float:
    """The definition, row by row, without the preview's window."""
    since = now() - timedelta(days=90)
    rows = await Offer.filter(published_at__gte=since).exclude(status=OfferStatus.DRAFT)
    return sum(1 for o in rows if matches(criteria, facts_of(o))) / (90 / 7)


async def test_each_card_says_how_many_offers_its_alert_would_bring(
    demo_db: str, user: User
) -> None:
    words = await vocabulary()
    candidate = await new_candidate(username="cartes", email="cartes@exemple.fr")
    stages = SearchCriteria.build(types=["stage"], vocabulary=words)
    nothing = SearchCriteria.build(keywords="zorglubissime", vocabulary=words)
    await save_search(candidate, "Stages", stages)
    await save_search(candidate, "Rien", nothing)
    per_week = await _weekly(stages)
    assert per_week >= 1
    await sign_in_as(user, "cartes")
    await user.open(SAVED_SEARCHES)
    await user.should_see(
        f"Environ {int(per_week + 0.5)} offres par semaine, d'après les offres publiées ces 90 "
        "derniers jours."
    )
    await user.should_see("Aucune offre ces 90 derniers jours.")


async def test_the_save_dialog_says_it_before_the_alert_is_on(demo_db: str, user: User) -> None:
    words = await vocabulary()
    await new_candidate(username="dialogue", email="dialogue@exemple.fr")
    apprenticeships = SearchCriteria.build(types=["apprentissage"], vocabulary=words)
    per_week = await _weekly(apprenticeships)
    assert per_week > 0
    await sign_in_as(user, "dialogue")
    await user.open("/recherche?type=apprentissage")
    button(user, "Sauvegarder ma recherche").click()
    await dialog_open(user)
    if per_week < 1:
        pace = "moins d'une offre par semaine"
    elif int(per_week + 0.5) == 1:
        pace = "environ 1 offre par semaine"
    else:
        pace = f"environ {int(per_week + 0.5)} offres par semaine"
    await user.should_see(
        f"Avec une alerte : {pace}, d'après les offres publiées ces 90 derniers jours."
    )
