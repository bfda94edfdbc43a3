"""The API from a web page of another site, in a real browser: the page, served from a second
origin, calls PASS with fetch() (a candidate's bearer token, JSON bodies: preflighted) and follows
`offerPublished` over WebSocket with the third-party `graphql-ws` client (npm), which the second
site serves itself. What the page shows is what is asserted; a request with credentials is
refused by the browser itself, as CORS without credentials means."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from models.accounts.proof_of_work import solve as solve_proof_of_work
from tests.accounts.helpers import PASSWORD, solve
from tests.e2e.test_live_offers import _graphql, _publish, _recruiter_token
from tests.services import REQUIRE
from tests.waiting import page_wait_until

# umd/graphql-ws.min.js of npm `graphql-ws` (CI fetches it with `npm pack graphql-ws`).
GRAPHQL_WS = Path(os.environ.get("PASS_TEST_GRAPHQL_WS", "graphql-ws.min.js"))
USERNAME = "lea.marchand"
TITLE = "Stage – cartographie des monuments (F/H)"  # what tests.e2e.test_live_offers publishes

# The other site's page. It knows PASS's address and the candidate's token, as a client
# application would after its user signed in through `login`.
PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Un autre site</title>
<script src="/graphql-ws.min.js"></script></head>
<body>
<h1>Offres suivies depuis un autre site</h1>
<p id="compte">…</p>
<p id="recherche">…</p>
<p id="avec-cookies">…</p>
<p id="connexion">…</p>
<ul id="offres" aria-label="Offres reçues"></ul>
<script>
const API = __API__;
const TOKEN = __TOKEN__;
const show = (id, text) => { document.getElementById(id).textContent = text; };

async function call(query, variables) {
  const response = await fetch(API, {
    method: "POST",
    headers: {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"},
    body: JSON.stringify({query, variables}),
  });
  const body = await response.json();
  if (body.errors) throw new Error(body.errors[0].message);
  return body.data;
}

async function main() {
  const me = await call("{ viewer { ... on Candidate { username } } }");
  show("compte", "Connecté en tant que " + me.viewer.username);
  const saved = await call(
    "mutation($f: OfferFilter!) { saveSearch(name: \\"Cartographie\\", filter: $f) "
    + "{ savedSearch { id name } userErrors { message } } }",
    {f: {keywords: "cartographie"}},
  );
  const search = saved.saveSearch.savedSearch;
  show("recherche", "Recherche « " + search.name + " » enregistrée");
  try {
    await fetch(API + "?query={regions{code}}", {credentials: "include"});
    show("avec-cookies", "Réponse lue avec les cookies");
  } catch (error) {
    show("avec-cookies", "Requête avec cookies refusée par le navigateur");
  }
  const client = graphqlWs.createClient({
    url: API.replace(/^http/, "ws"),
    connectionParams: {token: TOKEN},
    on: {connected: () => show("connexion", "Abonné aux nouvelles offres")},
  });
  client.subscribe(
    {
      query: "subscription($s: ID) { offerPublished(savedSearchId: $s) { reference title } }",
      variables: {s: search.id},
    },
    {
      next: ({data, errors}) => {
        const item = document.createElement("li");
        item.textContent = errors ? "Erreur : " + errors[0].message
          : data.offerPublished.title + " – " + data.offerPublished.reference;
        document.getElementById("offres").append(item);
      },
      error: (error) => show("connexion", "Abonnement interrompu : " + JSON.stringify(error)),
      complete: () => {},
    },
  );
}
main().catch((error) => show("compte", "Erreur : " + error.message));
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def graphql_ws() -> bytes:
    if not GRAPHQL_WS.is_file():
        message = f"graphql-ws not found at {GRAPHQL_WS} (set PASS_TEST_GRAPHQL_WS)"
        if REQUIRE:
            pytest.fail(message)
        pytest.skip(message)
    return GRAPHQL_WS.read_bytes()


def _candidate_token(site: str) -> str:
    """A candidate registered through the API, both checks passed, then signed in."""
    captcha = _graphql(site, "mutation { requestCaptcha { token question altcha } }", {})
    challenge = captcha["requestCaptcha"]
    values = {
        "civility": "MADAME",
        "lastName": "Marchand",
        "firstName": "Léa",
        "email": "lea.marchand@exemple.fr",
        "username": USERNAME,
        "password": PASSWORD,
        "passwordConfirmation": PASSWORD,
        "captchaToken": challenge["token"],
        "captchaAnswer": solve(challenge["question"]),
        "altchaPayload": solve_proof_of_work(challenge["altcha"]),
    }
    registered = httpx.post(
        f"{site}/graphql",
        json={
            "query": "mutation($i: RegisterInput!) { register(input: $i) "
            "{ candidate { username } userErrors { field message } } }",
            "variables": {"i": values},
        },
        # Sign-ups are limited per address: this one's own, through the proxy the site trusts.
        headers={"X-Forwarded-For": "10.98.0.1"},
        timeout=30,
    ).json()
    assert registered["data"]["register"]["candidate"] == {"username": USERNAME}, registered
    login = _graphql(
        site,
        "mutation($l: String!, $p: String!) { login(login: $l, password: $p) { token } }",
        {"l": USERNAME, "p": PASSWORD},
    )
    return str(login["login"]["token"])


@contextmanager
def _other_site(page_html: str, graphql_ws: bytes) -> Iterator[str]:
    """A second origin (its own port) serving the page and the graphql-ws bundle."""
    files = {
        "/": (page_html.encode(), "text/html; charset=utf-8"),
        "/graphql-ws.min.js": (graphql_ws, "text/javascript"),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, content_type = files.get(self.path, (b"", ""))
            self.send_response(200 if content_type else 404)
            self.send_header("Content-Type", content_type or "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_of_another_site_calls_the_api_and_follows_new_offers(
    own_site: str, own_site_data: Path, browser: Any, graphql_ws: bytes, artifacts: Path
) -> None:
    site = own_site  # publishing changes the counts other modules check
    token = _candidate_token(site)
    html = PAGE.replace("__API__", json.dumps(f"{site}/graphql")).replace(
        "__TOKEN__", json.dumps(token)
    )
    with _other_site(html, graphql_ws) as origin:
        assert origin.rsplit(":", 1)[1] != site.rsplit(":", 1)[1]  # two origins
        context = browser.new_context(locale="fr-FR")
        page: Page = context.new_page()
        failures: list[str] = []
        page.on("pageerror", lambda error: failures.append(str(error)))
        page.goto(origin + "/")

        # fetch() with a bearer token and a JSON body: preflighted, then read.
        expect(page.locator("#compte")).to_have_text(f"Connecté en tant que {USERNAME}")
        expect(page.locator("#recherche")).to_have_text("Recherche « Cartographie » enregistrée")
        # With cookies the browser withholds the answer: the API never allows credentials.
        expect(page.locator("#avec-cookies")).to_have_text(
            "Requête avec cookies refusée par le navigateur"
        )

        # graphql-ws, token in connection_init, the candidate's saved search followed.
        expect(page.locator("#connexion")).to_have_text("Abonné aux nouvelles offres")
        recruiter = _recruiter_token(site, own_site_data)
        received = page.get_by_role("list", name="Offres reçues").get_by_role("listitem")
        # The server sets the subscription up in its own time, with nothing to tell when it is
        # done: offers are published until one reaches the page, then one more.
        published: list[str] = []

        def one_arrived() -> bool:
            published.append(_publish(site, recruiter))
            try:
                page.wait_for_function(
                    "document.querySelectorAll('#offres li').length > 0", timeout=2000
                )
            except PlaywrightError:
                return False
            return True

        page_wait_until(page, "an offer shown by the other site's page", one_arrived, 90)
        reference = _publish(site, recruiter)
        expect(received.filter(has_text=f"{TITLE} – {reference}")).to_have_count(1)
        expect(received.filter(has_text="Erreur")).to_have_count(0)
        shown = received.all_inner_texts()
        assert set(shown) <= {f"{TITLE} – {r}" for r in [*published, reference]}, shown
        page.screenshot(path=artifacts / "cross-origin-client.png")
        assert failures == []
        context.close()
