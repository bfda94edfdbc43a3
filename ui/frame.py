"""The frame every page shares: header, navigation, A+/A- text size, footer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import app, ui
from nicegui.events import GenericEventArguments

from models.site_paths import (
    ACCESSIBILITY,
    LEGAL_NOTICE,
    PERSONAL_DATA,
    SAVED_SEARCHES,
    SEARCH,
    SITE_PLAN,
)
from ui.account_session import ACCOUNT_HOME, SIGN_IN, session_token, sign_out_here

__all__ = ["FOOTER_LINKS", "TEXT_SCALES", "frame"]

TEXT_SCALES = (87.5, 100.0, 112.5, 125.0, 150.0)
_DEFAULT_SCALE = 100.0

_CSS = """
:root { --pass-blue: #000091; --pass-red: #e1000f; --pass-grey: #3a3a3a; }
body { font-size: 1rem; color: #161616; background: #f6f6f6; }
.q-field__label, .q-item__label, .q-btn, .q-checkbox__label { font-size: 1rem; }
a { color: #000091; }
a:focus-visible, button:focus-visible { outline: 3px solid #0a76f6; outline-offset: 2px; }
.pass-header { background: white; border-bottom: 1px solid #ddd; }
.pass-brand { color: #000091; }
.pass-card { background: white; border: 1px solid #ddd; border-bottom: 3px solid var(--pass-blue); }
.pass-html ul { list-style: disc; padding-left: 1.5rem; }
.pass-html p { margin-bottom: .5rem; }
/* Long file names and addresses wrap instead of widening the page on a phone. */
.pass-card a, .pass-html { overflow-wrap: anywhere; }
/* Matched words: dark text on light yellow (contrast above 12:1, blue links above 14:1). */
mark { background: #ffe8a3; color: #161616; padding: 0 .1em; border-radius: 2px; }
.pass-card a mark { color: var(--pass-blue); }
"""


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
_BRAND = (
    '<a href="/" class="nicegui-link no-underline"><span class="nicegui-column gap-0">'
    '<span class="text-xs font-bold tracking-wide text-gray-700">'
    "PLACE DE L'APPRENTISSAGE ET DES STAGES</span>"
    '<span class="text-3xl font-black pass-brand leading-none">PASS</span>'
    '<span class="text-xs text-gray-700">AUPRÈS DE LA FONCTION PUBLIQUE</span></span></a>'
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
]
_FOOTER = (
    f"<p>{_FOOTER_TEXT}</p>"
    '<nav aria-label="Pied de page"><ul class="flex flex-wrap gap-x-4 gap-y-1 mt-2">'
    + "".join(
        f'<li><a href="{href}" class="underline">{text}</a></li>' for text, href in FOOTER_LINKS
    )
    + "</ul></nav>"
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


def _on_size_button(event: GenericEventArguments) -> None:
    if event.args in ("-1", "1"):
        _change_scale(int(event.args))


# Every page carries this frame, so it is built from as few server-side elements as it can be:
# the brand, the links and the text size buttons are plain HTML (the size buttons reach the
# server through one delegated click handler); only « Se déconnecter » stays an element.
@contextmanager
def frame(title: str, *, noscript: str = "") -> Iterator[None]:
    """`noscript`: HTML shown instead of the page when JavaScript is off (see _noscript)."""
    ui.page_title(f"{title} – PASS")
    # NiceGUI's default blue gives white button text a 3:1 contrast; the state's blue, 4.5:1+.
    ui.colors(primary="#000091")
    ui.add_css(_CSS)
    ui.add_body_html(_noscript(noscript))
    # Applied before first paint, so a remembered text size does not flicker.
    ui.add_head_html(f"<style>html {{ font-size: {_scale()}%; }}</style>")
    # Decided on the token alone, without a database query on every page: a token that no
    # longer opens a session is dropped by the first page that needs it.
    signed_in = session_token() is not None
    links = [("Accueil", "/"), ("Rechercher une offre", SEARCH)]
    if signed_in:
        links += [("Mes recherches", SAVED_SEARCHES), ("Mon compte", ACCOUNT_HOME)]
    else:
        links.append(("Accès candidat", SIGN_IN))
    sizes = _SIZE_BUTTON.format(step=-1, label="A- : réduire la taille du texte", text="A-")
    sizes += _SIZE_BUTTON.format(step=1, label="A+ : agrandir la taille du texte", text="A+")
    with ui.header(elevated=False).classes("pass-header text-black px-4 py-2"):
        if signed_in:
            with ui.row().classes("w-full max-w-6xl mx-auto items-center justify-between gap-2"):
                ui.html(_BRAND, sanitize=False)
                with (
                    ui.row()
                    .classes("items-center gap-1")
                    .props('role="navigation" aria-label="Menu"')
                ):
                    ui.html(_links(links), sanitize=False).classes("flex items-center gap-1")
                    ui.button("Se déconnecter", on_click=sign_out_here).props(
                        "flat dense no-caps"
                    ).classes("text-black px-2")
                    size_buttons = ui.html(sizes, sanitize=False).classes("flex items-center gap-1")
        else:
            # A visitor's header (most pages served) is a single element.
            size_buttons = ui.html(
                _BRAND + '<nav class="nicegui-row row items-center gap-1" aria-label="Menu">'
                f"{_links(links)}{sizes}</nav>",
                sanitize=False,
            ).classes("w-full max-w-6xl mx-auto flex items-center justify-between gap-2")
        size_buttons.on(
            "click",
            _on_size_button,
            js_handler="(e) => { const b = e.target.closest('button[data-step]'); "
            "if (b) emit(b.dataset.step); }",
        )
    with ui.element("main").classes("w-full max-w-6xl mx-auto px-2 sm:px-4 py-4"):
        yield
    ui.html(_FOOTER, sanitize=False, tag="footer").classes(
        "w-full max-w-6xl mx-auto px-4 py-6 text-sm text-gray-700"
    )
