"""Saved offers (« Mes offres sauvegardées ») and their deadline reminder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.favourites.reminders import REMINDER_DAYS, send_deadline_reminders
    from models.favourites.saved import (
        MAX_SAVED_OFFERS,
        MAX_SAVED_OFFERS_PAGE,
        InvalidSavedOffersCursor,
        SavedOffersPage,
        SavedOfferState,
        SavedOfferView,
        save_offer,
        saved_offer_references,
        saved_offer_view,
        saved_offers_of,
        set_offer_reminder,
        unsave_offer,
    )
    from models.favourites.tables import SavedOffer

__all__ = [
    "MAX_SAVED_OFFERS",
    "MAX_SAVED_OFFERS_PAGE",
    "REMINDER_DAYS",
    "InvalidSavedOffersCursor",
    "SavedOffer",
    "SavedOfferState",
    "SavedOfferView",
    "SavedOffersPage",
    "save_offer",
    "saved_offer_references",
    "saved_offer_view",
    "saved_offers_of",
    "send_deadline_reminders",
    "set_offer_reminder",
    "unsave_offer",
]

__getattr__ = exports_of(__name__, __file__)
