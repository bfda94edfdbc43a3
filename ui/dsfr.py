"""The State design system (DSFR), served by the site itself: its stylesheets, Marianne fonts and
icons, copied into ui/static/dsfr by scripts/fetch_dsfr.

The files are served under an address that names the DSFR version, so browsers may keep them a
year: a new version is a new address. The stylesheets are imported into the cascade layers of
NiceGUI's page template (see its index.html): the DSFR core (fonts, colours, typography, focus
outlines, link underlines) in `base`, below Quasar, so that it does not restyle Quasar's widgets;
the components PASS draws with DSFR markup (logo, skip link, links, footer) in `components`, above
Quasar and below Tailwind's utilities. What must win over Quasar (the font, focus outlines) is in
ui/frame.py's own unlayered stylesheet.
"""

from __future__ import annotations

from pathlib import Path

from nicegui import Client, app, ui

__all__ = ["DSFR_URL", "DSFR_VERSION", "install_dsfr"]

DSFR_DIR = Path(__file__).parent / "static" / "dsfr"
DSFR_VERSION = (DSFR_DIR / "VERSION").read_text(encoding="utf-8").strip()
DSFR_URL = f"/dsfr/{DSFR_VERSION}"
_A_YEAR = 365 * 24 * 3600

_CORE = ("core/core.min.css",)
_COMPONENTS = tuple(
    f"component/{name}/{name}.min.css" for name in ("logo", "skiplink", "link", "footer")
)
HEAD = (
    '<style id="pass-dsfr">'
    + "".join(f'@import url("{DSFR_URL}/{path}") layer(base);' for path in _CORE)
    + "".join(f'@import url("{DSFR_URL}/{path}") layer(components);' for path in _COMPONENTS)
    + "</style>"
)


def install_dsfr() -> None:
    """Serves the DSFR files and links them from every page of the process, once (NiceGUI's
    shared HTML is process-wide, and the test runner installs the pages more than once)."""
    app.add_static_files(DSFR_URL, DSFR_DIR, max_cache_age=_A_YEAR)
    if HEAD not in Client.shared_head_html:
        Client.shared_head_html += HEAD + "\n"
    # Quasar writes button labels in capitals; a State site writes them as sentences.
    ui.button.default_props("no-caps")
    # NiceGUI's default blue gives white button text a 3:1 contrast; the State's blue, 4.5:1+.
    # Set for the whole site: `ui.colors` would be one more element in every open page.
    app.colors(primary="#000091")
