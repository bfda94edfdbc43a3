"""An ALTCHA proof-of-work challenge: a browser solves it unseen in a fraction of a second; a
script creating accounts in bulk pays the same CPU time for each.

The standard ALTCHA format (version 1 of the `altcha` library, the format of the ALTCHA
widget): the challenge is `{algorithm, challenge, maxNumber, salt, signature}` where
`challenge = SHA-256(salt + number)` for a secret `number` ≤ `maxNumber`, and `signature` is
an HMAC of it with a key derived from the site's secret. The solution payload is the base64
of the JSON `{algorithm, challenge, number, salt, signature}`. The salt carries the expiry
(`?expires=…`); each challenge is accepted once (its nonce lands in `UsedCaptcha`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime

from tortoise.exceptions import IntegrityError

from models.accounts.config import account_config
from models.accounts.tables import UsedCaptcha
from models.clock import now

__all__ = ["MISSING", "check_solution", "new_challenge", "solve"]

MISSING = (
    "La vérification anti-robot de votre navigateur n'a pas abouti : rechargez la page, puis "
    "renvoyez le formulaire."
)
_EXPIRED = "La vérification anti-robot a expiré : renvoyez le formulaire."
_USED = "Cette vérification anti-robot a déjà servi : renvoyez le formulaire."
# A payload is a few hundred characters; anything much longer is not one.
_MAX_PAYLOAD = 2_000


def _key() -> bytes:
    # Its own key, derived from the secret: an ALTCHA signature can never pass for another one.
    secret = account_config().secret.encode()
    return hmac.new(secret, b"altcha-challenge", hashlib.sha256).digest()


def new_challenge() -> str:
    """The challenge as ALTCHA's JSON, for the browser (or any API client) to solve."""
    from altcha.v1 import SHA256, create_challenge  # on first use: a web process starts without it

    expires = now() + account_config().captcha_lifetime
    challenge = create_challenge(
        algorithm=SHA256,
        max_number=account_config().proof_of_work_max_number,
        salt_length=12,
        hmac_key=_key(),
        salt="",
        number=None,
        expires=expires,
        params=None,
    )
    return json.dumps(challenge.to_dict(), separators=(",", ":"))


def solve(challenge_json: str) -> str:
    """The payload that solves the challenge, as a browser would send it (for API clients in
    Python, and for tests without a browser)."""
    from altcha.v1 import Payload, solve_challenge  # on first use: a web process starts without it

    challenge = json.loads(challenge_json)
    solution = solve_challenge(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"]
    )
    if solution is None:
        raise ValueError("no number solves this challenge")
    return Payload(
        challenge["algorithm"],
        challenge["challenge"],
        solution.number,
        challenge["salt"],
        challenge["signature"],
    ).to_base64()


async def check_solution(payload: str) -> str | None:
    """None when the payload solves a challenge of ours, unexpired and unused; else a French
    message. A valid solution is spent by its check."""
    if not payload or len(payload) > _MAX_PAYLOAD:
        return MISSING
    from altcha.v1 import Payload, verify_solution  # on first use: a web process starts without it

    try:
        verified, _ = verify_solution(payload, _key(), check_expires=True)
        parsed = Payload.from_base64(payload)
        nonce, expires, _ = parsed.parse_salt()
    except (ValueError, TypeError, KeyError, AttributeError):
        return MISSING  # not base64, not JSON, or not an object with the expected fields
    if expires is None:
        return MISSING  # ours always expire
    if not verified:
        return _EXPIRED if expires < now().timestamp() else MISSING
    try:
        await UsedCaptcha.create(
            id=f"pow:{nonce[:28]}", expires_at=datetime.fromtimestamp(expires, tz=now().tzinfo)
        )
    except IntegrityError:
        return _USED
    return None
