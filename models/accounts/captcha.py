"""The manual's arithmetic CAPTCHA (« 13 + 4 = »), signed server-side, single use, expiring.

The question is plain text, so a screen reader reads it like any other label; nothing depends
on seeing an image or solving a puzzle with a mouse.
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


@dataclass(frozen=True, slots=True)
class Captcha:
    token: str
    question: str  # "13 + 4 ="
    expires_at: datetime


def _sign(payload: str) -> str:
    key = account_config().secret.encode()
    digest = hmac.new(key, b"captcha:" + payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def new_captcha() -> Captcha:
    first, second = secrets.randbelow(20) + 1, secrets.randbelow(9) + 1
    expires = now() + account_config().captcha_lifetime
    payload = f"{secrets.token_hex(12)}.{first}.{second}.{int(expires.timestamp())}"
    return Captcha(f"{payload}.{_sign(payload)}", f"{first} + {second} =", expires)


async def check_captcha(token: str, answer: str) -> str | None:
    """None when right; else a French message. A checked question cannot be answered again."""
    parts = (token or "").split(".")
    if len(parts) != 5 or not hmac.compare_digest(_sign(".".join(parts[:4])), parts[4]):
        return "Question de vérification invalide : répondez à la nouvelle question."
    question_id, first, second, expires = parts[:4]
    if int(expires) < now().timestamp():
        return "Question de vérification expirée : répondez à la nouvelle question."
    try:
        await UsedCaptcha.create(
            id=question_id, expires_at=datetime.fromtimestamp(int(expires), tz=now().tzinfo)
        )
    except IntegrityError:
        return "Question de vérification déjà utilisée : répondez à la nouvelle question."
    if (answer or "").strip() != str(int(first) + int(second)):
        return "Réponse incorrecte au calcul : répondez à la nouvelle question."
    return None
