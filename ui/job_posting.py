"""What an offer page tells search engines in its <head>: schema.org JobPosting JSON-LD, a
meta description, its canonical address, and `noindex` once it has expired.

An expired offer keeps its page (alert mails and bookmarks point at it) and says so visibly;
for search engines its JobPosting has a `validThrough` in the past, as Google asks of closed
postings, and the page is `noindex` so that it leaves the results instead of sending
candidates to an offer they can no longer apply to. It is also left out of the sitemap.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from html import escape
from typing import Any

from models.clock import PARIS
from models.offers import Offer, is_expired
from models.reference import OfferType, Vocabulary, commune
from models.search import html_to_text
from models.site_paths import offer_path

__all__ = ["head_html", "job_posting", "meta_description"]

# Google's employmentType values: a stage is an internship; an apprenticeship is a work
# contract combined with school, which none of the other values (FULL_TIME, TEMPORARY…)
# describes without misleading, so it is OTHER.
_EMPLOYMENT_TYPE = {OfferType.STAGE: "INTERN", OfferType.APPRENTISSAGE: "OTHER"}
_DESCRIPTION_LENGTH = 160


def _end_of(offer: Offer) -> datetime | None:
    """The moment applications close: the end of the last day, Paris time; for an offer
    withdrawn before that day, the moment it was withdrawn (a date in the past either way)."""
    closing = (
        datetime.combine(offer.expires_on, time(23, 59, 59), PARIS) if offer.expires_on else None
    )
    if is_expired(offer) and (closing is None or closing > offer.updated_at):
        return offer.updated_at.astimezone(PARIS).replace(microsecond=0)
    return closing


def _address(offer: Offer, words: Vocabulary) -> dict[str, str]:
    town = commune(offer.commune_code) if offer.commune_code else None
    address = {
        "@type": "PostalAddress",
        "addressLocality": town.name if town else offer.city,
        "postalCode": town.postal_codes[0] if town and town.postal_codes else "",
        "addressRegion": words.regions.get(offer.region_code or "", ""),
        "addressCountry": offer.country_code,
    }
    return {key: value for key, value in address.items() if value}


def job_posting(offer: Offer, words: Vocabulary, site_url: str) -> dict[str, Any]:
    description = "".join(
        f"<h2>{escape(title, quote=False)}</h2>{html}"
        for title, html in (
            ("Description de l'employeur", offer.employer_description),
            ("Description du poste", offer.post_description),
            ("Profil recherché", offer.profile),
        )
        if html
    )
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": offer.title,
        "description": description or escape(offer.title),
        "identifier": {"@type": "PropertyValue", "name": "PASS", "value": offer.reference},
        "url": site_url + offer_path(offer.reference),
        "employmentType": _EMPLOYMENT_TYPE[OfferType(offer.type)],
        "hiringOrganization": {
            "@type": "Organization",
            "name": words.administrations.get(offer.administration_id, ""),  # type: ignore[attr-defined]
        },
        "jobLocation": {"@type": "Place", "address": _address(offer, words)},
        # Candidates write to the recruiter: there is no application form on the site.
        "directApply": False,
    }
    if offer.published_at:
        posting["datePosted"] = offer.published_at.astimezone(PARIS).date().isoformat()
    if (closing := _end_of(offer)) is not None:
        posting["validThrough"] = closing.isoformat()
    if offer.contract_start:
        posting["jobStartDate"] = offer.contract_start.isoformat()
    if level := words.diploma_levels.get(offer.diploma_level, ""):
        posting["educationRequirements"] = level
    if domain := words.domains.get(offer.domain_id, ""):  # type: ignore[attr-defined]
        posting["occupationalCategory"] = domain
    return posting


def _script_json(value: dict[str, Any]) -> str:
    """JSON that cannot end its <script> element nor open a comment in it, whatever the
    offer's texts hold: <, > and & are written as JSON escapes, which mean the same."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def meta_description(offer: Offer, words: Vocabulary) -> str:
    lead = " – ".join(
        part
        for part in (
            words.types.get(offer.type, ""),
            words.administrations.get(offer.administration_id, ""),  # type: ignore[attr-defined]
            offer.city,
        )
        if part
    )
    text = " ".join(html_to_text(offer.post_description).split())
    summary = f"{lead} : {text}" if text else lead
    if len(summary) > _DESCRIPTION_LENGTH:
        summary = summary[: _DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return summary


def head_html(offer: Offer, words: Vocabulary, site_url: str) -> str:
    tags = [
        f'<meta name="description" content="{escape(meta_description(offer, words))}">',
        f'<link rel="canonical" href="{escape(site_url + offer_path(offer.reference))}">',
        '<script type="application/ld+json">'
        f"{_script_json(job_posting(offer, words, site_url))}</script>",
    ]
    if is_expired(offer):
        tags.append('<meta name="robots" content="noindex">')
    return "\n".join(tags)
