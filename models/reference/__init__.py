"""Reference data: offer types, diploma levels, geography, domains and administrations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.reference.catalogue import OfferType
    from models.reference.geography import (
        FRANCE,
        MAX_PLACE_TEXT,
        MAX_PLACES,
        Commune,
        commune,
        communes,
        find_places,
        resolve_place,
    )
    from models.reference.labels import Vocabulary, vocabulary

__all__ = [
    "FRANCE",
    "MAX_PLACES",
    "MAX_PLACE_TEXT",
    "Commune",
    "OfferType",
    "Vocabulary",
    "commune",
    "communes",
    "find_places",
    "resolve_place",
    "vocabulary",
]

__getattr__ = exports_of(__name__, __file__)
