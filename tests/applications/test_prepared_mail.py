"""« Écrire au recruteur »: the prepared mail's subject and letter, within a length every mail
program takes, whatever the title."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from models.offers.tables import Offer
from ui.offer_contact import MAILTO_MAX, mailto


def _fields(href: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(href).query).items()}


def test_the_letter_names_the_offer_and_cannot_add_fields() -> None:
    offer = Offer(reference="S-2026-0042", title="Stage & data ? #1", contact_email="rh@ex.fr")
    href = mailto(offer)
    assert href.startswith("mailto:rh@ex.fr?subject=")
    fields = _fields(href)
    assert set(fields) == {"subject", "body"}
    assert fields["subject"] == "Candidature – S-2026-0042 – Stage & data ? #1"
    assert fields["body"].startswith("Madame, Monsieur,\n\nJe vous adresse ma candidature à ")
    assert "« Stage & data ? #1 » (référence S-2026-0042)" in fields["body"]


def test_a_long_title_is_dropped_from_the_letter_then_cut_in_the_subject() -> None:
    medium = Offer(reference="S-2026-0042", title="é" * 150, contact_email="rh@ex.fr")
    href = mailto(medium)
    assert len(href) <= MAILTO_MAX
    assert "référence" not in _fields(href)["body"]  # the reference alone
    assert "S-2026-0042" in _fields(href)["body"]
    assert _fields(href)["subject"] == "Candidature – S-2026-0042 – " + "é" * 150
    longest = Offer(reference="S-2026-0042", title="–" * 200, contact_email="rh@ex.fr")
    href = mailto(longest)
    assert len(href) <= MAILTO_MAX
    assert _fields(href)["subject"] == "Candidature – S-2026-0042 – " + "–" * 72
