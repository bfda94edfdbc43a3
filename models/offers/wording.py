"""How dates and places read in French, on the pages and in the mails."""

from __future__ import annotations

from datetime import date, datetime

from models.clock import PARIS
from models.offers.tables import Offer
from models.reference.labels import Vocabulary

__all__ = ["french_date", "month_year", "place"]

_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def french_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(PARIS).date()
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {_MONTHS[value.month - 1]} {value.year}"


def month_year(value: date | None) -> str:
    if value is None:
        return ""
    return f"{_MONTHS[value.month - 1].capitalize()} {value.year}"


def place(offer: Offer, words: Vocabulary) -> str:
    """« Paris, Île-de-France, FRANCE » as the manual's example writes it."""
    parts = [offer.city]
    if offer.region_code:
        parts.append(words.regions.get(offer.region_code, ""))
    parts.append(words.countries.get(offer.country_code, offer.country_code).upper())
    return ", ".join(p for p in parts if p)
