"""The pages every State site has, linked from every page's footer: accessibility statement,
legal notice, personal data and cookies, site plan. Their text is the same with or without
JavaScript (ui.legal_texts)."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from models.site_paths import ACCESSIBILITY, LEGAL_NOTICE, PERSONAL_DATA, SITE_PLAN
from ui.frame import frame
from ui.legal_texts import (
    accessibility_html,
    legal_notice_html,
    personal_data_html,
    site_plan_html,
)

__all__ = ["accessibility", "legal_notice", "personal_data", "site_plan"]


# Tailwind's reset leaves headings and links in ui.html looking like body text.
_CSS = """
.pass-legal h2 { font-size: 1.25rem; font-weight: bold; margin: 1.25rem 0 .5rem; }
.pass-legal a { text-decoration: underline; }
"""


def _page(title: str, text: Callable[[], str]) -> None:
    body = text()
    ui.add_css(_CSS)
    with (
        frame(title, noscript=f"<h1>{title}</h1>{body}"),
        ui.card().classes("pass-card w-full p-4 sm:p-6"),
    ):
        ui.html(f'<h1 class="text-2xl font-bold pass-brand mb-4">{title}</h1>', sanitize=False)
        ui.html(body, sanitize=False).classes("pass-html pass-legal")


@ui.page(ACCESSIBILITY)
def accessibility() -> None:
    _page("Déclaration d'accessibilité", accessibility_html)


@ui.page(LEGAL_NOTICE)
def legal_notice() -> None:
    _page("Mentions légales", legal_notice_html)


@ui.page(PERSONAL_DATA)
def personal_data() -> None:
    _page("Données personnelles et cookies", personal_data_html)


@ui.page(SITE_PLAN)
def site_plan() -> None:
    _page("Plan du site", site_plan_html)
