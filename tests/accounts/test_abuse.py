"""What the site refuses to a script: mailing anyone fast, creating accounts in bulk, and
telling whether an address has an account (issue 9, findings 4 and 5)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import socket
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest

from models.accounts.captcha import check_captcha, new_captcha
from models.accounts.config import account_config, configure_accounts
from models.accounts.deletion import delete_account
from models.accounts.profile import change_password, request_email_change
from models.accounts.proof_of_work import check_solution, new_challenge
from models.accounts.recovery import request_password_reset
from models.accounts.registration import register
from models.accounts.signin import sign_in
from models.accounts.tables import Account
from models.accounts.throttle import UNAVAILABLE, forget_throttles
from models.errors import UserErrors
from models.mail.tables import OutgoingMail
from tests.accounts.helpers import PASSWORD, new_candidate, registration, solve, solved_challenge

NEW_PASSWORD = "girafe-bleue-du-jardin"


async def _codes(coroutine: Awaitable[object]) -> dict[str | None, str]:
    with pytest.raises(UserErrors) as raised:
        await coroutine
    return {e.field: e.code for e in raised.value.errors}


# --- Mails to anyone, fast ----------------------------------------------------------------


async def test_thirty_reset_requests_send_three_mails_and_answer_alike(db: str) -> None:
    await new_candidate()
    # From thirty addresses at once, as a script spread over many hosts would.
    for login in ("zoe.durand@exemple.fr", "personne@exemple.fr"):
        results = await asyncio.gather(
            *(request_password_reset(login, client_address=f"10.30.0.{n}") for n in range(30)),
            return_exceptions=True,
        )
        assert results == [None] * 30, login  # the same answer, account or not, mail or not
    assert await OutgoingMail.filter(kind="password_reset").count() == 3


async def test_reset_requests_from_one_address_are_limited(db: str) -> None:
    for n in range(10):
        await request_password_reset(f"inconnu{n}", client_address="10.31.0.1")
    with pytest.raises(UserErrors) as raised:
        await request_password_reset("inconnu", client_address="10.31.0.1")
    [error] = raised.value.errors
    assert (error.field, error.code) == ("login", "too_many_attempts")
    assert error.message.startswith("Trop de demandes de réinitialisation")
    await request_password_reset("inconnu", client_address="10.31.0.2")  # another address


async def _median_seconds(call: Callable[[int], Awaitable[object]], times: int) -> float:
    spent = []
    for n in range(times):
        started = time.perf_counter()
        with contextlib.suppress(UserErrors):
            await call(n)
        spent.append(time.perf_counter() - started)
    return statistics.median(spent)


async def test_reset_answer_takes_as_long_with_or_without_an_account(db: str) -> None:
    await new_candidate()
    existing = await _median_seconds(
        lambda n: request_password_reset("zoe.durand", client_address=f"10.32.0.{n}"), 3
    )
    unknown = await _median_seconds(
        lambda n: request_password_reset("personne", client_address=f"10.32.1.{n}"), 3
    )
    floor = account_config().reset_answer_seconds
    assert floor <= existing < floor + 0.1 and floor <= unknown < floor + 0.1
    assert abs(existing - unknown) < 0.05


# --- Accounts in bulk -----------------------------------------------------------------------


async def test_sixth_sign_up_from_one_address_is_refused(db: str) -> None:
    for n in range(5):
        await new_candidate(
            client_address="10.40.0.1", username=f"zoe{n}", email=f"zoe{n}@exemple.fr"
        )
    with pytest.raises(UserErrors) as raised:
        await new_candidate(client_address="10.40.0.1", username="zoe5", email="zoe5@exemple.fr")
    [error] = raised.value.errors
    assert error.code == "too_many_attempts"
    assert error.message.startswith("Trop de créations de compte depuis votre connexion")
    assert await Account.filter(username="zoe5").count() == 0
    await new_candidate(client_address="10.40.0.2", username="zoe5", email="zoe5@exemple.fr")


async def test_failed_anti_bot_checks_do_not_spend_the_sign_up_budget(db: str) -> None:
    for _ in range(8):
        assert await _codes(
            register(registration(captcha_answer="0"), client_address="10.41.0.1")
        ) == {"captcha_answer": "captcha"}
    await new_candidate(client_address="10.41.0.1")


async def test_welcome_mails_to_one_address_are_limited(db: str) -> None:
    # Create, delete, create again: each address gets at most three welcome mails a day.
    for n in range(4):
        candidate = await new_candidate(username=f"zoe{n}")
        await delete_account(candidate, password=PASSWORD)
    welcomes = await OutgoingMail.filter(kind="welcome", to_address="zoe.durand@exemple.fr")
    assert len(welcomes) == 3


async def test_captcha_token_holds_neither_the_numbers_nor_the_sum(db: str) -> None:
    for _ in range(20):
        captcha = new_captcha()
        first, second = (int(x) for x in re.findall(r"\d+", captcha.question))
        question_id, expiry, _tag, _proof = captcha.token.split(".")
        # The only decimal part is the expiry; the others are random or keyed digests.
        assert re.fullmatch(r"[0-9a-f]{24}", question_id)
        assert int(expiry) == int(captcha.expires_at.timestamp())
        for number in {first, second, first + second}:
            assert f".{number}." not in f".{captcha.token}."
        # Only the right sum passes, and a token is good for one try, right or wrong.
        assert await check_captcha(captcha.token, str(first + second + 1)) is not None
        assert await check_captcha(captcha.token, str(first + second)) is not None
        fresh = new_captcha()
        assert await check_captcha(fresh.token, f" {solve(fresh.question)} ") is None


async def test_a_script_that_answers_only_the_arithmetic_is_refused(db: str) -> None:
    for payload in ("", "pas du base64", "eyJ9", "W10=", "InN0cmluZyI="):
        assert await _codes(
            register(registration(altcha_payload=payload), client_address="10.42.0.1")
        ) == {"altcha_payload": "captcha"}
    # A solution is good once; one of another site's challenges never.
    spent = solved_challenge()
    assert await check_solution(spent) is None
    assert await _codes(
        register(registration(altcha_payload=spent), client_address="10.42.0.1")
    ) == {"altcha_payload": "captcha"}
    challenge = new_challenge()
    configure_accounts(replace(account_config(), secret="another site"))
    foreign = solved_challenge()
    configure_accounts(replace(account_config(), secret="test secret"))
    assert await check_solution(foreign) is not None
    assert await check_solution(challenge) is not None  # the challenge itself is no solution
    assert await Account.all().count() == 0


# --- Whether an address has an account ------------------------------------------------------


async def test_wrong_captcha_never_says_taken(db: str) -> None:
    await new_candidate()
    same = {"email": "zoe.durand@exemple.fr", "username": "zoe.durand"}
    for wrong in ({"captcha_answer": "0"}, {"altcha_payload": ""}):
        errors = await _codes(register(registration(**same, **wrong), client_address="10.50.0.1"))
        assert "taken" not in errors.values() and set(errors) <= {
            "captcha_answer",
            "altcha_payload",
        }
    # Input mistakes that do not depend on other accounts are still reported.
    assert await _codes(
        register(
            registration(
                **same, password="court", password_confirmation="court", captcha_answer="0"
            ),
            client_address="10.50.0.1",
        )
    ) == {"password": "too_short", "captcha_answer": "captcha"}
    # Once both checks have passed, the address may be said taken.
    assert await _codes(register(registration(**same), client_address="10.50.0.1")) == {
        "email": "taken",
        "username": "taken",
    }


async def test_change_email_checks_the_password_before_the_address(db: str) -> None:
    zoe = await new_candidate()
    await new_candidate(username="paul", email="paul@exemple.fr")
    for address in ("paul@exemple.fr", "personne@exemple.fr", "paul@exemple.fr"):
        assert await _codes(request_email_change(zoe, new_email=address, password="faux")) == {
            "password": "wrong_password"
        }
    # Two more wrong passwords (here through deletion and password change) spend the budget.
    assert await _codes(delete_account(zoe, password="faux")) == {"password": "wrong_password"}
    assert (
        await _codes(
            change_password(
                zoe,
                current_password="faux",
                new_password=NEW_PASSWORD,
                confirmation=NEW_PASSWORD,
                keep_session=None,
            )
        )
    ) == {"current_password": "wrong_password"}
    # Now even the right password is refused for a while, by all three.
    for attempt in (
        request_email_change(zoe, new_email="paul@exemple.fr", password=PASSWORD),
        delete_account(zoe, password=PASSWORD),
        change_password(
            zoe,
            current_password=PASSWORD,
            new_password=NEW_PASSWORD,
            confirmation=NEW_PASSWORD,
            keep_session=None,
        ),
    ):
        codes = await _codes(attempt)
        assert "too_many_attempts" in codes.values() and "taken" not in codes.values()
    assert await Account.filter(id=zoe.id).exists()


async def test_change_email_requests_are_limited_per_account(db: str) -> None:
    zoe = await new_candidate()
    await new_candidate(username="paul", email="paul@exemple.fr")
    assert await _codes(
        request_email_change(zoe, new_email="paul@exemple.fr", password=PASSWORD)
    ) == {"new_email": "taken"}
    for n in range(4):
        await request_email_change(zoe, new_email=f"neuve{n}@exemple.fr", password=PASSWORD)
    assert await _codes(
        request_email_change(zoe, new_email="neuve9@exemple.fr", password=PASSWORD)
    ) == {None: "too_many_attempts"}
    assert await OutgoingMail.filter(kind="email_change_confirm").count() == 4


async def test_change_email_with_a_wrong_password_takes_as_long_for_a_taken_address(
    db: str,
) -> None:
    zoe = await new_candidate()
    await new_candidate(username="paul", email="paul@exemple.fr")

    def attempt(address: str) -> Callable[[int], Awaitable[object]]:
        async def once(n: int) -> None:
            forget_throttles()  # measure the checks, not the refusal that follows them
            await request_email_change(zoe, new_email=address, password=f"faux{n}")

        return once

    taken = await _median_seconds(attempt("paul@exemple.fr"), 5)
    free = await _median_seconds(attempt("personne@exemple.fr"), 5)
    assert abs(taken - free) < max(0.03, 0.5 * min(taken, free)), (taken, free)


async def test_username_and_email_share_one_sign_in_budget(db: str) -> None:
    await new_candidate()
    for n in range(5):
        login = "zoe.durand" if n % 2 else "ZOE.DURAND@exemple.fr"
        assert await _codes(sign_in(login, "faux", client_address=f"10.60.0.{n}")) == {
            None: "wrong_credentials"
        }
    for login in ("zoe.durand", "zoe.durand@exemple.fr"):
        assert await _codes(sign_in(login, PASSWORD, client_address="10.60.1.1")) == {
            None: "too_many_attempts"
        }


# --- When the counters cannot be reached ----------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the block ends


async def test_unreachable_counters_refuse_with_a_french_message(
    db: str, caplog: pytest.LogCaptureFixture
) -> None:
    await new_candidate()
    configure_accounts(
        replace(account_config(), rate_limit_storage=f"redis://127.0.0.1:{_closed_port()}/0")
    )
    forget_throttles()
    attempts: list[Awaitable[object]] = [
        sign_in("zoe.durand", PASSWORD, client_address="10.70.0.1"),
        register(
            registration(username="paul", email="paul@exemple.fr"), client_address="10.70.0.1"
        ),
        request_password_reset("zoe.durand", client_address="10.70.0.1"),
    ]
    for attempt in attempts:
        caplog.clear()
        with (
            caplog.at_level(logging.WARNING, logger="models.accounts.throttle"),
            pytest.raises(UserErrors) as raised,
        ):
            await attempt
        [error] = raised.value.errors
        assert (error.code, error.message) == ("unavailable", UNAVAILABLE)
        assert "Error" not in error.message and "connecting" not in error.message
        [record] = [r for r in caplog.records if r.name == "models.accounts.throttle"]
        assert record.levelno == logging.WARNING and "\n" not in record.getMessage()
    assert await OutgoingMail.filter(kind="password_reset").count() == 0
    assert await Account.all().count() == 1
