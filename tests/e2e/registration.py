"""Filling « Créer un compte » as a person does, question answered, for the browser tests; the
browser itself solves the proof-of-work challenge, as anyone's does."""

from __future__ import annotations

import itertools
import random
import re

from playwright.sync_api import Page, expect

from tests.accounts.helpers import PASSWORD, solve
from ui.pages.account.proof_of_work import FAILED

# Sign-ups are limited per client address (models.accounts.limits_policy: 5 an hour), and the
# browser tests share one site: each registration comes from an address of its own, as from
# behind the proxy whose X-Forwarded-For uvicorn trusts (from 127.0.0.1, its default).
_ADDRESSES = itertools.count(random.randrange(1 << 16))


def _own_client_address(page: Page) -> None:
    number = next(_ADDRESSES) % (1 << 16)
    page.context.set_extra_http_headers({"X-Forwarded-For": f"10.99.{number >> 8}.{number & 255}"})
    page.reload()


def submit_registration(
    page: Page, *, civility: str, last_name: str, first_name: str, email: str, username: str
) -> None:
    """On the open registration page: fills the form, answers the question, creates the account
    and waits for the confirmation."""
    _own_client_address(page)
    page.get_by_role("radio", name=civility).click()
    page.get_by_label("Nom", exact=True).fill(last_name)
    page.get_by_label("Prénom", exact=True).fill(first_name)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    question = page.get_by_text(re.compile(r"^Vérification : combien font \d+ \+ \d+ \?$"))
    asked = re.search(r"(\d+) \+ (\d+)", question.inner_text())
    assert asked is not None
    page.get_by_label("Résultat du calcul").fill(solve(f"{asked[1]} + {asked[2]} ="))
    # The browser does the proof of work unseen (ui/static/altcha_solver.js).
    expect(page.get_by_text(FAILED)).to_have_count(0)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_text("Votre compte est créé.", exact=False)).to_be_visible()
