"""Inviting recruiters from the administration page's domain function: the mail and its link,
single use, replaced by a new invitation, expiring; who may invite whom; the mail budget."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from models.accounts.errors import AccountErrorCode
from models.accounts.invitations import (
    EXISTING_ACCOUNT,
    INVALID_INVITATION,
    Acceptance,
    accept_invitation,
    invitation_for,
    invite_staff,
    recent_invitations,
)
from models.accounts.sessions import account_for_token
from models.accounts.signin import sign_in
from models.accounts.tables import Account, AccountRole, StaffInvitation
from models.clock import now
from models.errors import ErrorCode, UserErrors
from models.mail.tables import OutgoingMail
from tests.accounts.helpers import new_candidate
from tests.recruiting.helpers import staff

PASSWORD = "glycine-marelle-orage"
ADDRESS = "nina.petit@culture.gouv.fr"


def acceptance(**changes: str) -> Acceptance:
    values = {
        "civility": "madame",
        "last_name": "Petit",
        "first_name": "Nina",
        "username": "npetit",
        "password": PASSWORD,
        "password_confirmation": PASSWORD,
        **changes,
    }
    return Acceptance(**values)


async def _token_mailed_to(address: str) -> str:
    mail = await OutgoingMail.filter(to_address__iexact=address).order_by("-id").first()
    assert mail is not None and mail.kind == "recruiter_invitation"
    return parse_qs(urlparse(str(mail.context["accept_url"])).query)["jeton"][0]


async def test_an_invited_recruiter_chooses_a_password_and_is_signed_in(db: str) -> None:
    admin = await staff(AccountRole.ADMIN)
    await invite_staff(admin, email=ADDRESS, role="recruiter", administration="culture")
    mail = await OutgoingMail.get(to_address=ADDRESS)
    assert mail.context["administration"] == "Ministère de la Culture"
    assert mail.context["role_label"] == "recruteur" and mail.context["expires_days"] == 7
    assert mail.context["inviter"] == "Claire Martin"
    token = await _token_mailed_to(ADDRESS)
    assert await Account.filter(email_key=ADDRESS).count() == 0  # nothing until accepted

    account, session = await accept_invitation(token, acceptance())
    assert account.role is AccountRole.RECRUITER
    assert account.administration_id == "culture"  # type: ignore[attr-defined]
    assert (await account_for_token(session)).id == account.id  # type: ignore[union-attr]
    signed, _ = await sign_in(ADDRESS, PASSWORD, client_address="198.51.100.7")
    assert signed.id == account.id

    with pytest.raises(UserErrors) as again:
        await accept_invitation(token, acceptance(username="autre"))
    assert again.value.errors[0].code is AccountErrorCode.INVALID_LINK
    assert again.value.errors[0].message == INVALID_INVITATION
    assert await Account.filter(email_key=ADDRESS).count() == 1


async def test_an_admin_may_invite_an_admin_without_administration(db: str) -> None:
    admin = await staff(AccountRole.ADMIN)
    await invite_staff(admin, email="chef@exemple.gouv.fr", role="admin", administration=None)
    account, _ = await accept_invitation(
        await _token_mailed_to("chef@exemple.gouv.fr"), acceptance(username="chef")
    )
    assert account.role is AccountRole.ADMIN and account.administration_id is None  # type: ignore[attr-defined]


async def test_inviting_again_mails_a_fresh_link_and_kills_the_old_one(db: str) -> None:
    admin = await staff(AccountRole.ADMIN)
    await invite_staff(admin, email=ADDRESS, role="recruiter", administration="culture")
    first = await _token_mailed_to(ADDRESS)
    await invite_staff(admin, email=ADDRESS.upper(), role="recruiter", administration="interieur")
    second = await _token_mailed_to(ADDRESS.upper())
    assert first != second and await StaffInvitation.all().count() == 1
    assert await invitation_for(first) is None
    with pytest.raises(UserErrors):
        await accept_invitation(first, acceptance())
    account, _ = await accept_invitation(second, acceptance())
    assert account.administration_id == "interieur"  # type: ignore[attr-defined]


async def test_an_expired_link_opens_nothing(db: str) -> None:
    admin = await staff(AccountRole.ADMIN)
    await invite_staff(admin, email=ADDRESS, role="recruiter", administration="culture")
    token = await _token_mailed_to(ADDRESS)
    await StaffInvitation.all().update(expires_at=now() - timedelta(seconds=1))
    assert await invitation_for(token) is None
    with pytest.raises(UserErrors) as refused:
        await accept_invitation(token, acceptance())
    assert refused.value.errors[0].field == "token"
    assert await Account.filter(email_key=ADDRESS).count() == 0


async def test_a_wrong_password_keeps_the_link_usable(db: str) -> None:
    admin = await staff(AccountRole.ADMIN)
    await invite_staff(admin, email=ADDRESS, role="recruiter", administration="culture")
    token = await _token_mailed_to(ADDRESS)
    with pytest.raises(UserErrors) as refused:
        await accept_invitation(
            token, acceptance(password="court", password_confirmation="autre", last_name="")
        )
    fields = {e.field: e.message for e in refused.value.errors}
    assert fields["password_confirmation"] == "La confirmation ne correspond pas au mot de passe."
    assert "password" in fields and "last_name" in fields
    assert await invitation_for(token) is not None
    await accept_invitation(token, acceptance())


async def test_only_admins_invite_and_existing_accounts_are_refused(db: str) -> None:
    admin = await staff(AccountRole.ADMIN)
    recruiter = await staff(AccountRole.RECRUITER, "culture")
    candidate = await new_candidate(email="deja.inscrite@exemple.fr", username="deja")
    for someone in (recruiter, candidate):
        with pytest.raises(UserErrors) as forbidden:
            await invite_staff(someone, email=ADDRESS, role="recruiter", administration="culture")
        assert forbidden.value.errors[0].code is ErrorCode.FORBIDDEN
    with pytest.raises(UserErrors) as taken:
        await invite_staff(
            admin, email="Deja.Inscrite@exemple.fr", role="recruiter", administration="culture"
        )
    assert [(e.field, e.message) for e in taken.value.errors] == [("email", EXISTING_ACCOUNT)]
    with pytest.raises(UserErrors) as wrong:
        await invite_staff(admin, email="pas-une-adresse", role="candidate", administration=None)
    assert {e.field for e in wrong.value.errors} == {"email", "role"}
    with pytest.raises(UserErrors) as no_administration:
        await invite_staff(admin, email=ADDRESS, role="recruiter", administration=None)
    assert no_administration.value.errors[0].field == "administration"
    with pytest.raises(UserErrors) as unknown:
        await invite_staff(admin, email=ADDRESS, role="recruiter", administration="atlantide")
    assert "Administration inconnue" in unknown.value.errors[0].message
    assert await OutgoingMail.filter(kind="recruiter_invitation").count() == 0


async def test_an_address_that_signed_up_meanwhile_cannot_accept(db: str) -> None:
    admin = await staff(AccountRole.ADMIN)
    await invite_staff(admin, email=ADDRESS, role="recruiter", administration="culture")
    token = await _token_mailed_to(ADDRESS)
    await new_candidate(email=ADDRESS, username="nina")
    with pytest.raises(UserErrors) as refused:
        await accept_invitation(token, acceptance())
    assert [e.message for e in refused.value.errors] == [EXISTING_ACCOUNT]


async def test_invitations_to_one_address_are_bounded(db: str) -> None:
    admin = await staff(AccountRole.ADMIN)
    for _ in range(3):
        await invite_staff(admin, email=ADDRESS, role="recruiter", administration="culture")
    with pytest.raises(UserErrors) as refused:
        await invite_staff(admin, email=ADDRESS, role="recruiter", administration="culture")
    assert refused.value.errors[0].code is AccountErrorCode.TOO_MANY_ATTEMPTS
    assert "plusieurs invitations" in refused.value.errors[0].message
    assert await OutgoingMail.filter(to_address=ADDRESS).count() == 3


async def test_admins_see_the_last_invitations_and_what_became_of_them(db: str) -> None:
    admin = await staff(AccountRole.ADMIN)
    await invite_staff(admin, email=ADDRESS, role="recruiter", administration="culture")
    await invite_staff(admin, email="chef@exemple.gouv.fr", role="admin", administration=None)
    await accept_invitation(await _token_mailed_to(ADDRESS), acceptance())
    sent = await recent_invitations(admin)
    assert [(s.email, s.role_label, s.administration) for s in sent] == [
        ("chef@exemple.gouv.fr", "administrateur", ""),
        (ADDRESS, "recruteur", "Ministère de la Culture"),
    ]
    assert sent[0].accepted_at is None and sent[1].accepted_at is not None
    recruiter = await Account.get(email_key=ADDRESS)
    with pytest.raises(UserErrors):
        await recent_invitations(recruiter)
