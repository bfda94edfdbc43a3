"""Staff accounts on a running site, made as an operator makes them: the admin command, then
the mailed link's new password (through the API, the quickest way a person has too)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse, urlsplit

from tests.e2e.test_live_offers import _graphql

STAFF_PASSWORD = "sentier-brume-lanterne"


def make_admin(site: str, site_data: Path, username: str) -> str:
    """An admin account whose password is STAFF_PASSWORD; its username."""
    env = {**os.environ, "PASS_DATA_DIR": str(site_data), "PASS_SITE_URL": site}
    for name in ("DATABASE_URL", "REDIS_URL", "PASS_STORAGE_SECRET"):
        env.pop(name, None)
    made = subprocess.run(
        [
            sys.executable, "-m", "server.admin", "create-account", "--role", "admin",
            "--civility", "madame", "--last-name", "Chef", "--first-name", "Alice",
            "--email", f"{username}@exemple.gouv.fr", "--username", username,
        ],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    link = re.search(r"https?://\S+jeton=\S+", made.stdout)
    assert link is not None, made.stdout
    token = parse_qs(urlparse(link[0]).query)["jeton"][0]
    reset = _graphql(
        site,
        "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p, "
        "newPasswordConfirmation: $p) { ok userErrors { message } } }",
        {"t": token, "p": STAFF_PASSWORD},
    )
    assert reset["resetPassword"]["ok"], reset
    return username


def on_site(site: str, link: str) -> str:
    """A mailed link, on the site under test (whatever address the site believes it has)."""
    parts = urlsplit(link)
    return f"{site}{parts.path}?{parts.query}"


def link_in(text: str) -> str:
    found = re.search(r"https?://\S+jeton=\S+", text)
    assert found is not None, text
    return found[0]
