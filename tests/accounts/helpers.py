"""Building candidates the way a person would: through registration, both checks passed."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

from nicegui.testing import User

from models.accounts.captcha import new_captcha
from models.accounts.proof_of_work import new_challenge
from models.accounts.proof_of_work import solve as solve_proof_of_work
from models.accounts.registration import Registration, register
from models.accounts.tables import Account
from ui.pages.account.proof_of_work import SOLVER_SCRIPT

PASSWORD = "tartine-riviere-soleil"

# Each candidate built here arrives from an address of its own, so that tests creating many
# accounts stay under the per-address sign-up limit; tests of that limit choose theirs.
_addresses = (f"198.18.{n // 250}.{n % 250 + 1}" for n in itertools.count())


def fresh_address() -> str:
    return next(_addresses)


def solve(question: str) -> str:
    """The answer to the arithmetic question « 13 + 4 = »."""
    first, second = question.removesuffix("=").split("+")
    return str(int(first) + int(second))


def solved_challenge() -> str:
    """The solution payload of a fresh proof-of-work challenge, as a browser sends it."""
    return solve_proof_of_work(new_challenge())


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
        altcha_payload=solved_challenge(),
    )
    return replace(form, **changes)


async def new_candidate(*, client_address: str | None = None, **changes: Any) -> Account:
    return await register(registration(**changes), client_address=client_address or fresh_address())


def answer_proof_of_work_in_python(user: User) -> None:
    """NiceGUI's simulated user has no browser: the page's solver script is answered by
    solving its challenge in Python, as the script does in a browser."""
    user.javascript_rules[SOLVER_SCRIPT] = lambda match: solve_proof_of_work(match[1])
