"""« Mes offres sauvegardées »: the offers a candidate saved, most recently saved first, 20 a
page, each with its state, « Retirer » and the deadline reminder's switch."""

from __future__ import annotations

from math import ceil

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from models.errors import UserErrors
from models.favourites import (
    MAX_SAVED_OFFERS,
    SavedOfferState,
    SavedOfferView,
    saved_offers_of,
    set_offer_reminder,
    unsave_offer,
)
from models.reference import Vocabulary, vocabulary
from models.site_paths import ACCOUNT_HOME, SAVED_OFFERS, offer_path
from ui.account_forms import heading
from ui.account_session import candidate_or_sign_in, current_candidate, sign_in_redirect
from ui.card_list import card_list_frame
from ui.formatting import french_date, place
from ui.frame import frame
from ui.page_links import page_links_html

PAGE_SIZE = 20
EMPTY_TEXT = (
    "Vous n'avez pas encore d'offre sauvegardée. Sur une offre qui vous intéresse, cliquez sur "
    "« Sauvegarder l'offre » ou sur son étoile dans les résultats."
)
REMINDER_LABEL = "M'envoyer un rappel 3 jours avant la date limite"
_BADGES = {
    SavedOfferState.EXPIRED: ("Expirée", "bg-amber-100 text-amber-900"),
    SavedOfferState.WITHDRAWN: ("Archivée", "bg-gray-200 text-gray-900"),
}


def _page_number(raw: str | None) -> int:
    try:
        number = int(raw or "1")
    except ValueError:
        return 1
    return min(max(number, 1), ceil(MAX_SAVED_OFFERS / PAGE_SIZE))


def _focus(element: ui.element) -> None:
    # Through the element's client: the clicked button's own slot may be gone with its card.
    element.client.run_javascript(f"document.getElementById('{element.html_id}')?.focus()")


class SavedOfferCard:
    def __init__(self, view: SavedOfferView, words: Vocabulary, page: SavedOffersList) -> None:
        offer = view.offer
        self.reference, self.title, self.page = offer.reference, offer.title, page
        with ui.element("li").classes("w-full") as self.item:
            card = ui.card().classes("pass-card w-full p-4 gap-2")
        with card:
            with ui.row().classes("w-full items-center gap-2 flex-wrap"):
                badge = _BADGES.get(view.state)
                if badge is not None:
                    ui.label(badge[0]).classes(f"px-2 py-0.5 text-sm font-bold {badge[1]}")
                ui.label(offer.reference).classes("text-sm text-gray-700")
                ui.label(f"sauvegardée le {french_date(view.saved.saved_at)}").classes(
                    "text-sm text-gray-700"
                )
            with ui.element("h2").classes("text-lg font-bold m-0"):
                ui.link(offer.title, offer_path(offer.reference)).classes("pass-brand break-words")
            administration = words.administrations.get(offer.administration_id, "")  # type: ignore[attr-defined]
            ui.label(" · ".join(p for p in (administration, place(offer, words)) if p)).classes(
                "text-gray-800 break-words"
            )
            if offer.expires_on is not None:
                ui.label(f"Date limite de candidature : {french_date(offer.expires_on)}").classes(
                    "text-sm text-gray-800"
                )
            with ui.row().classes("w-full items-center justify-between gap-x-4 gap-y-1"):
                if view.state is SavedOfferState.OPEN and offer.expires_on is not None:
                    self.reminder = ui.switch(
                        REMINDER_LABEL, value=view.saved.remind, on_change=self._remind
                    ).classes("text-sm")
                remove = ui.button("Retirer", icon="delete", on_click=self._remove)
                remove.props("outline color=primary")
                # Set, not parsed from a props string: a title may hold quotes or backslashes.
                remove.props["aria-label"] = f"Retirer « {self.title} » de mes offres sauvegardées"

    async def _remind(self) -> None:
        candidate = await candidate_or_sign_in(self.page.here)
        if candidate is None:
            return
        wanted = bool(self.reminder.value)
        try:
            await set_offer_reminder(candidate, self.reference, wanted)
        except UserErrors as refused:
            self.page.say(" ".join(e.message for e in refused.errors))
            return
        self.page.say(
            f"Rappel activé pour « {self.title} »."
            if wanted
            else f"Rappel désactivé pour « {self.title} »."
        )

    async def _remove(self) -> None:
        candidate = await candidate_or_sign_in(self.page.here)
        if candidate is None:
            return
        try:
            await unsave_offer(candidate, self.reference)
        except UserErrors as refused:
            self.page.say(" ".join(e.message for e in refused.errors))
            return
        self.page.removed(self)


class SavedOffersList:
    def __init__(
        self, views: list[SavedOfferView], words: Vocabulary, heading_: ui.label, here: str
    ) -> None:
        self.heading, self.here = heading_, here
        frame = card_list_frame(EMPTY_TEXT, "Mes offres sauvegardées")
        self.status, self.empty, self.list = frame.status, frame.empty, frame.items
        with self.list:
            self.cards = [SavedOfferCard(view, words, self) for view in views]
        self._show_empty()

    def say(self, text: str) -> None:
        self.status.text = text
        self.status.set_visibility(True)

    def _show_empty(self) -> None:
        self.empty.set_visibility(not self.cards)
        self.list.set_visibility(bool(self.cards))

    def removed(self, card: SavedOfferCard) -> None:
        self.cards.remove(card)
        card.item.delete()
        self.say(f"L'offre « {card.title} » est retirée de vos offres sauvegardées.")
        self._show_empty()
        # The focused button is gone with its card: the page starts again from its heading.
        _focus(self.heading)


@ui.page(SAVED_OFFERS)
async def saved_offers(request: Request) -> RedirectResponse | None:
    candidate = await current_candidate()
    if candidate is None:
        return sign_in_redirect(request)
    number = _page_number(request.query_params.get("page"))
    page = await saved_offers_of(candidate, first=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    words = await vocabulary()
    here = SAVED_OFFERS + (f"?page={number}" if number > 1 else "")
    with frame("Mes offres sauvegardées"):
        title = heading("Mes offres sauvegardées", 1).classes("mb-1")
        title.props('tabindex="-1"')  # where focus goes once a removed card is gone
        ui.label(
            f"Retrouvez les offres que vous avez sauvegardées ({page.total_count} sur "
            f"{MAX_SAVED_OFFERS} au plus). Une offre expirée ou retirée par son recruteur reste "
            "dans la liste, signalée."
        ).classes("mb-3 text-gray-800")
        with ui.column().classes("w-full max-w-3xl gap-3"):
            SavedOffersList(page.items, words, title, here)
            pages = max(1, ceil(page.total_count / PAGE_SIZE))
            links = page_links_html(number, pages, lambda n: f"{SAVED_OFFERS}?page={n}")
            if links:
                ui.html(links, sanitize=False)
            ui.link("Retour à mon compte", ACCOUNT_HOME).classes("mt-2")
    return None
