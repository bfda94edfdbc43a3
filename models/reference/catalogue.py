"""Offer types and diploma levels: small fixed vocabularies with stable codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["DIPLOMA_LEVELS", "DiplomaLevel", "OfferType", "diploma_level"]


class OfferType(StrEnum):
    APPRENTISSAGE = "apprentissage"
    STAGE = "stage"

    @property
    def label(self) -> str:
        return "Apprentissage" if self is OfferType.APPRENTISSAGE else "Stage"

    @property
    def reference_letter(self) -> str:
        return "A" if self is OfferType.APPRENTISSAGE else "S"


# « (Bac+3 ou 4) » in a level's label: the years after the baccalauréat it covers.
_BAC_YEARS = re.compile(r"Bac\+(\d)(?: ou (\d))?")


@dataclass(frozen=True, slots=True)
class DiplomaLevel:
    code: str
    label: str

    @property
    def bac_words(self) -> tuple[str, ...]:
        """The words « bac+N » becomes in a search (models.search.text.words) for every N the
        level covers, read from its label: level 6 is found by « bac+3 » and by « bac+4 »."""
        found = _BAC_YEARS.search(self.label)
        if found is None:
            return ()
        low = int(found.group(1))
        high = int(found.group(2) or low)
        return tuple(f"bac{years}" for years in range(low, high + 1))


# The French national nomenclature of diploma levels (décret n° 2019-14 du 8 janvier 2019).
DIPLOMA_LEVELS: tuple[DiplomaLevel, ...] = (
    DiplomaLevel("3", "Niveau 3 – (CAP, BEP)"),
    DiplomaLevel("4", "Niveau 4 – (Bac)"),
    DiplomaLevel("5", "Niveau 5 – (Bac+2)"),
    DiplomaLevel("6", "Niveau 6 – (Bac+3 ou 4)"),
    DiplomaLevel("7", "Niveau 7 – (Bac+5)"),
    DiplomaLevel("8", "Niveau 8 – (Doctorat)"),
)
_BY_CODE = {level.code: level for level in DIPLOMA_LEVELS}


def diploma_level(code: str) -> DiplomaLevel | None:
    return _BY_CODE.get(code)
