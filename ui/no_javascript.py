"""What every page says when it cannot run: in French, and without JavaScript, readable.

NiceGUI draws its pages in the browser. Without JavaScript its page is blank but for an English
message, « Your browser does not support ES modules », which also shows in browsers too old to
run the page. Every page (NiceGUI's own error pages included) gets instead, in the HTML the
server sends: without JavaScript, the site's name and a French notice (the page may add its own
content after it, ui.frame's `noscript`); with JavaScript but too old a browser, the same English
element reworded in French by CSS. Styles are in a <style> element of the head: ui.add_css needs
JavaScript to apply.
"""

from __future__ import annotations

from nicegui import Client

__all__ = ["install_no_javascript_notice"]

_CSS = """
#esm-fallback { font-size: 0; }
#esm-fallback::before { font-size: 1rem; content: "Votre navigateur est trop ancien pour \\
afficher ce site : utilisez une version récente de Firefox, Chrome, Edge ou Safari."; }
.pass-noscript { max-width: 48rem; margin: 1rem auto; padding: 0 1rem; font-family: sans-serif; }
.pass-noscript h1 { font-size: 1.75rem; line-height: 1.25; font-weight: bold; margin: 1rem 0;
  color: #000091; }
.pass-noscript h2 { font-size: 1.35rem; line-height: 1.3; font-weight: bold; margin: 1rem 0 .5rem; }
.pass-noscript-brand { font-weight: 900; color: #000091; text-decoration: none !important; }
.pass-noscript dt { font-weight: bold; margin-top: .5rem; }
.pass-noscript p, .pass-noscript ul { margin-bottom: .5rem; }
.pass-noscript a { text-decoration: underline; }
"""
HEAD = (
    f'<style id="pass-no-javascript">{_CSS}</style>'
    # Without JavaScript, nothing removes NiceGUI's message: it is hidden instead.
    "<noscript><style>#esm-fallback { display: none !important; }</style></noscript>"
)
BODY = (
    '<noscript><div class="pass-noscript"><p><a href="/" class="pass-noscript-brand">PASS – '
    "Place de l'apprentissage et des stages</a></p>"
    '<p class="pass-noscript-message"><strong>JavaScript est désactivé dans votre '
    "navigateur.</strong> La recherche d'offres et votre compte en ont besoin : activez-le pour "
    "vous en servir. Vous pouvez lire les offres et les pages d'information sans lui.</p>"
    "</div></noscript>"
)


def install_no_javascript_notice() -> None:
    """Adds the notice to every page of the process, once (NiceGUI's shared HTML is
    process-wide, and the test runner installs the pages more than once)."""
    if HEAD not in Client.shared_head_html:
        Client.shared_head_html += HEAD + "\n"
        Client.shared_body_html += BODY + "\n"
