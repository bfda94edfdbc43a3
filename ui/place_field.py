"""« Lieu » and its radius: a commune typed and chosen among those whose name, postal code or
INSEE code starts with what is typed (the most populous first), answered from the domain's
in-memory list of communes (`find_places`), a few keystrokes at a time.

One element for both the place and the radius (see facet_select.py for why few elements); the
offer form uses it without the radius, for the commune of a place of work."""

from __future__ import annotations

import asyncio
from typing import Any, TypedDict

from nicegui.elements.mixins.value_element import ValueElement
from nicegui.events import GenericEventArguments, Handler, ValueChangeEventArguments

from models.reference import Commune, commune, find_places

__all__ = ["DEFAULT_RADIUS_KM", "RADII_KM", "PlaceField", "PlaceValue", "commune_label"]

RADII_KM = (5, 10, 20, 50, 100)
# 20 km: a town and its suburbs, about half an hour by car or regional train.
DEFAULT_RADIUS_KM = 20
# Six fit under the field on a phone (390×844): more and Quasar opens the list over the page.
FOUND_AT_MOST = 6


class PlaceValue(TypedDict):
    place: str  # a commune's INSEE code when chosen in the list, else the text typed
    label: str  # what the field shows: « Rennes (35) », or the text typed
    radius: int


def commune_label(found: Commune) -> str:
    return f"{found.name} ({found.department_code})"


def _caption(found: Commune) -> str:
    codes = ", ".join(found.postal_codes[:2]) + ("…" if len(found.postal_codes) > 2 else "")
    return f"{codes} · code INSEE {found.code}"


class PlaceField(ValueElement[Any], component="place_field.js"):
    """`value`: a PlaceValue; empty `place` when no place is given."""

    def __init__(
        self,
        *,
        label: str,
        radius_label: str | None,
        code: str = "",
        radius: int = DEFAULT_RADIUS_KM,
        on_change: Handler[ValueChangeEventArguments[Any]] | None = None,
    ) -> None:
        found = commune(code) if code else None
        value = PlaceValue(
            place=found.code if found else code,
            label=commune_label(found) if found else code,
            radius=radius,
        )
        super().__init__(value=value, on_value_change=on_change)
        self._props["label"] = label
        self._props["radius-label"] = radius_label or ""
        # A radius from the address that the list lacks is offered too, so that it shows; no
        # radius label, no radius (a place of work rather than of search).
        self._props["radii"] = sorted({*RADII_KM, radius}) if radius_label else []
        self._props["error"] = ""
        self.on("search", self._search)

    @property
    def place(self) -> str:
        return str(self.value.get("place") or "").strip()

    @property
    def chosen(self) -> bool:
        """Whether the place is a commune chosen in the list (or given by the address)."""
        return bool(self.place) and commune(self.place) is not None

    def focus(self) -> None:
        self.run_method("focus")

    def show_error(self, message: str | None) -> None:
        """The field's error under it, read out at once and describing the input; or none."""
        self._props["error"] = message or ""
        self.update()

    @property
    def radius(self) -> int:
        return int(self.value.get("radius") or DEFAULT_RADIUS_KM)

    async def _search(self, event: GenericEventArguments) -> None:
        text = str(event.args or "")[:100]
        # The first look-up reads the communes (~1 s): off the event loop.
        found = await asyncio.to_thread(find_places, text, FOUND_AT_MOST)
        pairs = [[c.code, commune_label(c), _caption(c)] for c in found]
        self.run_method("found", text, pairs)

    def _event_args_to_value(self, e: GenericEventArguments) -> Any:
        args = e.args if isinstance(e.args, dict) else {}
        try:
            radius = int(args.get("radius") or DEFAULT_RADIUS_KM)
        except (TypeError, ValueError):
            radius = DEFAULT_RADIUS_KM
        return PlaceValue(
            place=str(args.get("place") or "")[:200],
            label=str(args.get("label") or "")[:200],
            radius=radius,
        )
