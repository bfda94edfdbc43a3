"""The recruiters' space: « Mes offres » and the lists its pages choose from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.recruiting.dashboard import (
        PAGE_SIZE,
        DashboardPage,
        DashboardRow,
        ShownStatus,
        administrations,
        recruiter_offers,
    )

__all__ = [
    "PAGE_SIZE",
    "DashboardPage",
    "DashboardRow",
    "ShownStatus",
    "administrations",
    "recruiter_offers",
]

__getattr__ = exports_of(__name__, __file__)
