"""The frame every page shares: header, navigation, A+/A- text size, footer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from nicegui import app, ui
from nicegui.events import GenericEventArguments

from models.site_paths import (
    ACCESSIBILITY,
    APPLICATIONS,
    LEGAL_NOTICE,
    OPEN_DATA,
    PERSONAL_DATA,
    RECRUITER_OFFERS,
    RECRUITER_SIGN_IN,
    SAVED_OFFERS,
    SAVED_SEARCHES,
    SEARCH,
    SITE_PLAN,
)
from ui.account_session import (
    ACCOUNT_HOME,
    SIGN_IN,
    session_token,
    sign_out_here,
    signed_in_as_staff,
)
from ui.frame_css import FRAME_CSS
from ui.shared_css import shared_css

__all__ = ["FOOTER_LINKS", "TEXT_SCALES", "frame"]

TEXT_SCALES = (87.5, 100.0, 112.5, 125.0, 150.0)
_DEFAULT_SCALE = 100.0

_CSS = (
    """
:root { --pass-blue: #000091; --pass-red: #e1000f; --pass-grey: #3a3a3a; }
body { font-family: Marianne, arial, sans-serif; font-size: 1rem; color: #161616;
  background: #f6f6f6; }
.q-field__label, .q-item__label, .q-btn, .q-checkbox__label { font-size: 1rem; }
/* Quasar capitalises button labels; a State site writes them as sentences. */
.q-btn { text-transform: none; }
a { color: #000091; }
/* A visible focus on every control, as DSFR draws it (2 px, #0a76f6: 4.4:1 on white): Quasar's
   widgets show focus by a faint tint, with `outline: 0 !important` (its .no-outline class) in
   NiceGUI's last layer; an !important declaration in an earlier layer beats it. Fields show
   the focus around their box. */
@layer base {
  a:focus-visible, button:focus-visible, [tabindex]:focus-visible, .q-btn:focus-visible,
  .q-checkbox:focus-visible, .q-radio:focus-visible, .q-toggle:focus-visible,
  .q-field--focused .q-field__control {
    outline: 2px solid #0a76f6 !important; outline-offset: 2px !important; }
  .q-field--focused .q-field__native:focus-visible,
  .q-field--focused .q-field__input:focus-visible, .pass-content:focus {
    outline: none !important; }
}
.pass-card { background: white; border: 1px solid #ddd; border-bottom: 3px solid var(--pass-blue); }
.pass-html ul { list-style: disc; padding-left: 1.5rem; }
.pass-html p { margin-bottom: .5rem; }
/* Long file names and addresses wrap instead of widening the page on a phone. */
.pass-card a, .pass-html { overflow-wrap: anywhere; }
/* Matched words: dark text on light yellow (contrast above 12:1, blue links above 14:1). */
mark { background: #ffe8a3; color: #161616; padding: 0 .1em; border-radius: 2px; }
.pass-card a mark { color: var(--pass-blue); }
"""
    + FRAME_CSS
)


def _scale() -> float:
    value = app.storage.user.get("text_scale", _DEFAULT_SCALE)
    return float(value) if value in TEXT_SCALES else _DEFAULT_SCALE


def _apply(scale: float) -> None:
    ui.run_javascript(f"document.documentElement.style.fontSize = '{scale}%'")


def _change_scale(step: int) -> None:
    position = TEXT_SCALES.index(_scale()) + step
    scale = TEXT_SCALES[max(0, min(len(TEXT_SCALES) - 1, position))]
    app.storage.user["text_scale"] = scale
    _apply(scale)


# Quasar's flat dense button, as ui.button renders it: the size buttons look as they did.
_SIZE_BUTTON = (
    '<button type="button" data-step="{step}" aria-label="{label}" class="q-btn q-btn-item '
    "non-selectable no-outline q-btn--flat q-btn--rectangle q-btn--actionable q-focusable "
    'q-hoverable q-btn--dense text-black"><span class="q-focus-helper"></span>'
    '<span class="q-btn__content text-center col items-center q-anchor--skip justify-center row">'
    '<span class="block">{text}</span></span></button>'
)
_SIZES = '<span class="pass-sizes">{}{}</span>'.format(
    _SIZE_BUTTON.format(step=-1, label="A- : réduire la taille du texte", text="A-"),
    _SIZE_BUTTON.format(step=1, label="A+ : agrandir la taille du texte", text="A+"),
)
_LOGO = '<span class="fr-logo">République<br>Française</span>'
# The DSFR brand block: the République française block beside the service's name, one link home.
_BRAND = (
    f'<a href="/" class="pass-home" title="Accueil – PASS">{_LOGO}'
    '<span class="pass-service"><span class="pass-service-title">PASS</span>'
    '<span class="pass-tagline">Place de l\'apprentissage et des stages'
    '<span class="pass-tagline-more"> auprès de la fonction publique</span></span></span></a>'
)
# Opens and closes the links on a phone, in the browser alone (see _CLICKS).
_MENU_BUTTON = (
    '<button type="button" class="pass-menu-button" aria-expanded="false" '
    'aria-controls="{nav}">Menu</button>'
)
_NAV_ID = "pass-nav"


def _skip_link(target: str) -> str:
    return (
        '<div class="fr-skiplinks"><nav aria-label="Accès rapide"><ul class="fr-skiplinks__list">'
        f'<li><a class="fr-link" href="#{target}">Aller au contenu</a></li></ul></nav></div>'
    )


_FOOTER_TEXT = (
    "PASS recense les offres de stage et d'apprentissage des administrations. "
    "On ne postule pas sur le site : chaque offre indique à qui écrire."
)
# The links every State site's footer carries; the accessibility link states the conformity
# status, as the RGAA asks (ui/pages/accessibility.py says what was measured).
FOOTER_LINKS = [
    ("Plan du site", SITE_PLAN),
    ("Accessibilité : non conforme", ACCESSIBILITY),
    ("Mentions légales", LEGAL_NOTICE),
    ("Données personnelles et cookies", PERSONAL_DATA),
    ("Données ouvertes", OPEN_DATA),
]
# The State's sites that the DSFR footer names.
_STATE_SITES = ("info.gouv.fr", "service-public.fr", "legifrance.gouv.fr", "data.gouv.fr")
_FOOTER = (
    '<div class="fr-footer"><div class="fr-container"><div class="fr-footer__body">'
    '<div class="fr-footer__brand fr-enlarge-link"><a href="/" title="Accueil – PASS">'
    f'<span class="fr-logo">République<br>Française</span></a></div>'
    f'<div class="fr-footer__content"><p class="fr-footer__content-desc">{_FOOTER_TEXT}</p>'
    '<ul class="fr-footer__content-list">'
    + "".join(
        f'<li class="fr-footer__content-item"><a class="fr-footer__content-link" '
        f'href="https://www.{site}">{site}</a></li>'
        for site in _STATE_SITES
    )
    + '</ul></div></div><nav class="fr-footer__bottom" aria-label="Pied de page">'
    '<ul class="fr-footer__bottom-list">'
    + "".join(
        f'<li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" '
        f'href="{href}">{text}</a></li>'
        for text, href in FOOTER_LINKS
    )
    + "</ul></nav></div></div>"
)


def _noscript(content: str) -> str:
    """What a page shows without JavaScript after the site's notice (ui.no_javascript): what
    the page passes to frame(noscript=…), e.g. an offer's essentials, and the footer's links."""
    links = "".join(f'<li><a href="{h}">{t}</a></li>' for t, h in FOOTER_LINKS)
    return (
        f'<noscript><div class="pass-noscript">{content}'
        f'<nav aria-label="Pied de page"><ul>{links}</ul></nav></div></noscript>'
    )


def _links(links: list[tuple[str, str]]) -> str:
    return "".join(f'<a href="{href}" class="nicegui-link px-2">{text}</a>' for text, href in links)


@lru_cache(maxsize=16)
def _visitor_header(top: str, links: tuple[tuple[str, str], ...]) -> str:
    """One string for every visitor's header, whichever page they have open (each open page
    keeps its header's text: shared, it is kept once)."""
    return (
        f'<div class="pass-header-inner">{top}'
        f'<nav id="{_NAV_ID}" class="pass-nav" aria-label="Menu principal">'
        f"{_links(list(links))}{_SIZES}</nav></div>"
    )


def _on_size_button(event: GenericEventArguments) -> None:
    if event.args in ("-1", "1"):
        _change_scale(int(event.args))


# One delegated listener on the header: « Menu » opens the links without a round trip to the
# server; only the text size buttons reach it. Pages carry no inline handlers (onclick=…).
_CLICKS = """(e) => {
  const menu = e.target.closest('.pass-menu-button');
  if (menu) {
    const open = menu.getAttribute('aria-expanded') !== 'true';
    menu.setAttribute('aria-expanded', String(open));
    document.getElementById(menu.getAttribute('aria-controls'))
      .classList.toggle('pass-nav--open', open);
    return;
  }
  const size = e.target.closest('button[data-step]');
  if (size) emit(size.dataset.step);
}"""


# Every page carries this frame, so it is built from as few server-side elements as it can be:
# the brand, the links, « Menu » and the text size buttons are plain HTML (one delegated click
# handler serves them); only « Se déconnecter » stays an element.
# The header is not fixed: it scrolls away with the page. Header and footer sit outside Quasar's
# page, whose element is the page's one <main>.
@contextmanager
def frame(title: str, *, noscript: str = "") -> Iterator[None]:
    """`noscript`: HTML shown instead of the page when JavaScript is off (see _noscript)."""
    ui.page_title(f"{title} – PASS")
    shared_css(_CSS)
    ui.add_body_html(_noscript(noscript))
    # Applied before first paint, so a remembered text size does not flicker.
    ui.add_head_html(f"<style>html {{ font-size: {_scale()}%; }}</style>")
    # Decided on the token alone, without a database query on every page: a token that no
    # longer opens a session is dropped by the first page that needs it.
    signed_in = session_token() is not None
    links = [("Accueil", "/"), ("Rechercher une offre", SEARCH)]
    if signed_in:
        # Staff publish offers; saved searches and their alerts are the candidates' business.
        if signed_in_as_staff():
            links.append(("Mes offres", RECRUITER_OFFERS))
        else:
            links.append(("Mes recherches", SAVED_SEARCHES))
            links.append(("Mes candidatures", APPLICATIONS))
            links.append(("Offres sauvegardées", SAVED_OFFERS))
        links.append(("Mon compte", ACCOUNT_HOME))
    else:
        links += [("Accès candidat", SIGN_IN), ("Accès recruteur", RECRUITER_SIGN_IN)]
    # The skip link's target, made first so that the header can name it; filled last.
    content = ui.element("div").classes("pass-content w-full max-w-6xl mx-auto px-2 sm:px-4 py-4")
    content.props('tabindex="-1"')
    top = _skip_link(content.html_id) + _BRAND + _MENU_BUTTON.format(nav=_NAV_ID)
    layout = ui.context.client.layout
    # Plain <header> and <footer> elements beside Quasar's page (its <main>), not Quasar's
    # QHeader and QFooter: a visitor's header and the footer are then one element each.
    with layout:
        if signed_in:
            with (
                ui.element("header").classes("pass-header") as header,
                ui.element("div").classes("pass-header-inner") as clickable,
            ):
                ui.html(top, sanitize=False).classes("contents")
                with (
                    ui.element("nav")
                    .classes("pass-nav")
                    .props(f'id="{_NAV_ID}" aria-label="Menu principal"')
                ):
                    ui.html(_links(links), sanitize=False).classes("contents")
                    ui.button("Se déconnecter", on_click=sign_out_here).props("flat dense")
                    ui.html(_SIZES, sanitize=False).classes("contents")
        else:
            # A visitor's header (most pages served) is a single element.
            header = clickable = ui.html(
                _visitor_header(top, tuple(links)), sanitize=False, tag="header"
            ).classes("pass-header")
    header.move(target_index=0)
    clickable.on("click", _on_size_button, js_handler=_CLICKS)
    with content:
        yield
    with layout:
        ui.html(_FOOTER, sanitize=False, tag="footer").classes("pass-footer")
