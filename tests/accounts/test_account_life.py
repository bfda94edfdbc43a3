"""Signing in and out, changing information, password and e-mail, recovery, deletion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from models.accounts.deletion import delete_account
from models.accounts.passwords import use_password_hasher
from models.accounts.profile import (
    ProfileChange,
    change_password,
    confirm_email_change,
    request_email_change,
    update_profile,
)
from models.accounts.recovery import request_password_reset, reset_password
from models.accounts.sessions import account_for_token
from models.accounts.signin import WRONG_CREDENTIALS, sign_in, sign_out
from models.accounts.tables import Account, AccountLink, CandidateSession
from models.errors import UserErrors
from models.mail.tables import OutgoingMail
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.conftest import CHEAP_HASHER

NEW_PASSWORD = "girafe-bleue-du-jardin"


async def _fails(coroutine: object) -> dict[str | None, str]:
    with pytest.raises(UserErrors) as raised:
        await coroutine  # type: ignore[misc]
    return {e.field: e.code for e in raised.value.errors}


async def _mail(kind: str) -> OutgoingMail:
    return await OutgoingMail.filter(kind=kind).order_by("-id").first()  # type: ignore[return-value]


def _token(url: object) -> str:
    return str(url).split("jeton=", 1)[1]


async def test_sign_in_with_username_or_email_any_case(db: str) -> None:
    candidate = await new_candidate()
    for login in ("zoe.durand", "ZOE.DURAND", " Zoe.Durand@exemple.fr "):
        found, token = await sign_in(login, PASSWORD, client_address="10.0.0.1")
        assert found.id == candidate.id
        assert (await account_for_token(token)) is not None
    stored = [str(h) for h in await CandidateSession.all().values_list("token_hash", flat=True)]
    assert token not in stored and len(stored) == 3


async def test_wrong_password_and_unknown_login_get_the_same_answer(db: str) -> None:
    await new_candidate()
    for login, password in (("zoe.durand", "pas le bon mot"), ("personne", PASSWORD)):
        with pytest.raises(UserErrors) as raised:
            await sign_in(login, password, client_address="10.0.0.2")
        [error] = raised.value.errors
        assert (error.field, error.code, error.message) == (
            None,
            "wrong_credentials",
            WRONG_CREDENTIALS,
        )


async def test_repeated_failures_block_the_login_then_the_address(db: str) -> None:
    await new_candidate()
    for _ in range(5):
        assert await _fails(sign_in("zoe.durand", "mauvais", client_address="10.0.0.3")) == {
            None: "wrong_credentials"
        }
    # Blocked now, even with the right password, with a message that says so.
    with pytest.raises(UserErrors) as raised:
        await sign_in("zoe.durand", PASSWORD, client_address="10.0.0.3")
    [error] = raised.value.errors
    assert error.code == "too_many_attempts"
    assert "Réessayez dans" in error.message
    # Another login from another address is not affected.
    other = await new_candidate(username="paul", email="paul@exemple.fr")
    assert (await sign_in("paul", PASSWORD, client_address="10.0.0.4"))[0].id == other.id
    # An address trying many logins is stopped too, whatever login it tries.
    for number in range(20):
        await _fails(sign_in(f"inconnu{number}", "x", client_address="10.0.0.5"))
    assert await _fails(sign_in("paul", PASSWORD, client_address="10.0.0.5")) == {
        None: "too_many_attempts"
    }


async def test_password_rehashed_at_sign_in_when_parameters_change(db: str) -> None:
    candidate = await new_candidate()
    old_hash = candidate.password_hash
    use_password_hasher(PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))
    try:
        await sign_in("zoe.durand", PASSWORD, client_address="10.0.0.6")
        await candidate.refresh_from_db()
        assert candidate.password_hash != old_hash and "m=2048,t=2" in candidate.password_hash
        await sign_in("zoe.durand", PASSWORD, client_address="10.0.0.6")
    finally:
        use_password_hasher(CHEAP_HASHER)


async def test_sign_out_revokes_the_token(db: str) -> None:
    await new_candidate()
    _, token = await sign_in("zoe.durand", PASSWORD, client_address="10.0.0.7")
    await sign_out(token)
    assert await account_for_token(token) is None


async def test_expired_session_is_refused(db: str) -> None:
    await new_candidate()
    _, token = await sign_in("zoe.durand", PASSWORD, client_address="10.0.0.8")
    session = await CandidateSession.get()
    session.expires_at = session.expires_at - timedelta(days=31)
    await session.save()
    assert await account_for_token(token) is None


async def test_update_profile_validates_and_saves(db: str) -> None:
    candidate = await new_candidate()
    bad = ProfileChange(civility="monsieur", last_name="", first_name="Paul", phone="abc")
    assert await _fails(update_profile(candidate, bad)) == {
        "last_name": "required",
        "phone": "invalid",
    }
    await candidate.refresh_from_db()
    assert candidate.last_name == "Durand"
    good = ProfileChange(civility="monsieur", last_name="Martin", first_name="Paul", phone="")
    await update_profile(candidate, good)
    await candidate.refresh_from_db()
    assert (candidate.civility, candidate.last_name, candidate.phone) == ("monsieur", "Martin", "")


async def test_change_password_signs_out_other_sessions(db: str) -> None:
    candidate = await new_candidate()
    _, here = await sign_in("zoe.durand", PASSWORD, client_address="10.0.1.1")
    _, elsewhere = await sign_in("zoe.durand", PASSWORD, client_address="10.0.1.2")
    assert await _fails(
        change_password(
            candidate,
            current_password="faux",
            new_password="court",
            confirmation="autre",
            keep_session=here,
        )
    ) == {
        "current_password": "wrong_password",
        "new_password": "too_short",
        "new_password_confirmation": "mismatch",
    }
    await change_password(
        candidate,
        current_password=PASSWORD,
        new_password=NEW_PASSWORD,
        confirmation=NEW_PASSWORD,
        keep_session=here,
    )
    assert await account_for_token(here) is not None
    assert await account_for_token(elsewhere) is None
    await sign_in("zoe.durand", NEW_PASSWORD, client_address="10.0.1.3")
    assert (await _mail("password_changed")).to_address == "zoe.durand@exemple.fr"


async def test_email_changes_only_when_confirmed(db: str) -> None:
    candidate = await new_candidate()
    other = await new_candidate(username="paul", email="paul@exemple.fr")
    assert await _fails(
        request_email_change(candidate, new_email="PAUL@exemple.fr", password=PASSWORD)
    ) == {"new_email": "taken"}
    assert await _fails(
        request_email_change(candidate, new_email="neuve@exemple.fr", password="faux")
    ) == {"password": "wrong_password"}
    assert await _fails(
        request_email_change(candidate, new_email="pas une adresse", password=PASSWORD)
    ) == {"new_email": "invalid"}
    pending = await request_email_change(candidate, new_email="Neuve@Exemple.fr", password=PASSWORD)
    assert pending == "Neuve@exemple.fr"
    await candidate.refresh_from_db()
    assert candidate.email == "zoe.durand@exemple.fr"  # not yet
    confirm = await _mail("email_change_confirm")
    notice = await _mail("email_change_notice")
    assert confirm.to_address == "Neuve@exemple.fr" and notice.to_address == "zoe.durand@exemple.fr"
    token = _token(confirm.context["confirm_url"])
    assert (await confirm_email_change(token)).email == "Neuve@exemple.fr"
    assert await _fails(confirm_email_change(token)) == {"token": "invalid_link"}  # single use
    await sign_in("neuve@exemple.fr", PASSWORD, client_address="10.0.2.1")
    assert other.email == "paul@exemple.fr"


async def test_password_reset_link_single_use_one_hour(db: str) -> None:
    candidate = await new_candidate()
    _, session = await sign_in("zoe.durand", PASSWORD, client_address="10.0.3.1")
    await request_password_reset(
        "inconnu", client_address="192.0.2.1"
    )  # says nothing, sends nothing
    assert await OutgoingMail.filter(kind="password_reset").count() == 0
    await request_password_reset("ZOE.DURAND@exemple.fr", client_address="192.0.2.1")
    mail = await _mail("password_reset")
    assert mail.context["expires_minutes"] == 60
    token = _token(mail.context["reset_url"])
    assert await _fails(reset_password(token, new_password="court", confirmation="court")) == {
        "new_password": "too_short"
    }
    await reset_password(token, new_password=NEW_PASSWORD, confirmation=NEW_PASSWORD)
    assert await account_for_token(session) is None  # signed out everywhere
    assert await _fails(
        reset_password(token, new_password=NEW_PASSWORD, confirmation=NEW_PASSWORD)
    ) == {"token": "invalid_link"}
    await sign_in("zoe.durand", NEW_PASSWORD, client_address="10.0.3.2")

    await request_password_reset("zoe.durand", client_address="192.0.2.1")
    late = _token((await _mail("password_reset")).context["reset_url"])
    link = await AccountLink.filter(used_at__isnull=True).get()
    link.expires_at = link.expires_at - timedelta(minutes=61)
    await link.save()
    assert await _fails(
        reset_password(late, new_password=PASSWORD + "x", confirmation=PASSWORD + "x")
    ) == {"token": "invalid_link"}
    assert candidate.id


async def test_a_newer_reset_link_replaces_the_older(db: str) -> None:
    await new_candidate()
    await request_password_reset("zoe.durand", client_address="192.0.2.1")
    first = _token((await _mail("password_reset")).context["reset_url"])
    await request_password_reset("zoe.durand", client_address="192.0.2.1")
    assert await _fails(
        reset_password(first, new_password=NEW_PASSWORD, confirmation=NEW_PASSWORD)
    ) == {"token": "invalid_link"}


async def test_delete_account_removes_everything(db: str) -> None:
    candidate = await new_candidate()
    other = await new_candidate(username="paul", email="paul@exemple.fr")
    _, token = await sign_in("zoe.durand", PASSWORD, client_address="10.0.4.1")
    await request_password_reset("zoe.durand", client_address="192.0.2.1")
    assert await _fails(delete_account(candidate, password="faux")) == {
        "password": "wrong_password"
    }
    assert await Account.filter(id=candidate.id).exists()
    await delete_account(candidate, password=PASSWORD)
    assert not await Account.filter(id=candidate.id).exists()
    assert await CandidateSession.filter(candidate_id=candidate.id).count() == 0
    assert await AccountLink.filter(candidate_id=candidate.id).count() == 0
    assert await account_for_token(token) is None
    assert (await _mail("account_deleted")).to_address == "zoe.durand@exemple.fr"
    assert await Account.filter(id=other.id).exists()
