"""`inviteStaff` over HTTP: an admin invites a recruiter, whose mailed link opens the account;
everyone else is refused; mistakes come back as `userErrors`, with nothing sent."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from models.accounts.invitations import Acceptance, accept_invitation
from models.accounts.sessions import open_session
from models.accounts.tables import AccountRole, StaffInvitation
from models.mail.tables import OutgoingMail
from tests.accounts.helpers import new_candidate
from tests.recruiting.helpers import staff
from tests.schema.graphql import post

INVITE = (
    "mutation($e: String!, $r: AccountRole!, $a: String) { inviteStaff(email: $e, role: $r, "
    "administration: $a) { invitation { email role administration { code label } expiresAt } "
    "userErrors { field code message } } }"
)
ADDRESS = "nina.petit@culture.gouv.fr"
PASSWORD = "glycine-marelle-orage"


async def _invite(token: str | None, **variables: str | None) -> dict[str, object]:
    answer = await post(INVITE, {"e": ADDRESS, "r": "RECRUITER", "a": "culture", **variables},
                        token=token)  # fmt: skip
    return answer


async def test_an_admin_invites_a_recruiter_who_opens_the_account(db: str) -> None:
    token = await open_session(await staff(AccountRole.ADMIN))
    answer = await _invite(token, e=f"  {ADDRESS.upper()} ")
    sent = answer["data"]["inviteStaff"]  # type: ignore[index]
    assert sent["userErrors"] == []
    invitation = sent["invitation"]
    assert invitation["role"] == "RECRUITER"
    assert invitation["administration"] == {"code": "culture", "label": "Ministère de la Culture"}
    assert invitation["email"].lower() == ADDRESS
    [mail] = await OutgoingMail.filter(kind="recruiter_invitation")
    assert mail.to_address.lower() == ADDRESS
    link = parse_qs(urlparse(str(mail.context["accept_url"])).query)["jeton"][0]
    account, _ = await accept_invitation(
        link, Acceptance("madame", "Petit", "Nina", "npetit", PASSWORD, PASSWORD)
    )
    assert account.role is AccountRole.RECRUITER
    assert account.administration_id == "culture"  # type: ignore[attr-defined]


async def test_only_an_admin_may_invite(db: str) -> None:
    anonymous = await _invite(None)
    assert anonymous["data"] is None
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]
    for account in (await staff(AccountRole.RECRUITER, "culture"), await new_candidate()):
        refused = (await _invite(await open_session(account)))["data"]["inviteStaff"]  # type: ignore[index]
        assert refused["invitation"] is None
        assert [e["code"] for e in refused["userErrors"]] == ["FORBIDDEN"]
    assert await StaffInvitation.all().count() == 0
    assert await OutgoingMail.filter(kind="recruiter_invitation").count() == 0


async def test_every_mistake_at_once_and_nothing_sent(db: str) -> None:
    token = await open_session(await staff(AccountRole.ADMIN))
    refused = (await _invite(token, e="pas-une-adresse", a="nulle-part"))["data"]["inviteStaff"]  # type: ignore[index]
    assert refused["invitation"] is None
    assert {(e["field"], e["code"]) for e in refused["userErrors"]} == {
        ("email", "INVALID"),
        ("administration", "UNKNOWN"),
    }
    missing = (await _invite(token, a=None))["data"]["inviteStaff"]  # type: ignore[index]
    assert [(e["field"], e["code"]) for e in missing["userErrors"]] == [
        ("administration", "REQUIRED")
    ]
    candidate = (await _invite(token, r="CANDIDATE"))["data"]["inviteStaff"]  # type: ignore[index]
    assert [(e["field"], e["code"]) for e in candidate["userErrors"]] == [("role", "INVALID")]
    await new_candidate(email=ADDRESS)
    taken = (await _invite(token))["data"]["inviteStaff"]  # type: ignore[index]
    assert [(e["field"], e["code"]) for e in taken["userErrors"]] == [("email", "TAKEN")]
    assert await StaffInvitation.all().count() == 0
    assert await OutgoingMail.filter(kind="recruiter_invitation").count() == 0


async def test_an_admin_may_be_invited_without_an_administration(db: str) -> None:
    token = await open_session(await staff(AccountRole.ADMIN))
    sent = (await _invite(token, r="ADMIN", a=None))["data"]["inviteStaff"]  # type: ignore[index]
    assert sent["userErrors"] == []
    assert sent["invitation"]["role"] == "ADMIN"
    assert sent["invitation"]["administration"] is None


async def test_an_administration_no_row_can_have_is_unknown(db: str) -> None:
    """Longer than its column or holding a NUL, a code made the database raise (an internal
    error) instead of naming no administration."""
    token = await open_session(await staff(AccountRole.ADMIN))
    for code in ("\x00", "x" * 5000):
        refused = (await _invite(token, a=code))["data"]["inviteStaff"]  # type: ignore[index]
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
            ("administration", "UNKNOWN")
        ]
    assert await StaffInvitation.all().count() == 0
