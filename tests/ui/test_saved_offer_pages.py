"""Saving offers on the site, through NiceGUI's simulated user: the star of an offer's page, the
stars of the result cards, and « Mes offres sauvegardées »."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from models.accounts.tables import AccountRole
from models.clock import today
from models.favourites import SavedOffer, save_offer
from models.offers.publishing import archive_offers
from models.offers.tables import Offer
from tests.accounts.helpers import new_candidate
from tests.recruiting.helpers import offers_of, signed_up_staff
from tests.ui.test_recruiter_pages import sign_in as staff_sign_in
from tests.ui.test_saved_search_pages import sign_in_as

SAVED_SENTENCE = "Offre sauvegardée : retrouvez-la dans Mes offres sauvegardées."
REMOVED_SENTENCE = "Offre retirée de vos offres sauvegardées."


def _star(user: User, text: str) -> ui.button:
    [found] = [e for e in user.find(kind=ui.button, content=text).elements if e.text == text]
    return found


def _cards(user: User) -> ui.html:
    """The results' one HTML element holding every card."""
    [box] = [e for e in user.find(kind=ui.html).elements if 'aria-label="Offres"' in e.content]
    return box


async def test_a_visitor_is_asked_to_sign_in_and_comes_back_to_the_offer(
    db: str, user: User
) -> None:
    [offer] = await offers_of("culture")
    await user.open(f"/offres/{offer.reference}")
    await user.should_see("Connectez-vous pour sauvegarder cette offre")
    hrefs = {e.props.get("href") for e in user.find(kind=ui.link).elements}
    assert f"/connexion?suite=/offres/{offer.reference}" in hrefs


async def test_the_offer_page_star_saves_and_removes(db: str, user: User) -> None:
    candidate = await new_candidate()
    [offer] = await offers_of("culture")
    await sign_in_as(user)
    await user.open(f"/offres/{offer.reference}")
    await user.should_see("Sauvegarder l'offre")
    star = _star(user, "Sauvegarder l'offre")
    assert star.props["aria-pressed"] == "false"
    user.find(kind=ui.button, content="Sauvegarder l'offre").click()
    await user.should_see(SAVED_SENTENCE)
    assert star.text == "Offre sauvegardée" and star.props["aria-pressed"] == "true"
    assert await SavedOffer.filter(candidate=candidate, offer_id=offer.id).exists()

    user.find(kind=ui.button, content="Offre sauvegardée").click()
    await user.should_see(REMOVED_SENTENCE)
    assert star.text == "Sauvegarder l'offre" and star.props["aria-pressed"] == "false"
    assert not await SavedOffer.all().exists()


async def test_a_closed_offer_has_no_star_unless_saved_before(db: str, user: User) -> None:
    candidate = await new_candidate()
    saved, other = await offers_of("culture", count=2)
    await save_offer(candidate, saved.reference)
    await archive_offers([saved, other])
    await sign_in_as(user)
    await user.open(f"/offres/{other.reference}")
    await user.should_see("Offre expirée")
    await user.should_not_see("Sauvegarder l'offre")
    await user.open(f"/offres/{saved.reference}")
    await user.should_see("Offre sauvegardée")  # it can still be removed


async def test_result_cards_have_stars_that_save_the_offer_clicked(db: str, user: User) -> None:
    candidate = await new_candidate()
    first, second = await offers_of("culture", count=2)
    await save_offer(candidate, second.reference)
    await sign_in_as(user)
    await user.open("/recherche")
    await user.should_see(first.title)
    cards = _cards(user).content
    assert (
        f'data-star="{first.reference}" aria-pressed="false" '
        f'aria-label="Sauvegarder l&#x27;offre : {first.title}"'
    ) in cards
    assert f'data-star="{second.reference}" aria-pressed="true"' in cards

    # What the page's one listener receives from the browser: the clicked star's reference.
    user.find(kind=ui.html, content='aria-label="Offres"').trigger("click", first.reference)
    await user.should_see(SAVED_SENTENCE)
    assert await SavedOffer.filter(candidate=candidate, offer_id=first.id).exists()
    user.find(kind=ui.html, content='aria-label="Offres"').trigger("click", second.reference)
    await user.should_see(REMOVED_SENTENCE)
    assert not await SavedOffer.filter(offer_id=second.id).exists()
    # Anything but a reference is ignored.
    user.find(kind=ui.html, content='aria-label="Offres"').trigger("click", "<script>")
    assert await SavedOffer.all().count() == 1


async def test_the_home_pages_latest_offers_have_stars_too(db: str, user: User) -> None:
    candidate = await new_candidate()
    [offer] = await offers_of("culture")
    await sign_in_as(user)
    await user.open("/")
    await user.should_see("Dernières offres publiées")
    latest = user.find(kind=ui.html, content="Dernières offres publiées")
    [box] = latest.elements
    assert f'data-star="{offer.reference}" aria-pressed="false"' in box.content
    latest.trigger("click", offer.reference)
    await user.should_see(SAVED_SENTENCE)
    assert await SavedOffer.filter(candidate=candidate, offer_id=offer.id).exists()


async def test_a_visitors_star_leads_to_the_sign_in(db: str, user: User) -> None:
    [offer] = await offers_of("culture")
    await user.open("/recherche?type=stage")
    await user.should_see(offer.title)
    assert f'data-star="{offer.reference}" aria-pressed="false"' in _cards(user).content
    user.find(kind=ui.html, content='aria-label="Offres"').trigger("click", offer.reference)
    await user.should_see("Identifiant ou adresse e-mail")
    assert user.back_history[-1] == "/connexion?suite=/recherche%3Ftype%3Dstage"
    assert not await SavedOffer.all().exists()


async def test_the_saved_offers_page_lists_marks_reminds_and_removes(db: str, user: User) -> None:
    candidate = await new_candidate()
    open_, expired, withdrawn = await offers_of("culture", count=3)
    # A title with what would break an attribute or a props string: quotes, a backslash.
    await Offer.filter(id=open_.id).update(title='Agent \\Nantes « "données" » (F/H)')
    open_ = await Offer.get(id=open_.id)
    for offer in (withdrawn, expired, open_):
        await save_offer(candidate, offer.reference)
    await Offer.filter(id=expired.id).update(expires_on=today() - timedelta(days=2))
    await archive_offers([withdrawn])
    await sign_in_as(user)
    await user.open("/mon-compte/offres-sauvegardees")
    await user.should_see("Mes offres sauvegardées")
    for offer in (open_, expired, withdrawn):
        await user.should_see(offer.title)
    await user.should_see("Expirée")
    await user.should_see("Archivée")
    links = [
        e
        for e in user.find(kind=ui.link).elements
        if e.props.get("href", "").startswith("/offres/")
    ]
    assert [e.text for e in sorted(links, key=lambda e: e.id)] == [
        open_.title,
        expired.title,
        withdrawn.title,
    ]
    # Only the open offer with a deadline has the reminder.
    [switch] = user.find(kind=ui.switch).elements
    switch.value = True
    await user.should_see(f"Rappel activé pour « {open_.title} ».")
    saved = await SavedOffer.get(candidate=candidate, offer_id=open_.id)
    assert saved.remind is True

    [remove] = [
        e
        for e in user.find(kind=ui.button, content="Retirer").elements
        if expired.title in str(e.props.get("aria-label"))
    ]
    UserInteraction(user, {remove}, "Retirer").click()
    await user.should_see(f"L'offre « {expired.title} » est retirée de vos offres sauvegardées.")
    assert not await SavedOffer.filter(offer_id=expired.id).exists()
    assert await SavedOffer.filter(candidate=candidate).count() == 2


async def test_the_page_is_for_signed_in_candidates_and_says_when_empty(
    db: str, user: User
) -> None:
    await user.open("/mon-compte/offres-sauvegardees")
    await user.should_see("Identifiant ou adresse e-mail")
    await new_candidate()
    await sign_in_as(user)
    await user.open("/mon-compte/offres-sauvegardees")
    await user.should_see("Vous n'avez pas encore d'offre sauvegardée.")
    await user.should_see("Offres sauvegardées")  # the header's link


async def test_staff_see_no_stars(db: str, user: User) -> None:
    [offer] = await offers_of("culture")
    await signed_up_staff("recruteuse", AccountRole.RECRUITER, "culture")
    await staff_sign_in(user, "recruteuse")
    await user.should_see("Offres de l'administration")
    await user.open("/recherche")
    await user.should_see(offer.title)
    assert "data-star" not in _cards(user).content
    await user.open(f"/offres/{offer.reference}")
    await user.should_see(offer.title)
    await user.should_not_see("Sauvegarder l'offre")
    await user.should_not_see("Connectez-vous pour sauvegarder cette offre")
