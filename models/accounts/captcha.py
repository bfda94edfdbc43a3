"""The manual's arithmetic CAPTCHA (« 13 + 4 = »), signed server-side, single use, expiring.

The question is plain text, so a screen reader reads it like any other label; nothing depends
on seeing an image or solving a puzzle with a mouse.

The question travels beside the token, never inside it: the token is
`id.expiry.tag.proof`, where `tag` signs the id and expiry (so a forged token is refused
without touching the database) and `proof` is an HMAC of id, expiry and the answer. Checking
recomputes `proof` with the submitted answer; without the secret, nothing in the token tells
the numbers or the sum, and trying the possible sums offline is impossible.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError

from models.accounts.config import account_config
from models.accounts.tables import UsedCaptcha
from models.clock import now

__all__ = ["Captcha", "check_captcha", "new_captcha"]

INVALID = "Question de vérification invalide : répondez à la nouvelle question."


@dataclass(frozen=True, slots=True)
class Captcha:
    token: str
    question: str  # "13 + 4 ="
    expires_at: datetime


def _mac(purpose: str, *parts: str) -> str:
    key = account_config().secret.encode()
    message = f"captcha-{purpose}:" + "|".join(parts)
    digest = hmac.new(key, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def new_captcha() -> Captcha:
    first, second = secrets.randbelow(20) + 1, secrets.randbelow(9) + 1
    expires = now() + account_config().captcha_lifetime
    question_id, expiry = secrets.token_hex(12), str(int(expires.timestamp()))
    tag = _mac("id", question_id, expiry)
    proof = _mac("answer", question_id, expiry, str(first + second))
    return Captcha(f"{question_id}.{expiry}.{tag}.{proof}", f"{first} + {second} =", expires)


def _normalised(answer: str) -> str:
    """« 17 », « 017 » and « ١٧ » are the same answer; anything else is no number."""
    try:
        return str(int((answer or "").strip()))
    except ValueError:
        return ""


async def check_captcha(token: str, answer: str) -> str | None:
    """None when right; else a French message. A checked question cannot be answered again,
    rightly or wrongly, so each token gives one guess."""
    parts = (token or "").split(".")
    if len(parts) != 4 or not hmac.compare_digest(_mac("id", *parts[:2]), parts[2]):
        return INVALID
    question_id, expiry, _, proof = parts
    expires = int(expiry)
    if expires < now().timestamp():
        return "Question de vérification expirée : répondez à la nouvelle question."
    try:
        await UsedCaptcha.create(
            id=question_id, expires_at=datetime.fromtimestamp(expires, tz=now().tzinfo)
        )
    except IntegrityError:
        return "Question de vérification déjà utilisée : répondez à la nouvelle question."
    if not hmac.compare_digest(_mac("answer", question_id, expiry, _normalised(answer)), proof):
        return "Réponse incorrecte au calcul : répondez à la nouvelle question."
    return None
