"""The star that saves an offer (« Sauvegarder l'offre » / « Offre sauvegardée »): a button on
the offer's page, and a plain HTML button on each card of a list, all of a list's stars served
by one click listener on the list's element (cards stay plain HTML: see ui.offer_list)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape

from nicegui import ui
from nicegui.events import GenericEventArguments

from models.accounts import Account
from models.errors import UserErrors
from models.favourites import save_offer, saved_offer_references, unsave_offer
from models.offers import Offer, is_expired
from models.site_paths import offer_path
from ui.account_session import (
    candidate_or_sign_in,
    current_candidate,
    session_token,
    sign_in_url,
    signed_in_as_staff,
)
from ui.shared_css import shared_css

__all__ = [
    "SAVED_LABEL",
    "SAVE_LABEL",
    "STAR_CLICKS",
    "CardStars",
    "offer_star",
    "saved_on_cards",
    "star_html",
    "toggle_saved",
]

SAVE_LABEL = "Sauvegarder l'offre"
SAVED_LABEL = "Offre sauvegardée"
SAVED_SENTENCE = "Offre sauvegardée : retrouvez-la dans Mes offres sauvegardées."
REMOVED_SENTENCE = "Offre retirée de vos offres sauvegardées."
# References are « S-2026-0042 », or an importer's own (letters, digits, hyphens: see
# models.offers.importing): nothing else is sent to the server or put into a script.
_REFERENCE = re.compile(r"^[A-Za-z0-9-]{1,20}$")

# One delegated listener per list: a star's click sends its offer's reference, nothing else.
STAR_CLICKS = """(e) => {
  const star = e.target.closest('button[data-star]');
  if (star) { e.preventDefault(); emit(star.dataset.star); }
}"""


def star_html(reference: str, title: str, saved: bool) -> str:
    """A card's star; its name says which offer and what a click does, aria-pressed its state."""
    icon = "star" if saved else "star_border"
    label = f"{SAVED_LABEL if saved else SAVE_LABEL} : {title}"
    return (
        f'<button type="button" class="pass-star" data-star="{escape(reference)}" '
        f'aria-pressed="{"true" if saved else "false"}" aria-label="{escape(label)}" '
        f'title="{SAVED_LABEL if saved else SAVE_LABEL}">'
        f'<i class="q-icon notranslate material-icons" aria-hidden="true">{icon}</i></button>'
    )


async def toggle_saved(candidate: Account, reference: str, saved: bool) -> bool:
    """Saves or removes; returns the new state. Raises UserErrors as the domain does."""
    if saved:
        await unsave_offer(candidate, reference)
        return False
    await save_offer(candidate, reference)
    return True


# The cards' star look: DSFR's blue, a 40 px target, pushed to the end of the card's first row.
STAR_CSS = """
.pass-star { margin-left: auto; width: 40px; height: 40px; display: inline-flex;
  align-items: center; justify-content: center; border-radius: 50%; color: #000091;
  background: transparent; border: 0; cursor: pointer; }
.pass-star:hover { background: #e3e3fd; }
.pass-star .q-icon { font-size: 28px; }
"""


class CardStars:
    """Serves the stars of a list of cards: the set of saved references (for building the
    cards again) and the click handler, which updates the one star clicked in the browser."""

    def __init__(
        self, saved: set[str], back_to: str, say: Callable[[str], None] | None = None
    ) -> None:
        self.saved = saved
        self.back_to = back_to
        self.say = say or (lambda text: ui.notify(text))
        self._busy: set[str] = set()
        shared_css(STAR_CSS)

    def listen(self, element: ui.element) -> None:
        element.on("click", self.clicked, js_handler=STAR_CLICKS)

    async def clicked(self, event: GenericEventArguments) -> None:
        reference = str(event.args)
        if not _REFERENCE.match(reference) or reference in self._busy:
            return
        candidate = await candidate_or_sign_in(self.back_to)
        if candidate is None:
            return
        self._busy.add(reference)
        try:
            now_saved = await toggle_saved(candidate, reference, reference in self.saved)
        except UserErrors as refused:
            self.say(" ".join(e.message for e in refused.errors))
            return
        finally:
            self._busy.discard(reference)
        (self.saved.add if now_saved else self.saved.discard)(reference)
        self._show(reference, now_saved)
        self.say(SAVED_SENTENCE if now_saved else REMOVED_SENTENCE)

    def _show(self, reference: str, saved: bool) -> None:
        selector = json.dumps(f'button[data-star="{reference}"]')
        state = json.dumps("true" if saved else "false")
        word = json.dumps(SAVED_LABEL if saved else SAVE_LABEL)
        old = json.dumps(SAVE_LABEL if saved else SAVED_LABEL)
        icon = json.dumps("star" if saved else "star_border")
        ui.run_javascript(
            f"for (const b of document.querySelectorAll({selector})) {{"
            f" b.setAttribute('aria-pressed', {state}); b.title = {word};"
            f" b.setAttribute('aria-label', b.getAttribute('aria-label').replace({old}, {word}));"
            f" b.querySelector('i').textContent = {icon}; }}"
        )


async def saved_on_cards(offers: list[Offer]) -> set[str]:
    """Which of these offers the signed-in candidate saved; none for a visitor (no query)."""
    if session_token() is None:
        return set()
    candidate = await current_candidate()
    if candidate is None:
        return set()
    return await saved_offer_references(candidate, [o.reference for o in offers])


async def offer_star(offer: Offer) -> None:
    """The offer page's star: a toggle for a candidate, a way to sign in (and come back) for a
    visitor, nothing for staff. An offer no longer open can only be removed, not saved."""
    if signed_in_as_staff():
        return
    here = offer_path(offer.reference)
    candidate = await current_candidate() if session_token() is not None else None
    if candidate is None:
        if not is_expired(offer):
            with ui.link(target=sign_in_url(here)).classes(
                "pass-star-link inline-flex items-center gap-1 font-bold"
            ):
                ui.icon("star_border", size="24px").props('aria-hidden="true"')
                ui.label("Connectez-vous pour sauvegarder cette offre")
        return
    saved = offer.reference in await saved_offer_references(candidate, [offer.reference])
    if not saved and is_expired(offer):
        return
    OfferStar(offer.reference, saved, here)


class OfferStar:
    def __init__(self, reference: str, saved: bool, back_to: str) -> None:
        self.reference, self.saved, self.back_to = reference, saved, back_to
        self.busy = False
        with ui.column().classes("gap-1 items-start"):
            self.button = ui.button(on_click=self.toggle).props("outline color=primary no-caps")
            with ui.element("div").props('role="status"'):
                self.status = ui.label("").classes("text-sm text-gray-800")
        self._show()

    def _show(self) -> None:
        self.button.text = SAVED_LABEL if self.saved else SAVE_LABEL
        self.button.props["icon"] = "star" if self.saved else "star_border"
        self.button.props["aria-pressed"] = "true" if self.saved else "false"
        self.button.update()

    async def toggle(self) -> None:
        if self.busy:
            return
        candidate = await candidate_or_sign_in(self.back_to)
        if candidate is None:
            return
        self.busy = True
        try:
            self.saved = await toggle_saved(candidate, self.reference, self.saved)
        except UserErrors as refused:
            self.status.text = " ".join(e.message for e in refused.errors)
            return
        finally:
            self.busy = False
        self._show()
        self.status.text = SAVED_SENTENCE if self.saved else REMOVED_SENTENCE
