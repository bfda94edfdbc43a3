"""The way out of an empty search around a place: drop the place, or widen its radius."""

from __future__ import annotations

import re
from html import unescape

from nicegui import ui
from nicegui.testing import User


def _links(user: User) -> dict[str, str]:
    """The rescue links, label to address."""
    html = unescape("".join(str(e.content) for e in user.find(kind=ui.html).elements))
    [items] = re.findall(r'<ul class="list-disc ml-6 pass-relaxations">(.*?)</ul>', html)
    return {label: href for href, label in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', items)}


async def test_a_place_too_far_from_any_offer_is_dropped_or_widened(
    demo_db: str, user: User
) -> None:
    await user.open("/recherche?pres=05061:10&tri=distance")
    await user.should_see("Aucune offre ne correspond à votre recherche")
    links = _links(user)
    widened = links.pop("à 100 km de Gap au lieu de 10 : 5 offres")
    [(dropped_label, dropped)] = links.items()
    assert dropped_label.startswith("sans « Lieu : Gap (10 km) » : ")
    # Without a place the distance order cannot be kept: the link asks for the default one.
    assert dropped == "/recherche"
    assert "tri=distance" in widened and "05061" in widened
    await user.open(widened)
    await user.should_see("5 offres correspondent à votre recherche")
    await user.open(dropped)
    await user.should_see(dropped_label.split(" : ")[-1] + " correspondent à votre recherche")
