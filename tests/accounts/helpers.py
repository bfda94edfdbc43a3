"""Building candidates the way a person would: through registration, CAPTCHA solved."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from models.accounts.captcha import new_captcha
from models.accounts.registration import Registration, register
from models.accounts.tables import Candidate

PASSWORD = "tartine-riviere-soleil"


def solve(question: str) -> str:
    first, second = question.removesuffix("=").split("+")
    return str(int(first) + int(second))


def registration(**changes: Any) -> Registration:
    captcha = new_captcha()
    form = Registration(
        civility="madame",
        last_name="Durand",
        first_name="Zoé",
        phone="06 12 34 56 78",
        email="zoe.durand@exemple.fr",
        username="zoe.durand",
        password=PASSWORD,
        password_confirmation=PASSWORD,
        captcha_token=captcha.token,
        captcha_answer=solve(captcha.question),
    )
    return replace(form, **changes)


async def new_candidate(**changes: Any) -> Candidate:
    return await register(registration(**changes))
