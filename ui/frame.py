"""The frame every page shares: header, navigation, A+/A- text size, footer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import app, ui

from models.site_paths import SEARCH
from ui.account_session import ACCOUNT_HOME, SIGN_IN, session_token, sign_out_here

__all__ = ["TEXT_SCALES", "frame"]

TEXT_SCALES = (87.5, 100.0, 112.5, 125.0, 150.0)
_DEFAULT_SCALE = 100.0

_CSS = """
:root { --pass-blue: #000091; --pass-red: #e1000f; --pass-grey: #3a3a3a; }
body { font-size: 1rem; color: #161616; background: #f6f6f6; }
.q-field__label, .q-item__label, .q-btn, .q-checkbox__label { font-size: 1rem; }
a { color: var(--pass-blue); }
a:focus-visible, button:focus-visible { outline: 3px solid #0a76f6; outline-offset: 2px; }
.pass-header { background: white; border-bottom: 1px solid #ddd; }
.pass-brand { color: var(--pass-blue); }
.pass-card { background: white; border: 1px solid #ddd; border-bottom: 3px solid var(--pass-blue); }
.pass-html ul { list-style: disc; padding-left: 1.5rem; }
.pass-html p { margin-bottom: .5rem; }
/* Long file names and addresses wrap instead of widening the page on a phone. */
.pass-card a, .pass-html { overflow-wrap: anywhere; }
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


@contextmanager
def frame(title: str) -> Iterator[None]:
    ui.page_title(f"{title} – PASS")
    # NiceGUI's default blue gives white button text a 3:1 contrast; the state's blue, 4.5:1+.
    ui.colors(primary="#000091")
    ui.add_css(_CSS)
    # Applied before first paint, so a remembered text size does not flicker.
    ui.add_head_html(f"<style>html {{ font-size: {_scale()}%; }}</style>")
    with (
        ui.header(elevated=False).classes("pass-header text-black px-4 py-2"),
        ui.row().classes("w-full max-w-6xl mx-auto items-center justify-between gap-2"),
    ):
        with ui.link(target="/").classes("no-underline"), ui.column().classes("gap-0"):
            ui.label("PLACE DE L'APPRENTISSAGE ET DES STAGES").classes(
                "text-xs font-bold tracking-wide text-gray-700"
            )
            ui.label("PASS").classes("text-3xl font-black pass-brand leading-none")
            ui.label("AUPRÈS DE LA FONCTION PUBLIQUE").classes("text-xs text-gray-700")
        with ui.row().classes("items-center gap-1").props('role="navigation" aria-label="Menu"'):
            ui.link("Accueil", "/").classes("px-2")
            ui.link("Rechercher une offre", SEARCH).classes("px-2")
            # Decided on the token alone, without a database query on every page: a token
            # that no longer opens a session is dropped by the first page that needs it.
            if session_token() is None:
                ui.link("Accès candidat", SIGN_IN).classes("px-2")
            else:
                ui.link("Mon compte", ACCOUNT_HOME).classes("px-2")
                ui.button("Se déconnecter", on_click=sign_out_here).props(
                    "flat dense no-caps"
                ).classes("text-black px-2")
            ui.button("A-", on_click=lambda: _change_scale(-1)).props(
                'flat dense aria-label="Réduire la taille du texte"'
            ).classes("text-black")
            ui.button("A+", on_click=lambda: _change_scale(1)).props(
                'flat dense aria-label="Agrandir la taille du texte"'
            ).classes("text-black")
    with ui.element("main").classes("w-full max-w-6xl mx-auto px-2 sm:px-4 py-4"):
        yield
    with ui.element("footer").classes("w-full max-w-6xl mx-auto px-4 py-6 text-sm text-gray-700"):
        ui.label(
            "PASS recense les offres de stage et d'apprentissage des administrations. "
            "On ne postule pas sur le site : chaque offre indique à qui écrire."
        )
