"""Creating an account: every rule of the form, all errors at once, nothing half-created."""

from __future__ import annotations

import asyncio

import pytest

from models.accounts.captcha import new_captcha
from models.accounts.registration import register
from models.accounts.tables import Account
from models.errors import UserErrors
from models.mail.tables import OutgoingMail
from tests.accounts.helpers import PASSWORD, fresh_address, new_candidate, registration, solve


async def _errors(**changes: object) -> dict[str | None, str]:
    with pytest.raises(UserErrors) as raised:
        await register(registration(**changes), client_address=fresh_address())
    return {e.field: e.code for e in raised.value.errors}


async def test_account_created_with_clean_values_and_a_welcome_mail(db: str) -> None:
    candidate = await new_candidate(last_name="  Durand ", phone="06 12 34 56 78")
    assert candidate.last_name == "Durand"
    assert candidate.phone == "+33612345678"
    assert candidate.password_hash.startswith("$argon2id$")
    assert PASSWORD not in candidate.password_hash
    [mail] = await OutgoingMail.all()
    assert mail.kind == "welcome" and mail.to_address == "zoe.durand@exemple.fr"
    assert mail.context["username"] == "zoe.durand"
    assert PASSWORD not in str(mail.context)


async def test_every_wrong_field_is_reported_at_once(db: str) -> None:
    errors = await _errors(
        civility="",
        last_name=" ",
        first_name="Zoé3",
        phone="12",
        email="zoe@",
        username="zoé_!",
        password="court",
        password_confirmation="autre",
        captcha_answer="-1",
    )
    assert errors == {
        "civility": "required",
        "last_name": "required",
        "first_name": "invalid",
        "phone": "invalid",
        "email": "invalid",
        "username": "invalid",
        "password": "too_short",
        "password_confirmation": "mismatch",
        "captcha_answer": "captcha",
    }
    assert await Account.all().count() == 0
    assert await OutgoingMail.all().count() == 0


@pytest.mark.parametrize(
    "password",
    ["azertyuiop123", "motdepasse2024", "123456789012", "zoe.durand2024", "aaaaaaaaaaaaaaaa"],
)
async def test_common_or_personal_passwords_are_refused(db: str, password: str) -> None:
    errors = await _errors(password=password, password_confirmation=password)
    assert errors == {"password": "too_guessable"}


@pytest.mark.parametrize("phone", ["", "0612345678", "+33 6 12 34 56 78", "+44 20 7946 0958"])
async def test_french_and_international_phones(db: str, phone: str) -> None:
    candidate = await new_candidate(phone=phone)
    assert (
        candidate.phone
        == {
            "": "",
            "0612345678": "+33612345678",
            "+33 6 12 34 56 78": "+33612345678",
            "+44 20 7946 0958": "+442079460958",
        }[phone]
    )


@pytest.mark.parametrize(
    ("username", "ok"),
    [
        ("Zoé Durand", True),
        ("o'neil-smith.2", True),
        ("zoe@durand", True),
        ("zo", False),
        ("zoe_durand", False),
        ("zoe<script>", False),
        ("x" * 51, False),
    ],
)
async def test_username_characters(db: str, username: str, ok: bool) -> None:
    if ok:
        assert (await new_candidate(username=username)).username == username
    else:
        assert "username" in await _errors(username=username)


async def test_username_and_email_are_unique_ignoring_case(db: str) -> None:
    await new_candidate()
    errors = await _errors(username="ZOE.DURAND", email="Zoe.Durand@Exemple.fr")
    assert errors == {"username": "taken", "email": "taken"}


async def test_racing_registrations_create_one_account(db: str) -> None:
    results = await asyncio.gather(*(new_candidate() for _ in range(3)), return_exceptions=True)
    created = [r for r in results if isinstance(r, Account)]
    refused = [r for r in results if isinstance(r, UserErrors)]
    assert len(created) == 1 and len(refused) == 2
    assert await Account.all().count() == 1
    assert await OutgoingMail.all().count() == 1


async def test_captcha_is_single_use_and_signed(db: str) -> None:
    captcha = new_captcha()
    answer = solve(captcha.question)
    await new_candidate(captcha_token=captcha.token, captcha_answer=answer)
    reused = await _errors(
        username="autre",
        email="autre@exemple.fr",
        captcha_token=captcha.token,
        captcha_answer=answer,
    )
    assert reused == {"captcha_answer": "captcha"}
    forged = captcha.token.rsplit(".", 1)[0] + ".forged"
    assert await _errors(
        username="autre", email="autre@exemple.fr", captcha_token=forged, captcha_answer=answer
    ) == {"captcha_answer": "captcha"}
