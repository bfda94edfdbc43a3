"""The account mutations, `viewer` and `me` over HTTP, including what one account may not do."""

from __future__ import annotations

import json
from typing import Any

from models.accounts.passwords import hash_password
from models.accounts.proof_of_work import solve as solve_proof_of_work
from models.accounts.sessions import open_session
from models.accounts.tables import Account, AccountRole
from models.mail.tables import OutgoingMail
from tests.accounts.helpers import PASSWORD, new_candidate, solve
from tests.offers.test_editing import staff
from tests.schema.graphql import post

NEW_PASSWORD = "girafe-bleue-du-jardin"
ERRORS = "userErrors { field code message }"
ME = "{ me { civility lastName firstName phone email username } }"


async def _captcha() -> tuple[str, str, str]:
    body = await post("mutation { requestCaptcha { token question expiresAt altcha } }")
    captcha = body["data"]["requestCaptcha"]
    return captcha["token"], solve(captcha["question"]), solve_proof_of_work(captcha["altcha"])


async def _register(**changes: Any) -> dict[str, Any]:
    token, answer, payload = await _captcha()
    values = {
        "civility": "MADAME",
        "lastName": "Durand",
        "firstName": "Zoé",
        "email": "zoe.durand@exemple.fr",
        "username": "zoe.durand",
        "password": PASSWORD,
        "passwordConfirmation": PASSWORD,
        "captchaToken": token,
        "captchaAnswer": answer,
        "altchaPayload": payload,
        "phone": "06 12 34 56 78",
        **changes,
    }
    body = await post(
        "mutation($input: RegisterInput!) { register(input: $input) {"
        f" candidate {{ username email phone }} captcha {{ question altcha }} {ERRORS} }} }}",
        {"input": values},
    )
    result: dict[str, Any] = body["data"]["register"]
    return result


async def _login(login: str = "zoe.durand", password: str = PASSWORD) -> dict[str, Any]:
    body = await post(
        "mutation($l: String!, $p: String!) { login(login: $l, password: $p) "
        f"{{ token {ERRORS} }} }}",
        {"l": login, "p": password},
    )
    result: dict[str, Any] = body["data"]["login"]
    return result


async def test_register_then_sign_in_and_read_me(db: str) -> None:
    created = await _register()
    assert created == {
        "candidate": {
            "username": "zoe.durand",
            "email": "zoe.durand@exemple.fr",
            "phone": "+33612345678",
        },
        "captcha": None,
        "userErrors": [],
    }
    assert await OutgoingMail.filter(kind="welcome").count() == 1
    token = (await _login("ZOE.DURAND@EXEMPLE.FR"))["token"]
    me = await post(ME, token=token)
    assert me["data"]["me"] == {
        "civility": "MADAME",
        "lastName": "Durand",
        "firstName": "Zoé",
        "phone": "+33612345678",
        "email": "zoe.durand@exemple.fr",
        "username": "zoe.durand",
    }


async def test_register_errors_come_all_at_once_with_a_new_question(db: str) -> None:
    result = await _register(
        email="zoe@", password="court", passwordConfirmation="x", captchaAnswer="999"
    )
    assert result["candidate"] is None
    assert result["captcha"]["question"].endswith("=")
    assert json.loads(result["captcha"]["altcha"])["algorithm"] == "SHA-256"
    assert {e["field"]: e["code"] for e in result["userErrors"]} == {
        "email": "INVALID",
        "password": "TOO_SHORT",
        "passwordConfirmation": "MISMATCH",
        "captchaAnswer": "CAPTCHA",
    }
    assert all(e["message"] for e in result["userErrors"])
    assert await Account.all().count() == 0


async def test_anonymous_calls_get_a_clear_error(db: str) -> None:
    for query in (
        ME,
        "mutation { logout { ok } }",
        'mutation { deleteAccount(password: "x") { ok } }',
        'mutation { changeEmail(newEmail: "a@b.fr", password: "x") { pendingEmail } }',
    ):
        for token in (None, "not-a-token"):
            body = await post(query, token=token)
            [error] = body["errors"]
            assert error["extensions"]["code"] == "UNAUTHENTICATED", query
            assert "Bearer" in error["message"]


async def test_cookies_are_not_credentials(db: str) -> None:
    await new_candidate()
    token = (await _login())["token"]
    body = await post(ME, headers={"Cookie": f"session={token}; token={token}"})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_each_candidate_only_reaches_their_own_account(db: str) -> None:
    await new_candidate()
    await new_candidate(username="paul", email="paul@exemple.fr", first_name="Paul")
    zoe = (await _login("zoe.durand"))["token"]
    paul = (await _login("paul"))["token"]
    changed = await post(
        'mutation { updateProfile(input: {civility: MADAME, lastName: "Martin", firstName: "Zoé"})'
        f" {{ candidate {{ lastName }} {ERRORS} }} }}",
        token=zoe,
    )
    assert changed["data"]["updateProfile"]["candidate"] == {"lastName": "Martin"}
    assert (await post(ME, token=paul))["data"]["me"]["lastName"] == "Durand"
    # Paul cannot delete Zoé's account with Zoé's password: it is his own account he targets.
    refused = await post(
        f'mutation {{ deleteAccount(password: "{PASSWORD}x") {{ ok {ERRORS} }} }}', token=paul
    )
    assert refused["data"]["deleteAccount"]["userErrors"][0]["code"] == "WRONG_PASSWORD"
    assert await Account.all().count() == 2


async def test_wrong_sign_in_then_throttled(db: str) -> None:
    await new_candidate()
    wrong = await _login(password="mauvais")
    assert wrong["token"] is None
    assert wrong["userErrors"][0]["message"] == "Identifiant ou mot de passe incorrect."
    unknown = await _login(login="personne", password="mauvais")
    assert unknown["userErrors"] == wrong["userErrors"]
    for _ in range(4):
        await _login(password="mauvais")
    blocked = await _login()
    assert blocked["token"] is None and blocked["userErrors"][0]["code"] == "TOO_MANY_ATTEMPTS"


async def test_logout_and_password_change_revoke_tokens(db: str) -> None:
    await new_candidate()
    first = (await _login())["token"]
    second = (await _login())["token"]
    third = (await _login())["token"]
    assert (await post("mutation { logout { ok } }", token=first))["data"]["logout"]["ok"]
    assert (await post(ME, token=first))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    changed = await post(
        "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n,"
        f" newPasswordConfirmation: $n) {{ ok {ERRORS} }} }}",
        {"c": PASSWORD, "n": NEW_PASSWORD},
        token=second,
    )
    assert changed["data"]["changePassword"] == {"ok": True, "userErrors": []}
    assert (await post(ME, token=second))["data"]["me"]["username"] == "zoe.durand"
    assert (await post(ME, token=third))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_change_email_confirm_then_reset_password_and_delete(db: str) -> None:
    await new_candidate()
    token = (await _login())["token"]
    pending = await post(
        'mutation { changeEmail(newEmail: "neuve@exemple.fr", password: "'
        + PASSWORD
        + f'") {{ pendingEmail {ERRORS} }} }}',
        token=token,
    )
    assert pending["data"]["changeEmail"] == {"pendingEmail": "neuve@exemple.fr", "userErrors": []}
    confirm = await OutgoingMail.get(kind="email_change_confirm")
    link = str(confirm.context["confirm_url"])
    assert link.startswith("http://pass.test/confirmer-adresse?jeton=")
    confirmed = await post(
        "mutation($t: String!) { confirmEmailChange(token: $t) "
        f"{{ candidate {{ email }} {ERRORS} }} }}",
        {"t": link.split("jeton=")[1]},
    )
    assert confirmed["data"]["confirmEmailChange"]["candidate"] == {"email": "neuve@exemple.fr"}

    same = "mutation($l: String!) { requestPasswordReset(login: $l) { ok } }"
    assert (await post(same, {"l": "personne"}))["data"]["requestPasswordReset"] == {"ok": True}
    assert (await post(same, {"l": "neuve@exemple.fr"}))["data"]["requestPasswordReset"] == {
        "ok": True
    }
    reset = await OutgoingMail.get(kind="password_reset")
    reset_token = str(reset.context["reset_url"]).split("jeton=")[1]
    done = await post(
        "mutation($t: String!, $n: String!) { resetPassword(token: $t, newPassword: $n,"
        f" newPasswordConfirmation: $n) {{ ok {ERRORS} }} }}",
        {"t": reset_token, "n": NEW_PASSWORD},
    )
    assert done["data"]["resetPassword"] == {"ok": True, "userErrors": []}
    assert (await post(ME, token=token))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    fresh = (await _login(password=NEW_PASSWORD))["token"]
    deleted = await post(
        f'mutation {{ deleteAccount(password: "{NEW_PASSWORD}") {{ ok {ERRORS} }} }}', token=fresh
    )
    assert deleted["data"]["deleteAccount"] == {"ok": True, "userErrors": []}
    assert await Account.all().count() == 0
    assert (await post(ME, token=fresh))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await OutgoingMail.filter(kind="account_deleted", to_address="neuve@exemple.fr").exists()


async def test_a_script_answering_only_the_question_is_refused(db: str) -> None:
    """The « two-line script » of issue 9: it reads « 13 + 4 = » and answers 17, but does not
    do the proof of work; nor can it reuse a solution."""
    for payload in ("", "eyJ9"):
        result = await _register(altchaPayload=payload)
        assert result["candidate"] is None
        [error] = result["userErrors"]
        assert (error["field"], error["code"]) == ("altchaPayload", "CAPTCHA")
        assert "anti-robot" in error["message"]
    _, _, payload = await _captcha()
    assert (await _register(altchaPayload=payload))["candidate"] is not None
    reused = await _register(altchaPayload=payload, username="paul", email="paul@exemple.fr")
    assert [e["field"] for e in reused["userErrors"]] == ["altchaPayload"]
    assert await Account.all().count() == 1


async def test_taken_is_said_only_after_both_checks_pass(db: str) -> None:
    await new_candidate()
    wrong = await _register(captchaAnswer="0")
    assert {e["field"]: e["code"] for e in wrong["userErrors"]} == {"captchaAnswer": "CAPTCHA"}
    right = await _register()
    assert {e["field"]: e["code"] for e in right["userErrors"]} == {
        "email": "TAKEN",
        "username": "TAKEN",
    }


async def test_sign_ups_and_reset_requests_are_limited_per_address(db: str) -> None:
    # All from the one address of the test client (tests.schema.graphql).
    for n in range(5):
        created = await _register(username=f"zoe{n}", email=f"zoe{n}@exemple.fr")
        assert created["userErrors"] == []
    sixth = await _register(username="zoe5", email="zoe5@exemple.fr")
    assert [e["code"] for e in sixth["userErrors"]] == ["TOO_MANY_ATTEMPTS"]
    assert sixth["captcha"]["altcha"]  # a new challenge, for when the wait is over

    reset = f"mutation($l: String!) {{ requestPasswordReset(login: $l) {{ ok {ERRORS} }} }}"
    answers = [
        (await post(reset, {"l": login}))["data"]["requestPasswordReset"]
        for login in ["zoe0"] * 5 + ["personne"] * 5
    ]
    assert answers == [{"ok": True, "userErrors": []}] * 10
    assert await OutgoingMail.filter(kind="password_reset").count() == 3
    refused = (await post(reset, {"l": "zoe1"}))["data"]["requestPasswordReset"]
    assert refused["ok"] is False
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        ("login", "TOO_MANY_ATTEMPTS")
    ]


async def test_change_email_says_nothing_of_the_address_before_the_password(db: str) -> None:
    await new_candidate()
    await new_candidate(username="paul", email="paul@exemple.fr")
    token = (await _login())["token"]
    change = (
        "mutation($e: String!, $p: String!) { changeEmail(newEmail: $e, password: $p) "
        f"{{ pendingEmail {ERRORS} }} }}"
    )
    for address in ("paul@exemple.fr", "personne@exemple.fr"):
        result = (await post(change, {"e": address, "p": "faux"}, token=token))["data"]
        assert [e["code"] for e in result["changeEmail"]["userErrors"]] == ["WRONG_PASSWORD"]
    taken = (await post(change, {"e": "paul@exemple.fr", "p": PASSWORD}, token=token))["data"]
    assert [e["code"] for e in taken["changeEmail"]["userErrors"]] == ["TAKEN"]


VIEWER = """{ viewer {
  __typename id role civility lastName firstName phone email username createdAt
  ... on Candidate { savedSearches { name } documents { filename } }
  ... on Recruiter { administration { code label } managedOffers { reference } }
  ... on Administrator { managedOffers { reference } }
} }"""


async def test_the_viewer_fits_every_role(db: str) -> None:
    candidate = await new_candidate()
    recruiter = await staff(AccountRole.RECRUITER)
    admin = await staff(AccountRole.ADMIN, administration=None, n=2)
    common = {"civility": "MADAME", "lastName": "Martin", "firstName": "Zoé", "phone": None}

    seen = (await post(VIEWER, token=await open_session(candidate)))["data"]["viewer"]
    assert seen.pop("createdAt")
    assert seen == {
        "__typename": "Candidate",
        "id": str(candidate.id),
        "role": "CANDIDATE",
        **common,
        "lastName": "Durand",
        "phone": "+33612345678",
        "email": "zoe.durand@exemple.fr",
        "username": "zoe.durand",
        "savedSearches": [],
        "documents": [],
    }
    seen = (await post(VIEWER, token=await open_session(recruiter)))["data"]["viewer"]
    assert seen.pop("createdAt")
    assert seen == {
        "__typename": "Recruiter",
        "id": str(recruiter.id),
        "role": "RECRUITER",
        **common,
        "email": recruiter.email,
        "username": recruiter.username,
        "administration": {"code": "culture", "label": "Ministère de la Culture"},
        "managedOffers": [],
    }
    seen = (await post(VIEWER, token=await open_session(admin)))["data"]["viewer"]
    assert seen.pop("createdAt")
    assert seen == {
        "__typename": "Administrator",
        "id": str(admin.id),
        "role": "ADMIN",
        **common,
        "email": admin.email,
        "username": admin.username,
        "managedOffers": [],
    }
    # Signed out, or with a token that opens no session: no viewer, and no error.
    for token in (None, "not-a-token"):
        assert await post(VIEWER, token=token) == {"data": {"viewer": None}}


async def test_me_is_for_candidates_only(db: str) -> None:
    candidate = await open_session(await new_candidate())
    assert (await post(ME, token=candidate))["data"]["me"]["username"] == "zoe.durand"
    for role, n in ((AccountRole.RECRUITER, 1), (AccountRole.ADMIN, 2)):
        token = await open_session(await staff(role, n=n))
        refused = await post(ME, token=token)
        assert refused["data"] == {"me": None}  # nullable: its error nulls `me` alone
        [error] = refused["errors"]
        assert error["extensions"]["code"] == "FORBIDDEN" and "viewer" in error["message"]
        # Everything else a signed-in account may do still works.
        assert (await post("mutation { logout { ok } }", token=token))["data"]["logout"]["ok"]
    unauthenticated = await post(ME)
    assert unauthenticated["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_sign_in_answers_with_the_account_of_any_role(db: str) -> None:
    await new_candidate()
    recruiter = await staff(AccountRole.RECRUITER)
    recruiter.password_hash = await hash_password(PASSWORD)
    await recruiter.save(update_fields=["password_hash"])
    login = (
        "mutation($l: String!, $p: String!) { login(login: $l, password: $p) "
        "{ account { __typename role username } candidate { username } } }"
    )
    zoe = await post(login, {"l": "zoe.durand", "p": PASSWORD})
    assert zoe["data"]["login"] == {
        "account": {"__typename": "Candidate", "role": "CANDIDATE", "username": "zoe.durand"},
        "candidate": {"username": "zoe.durand"},
    }
    staff_login = await post(login, {"l": recruiter.username, "p": PASSWORD})
    assert staff_login["data"]["login"] == {
        "account": {"__typename": "Recruiter", "role": "RECRUITER", "username": "staff1"},
        "candidate": None,  # a `Candidate` is a candidate's account only
    }
