"""A deterministic French demo catalogue of offers, and the candidate manual's example offer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.demo.loading import load_demo_catalogue

__all__ = [
    "load_demo_catalogue",
]

__getattr__ = exports_of(__name__, __file__)
