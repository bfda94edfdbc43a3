"""Staff accounts and offers of a given administration, built through the domain's own paths."""

from __future__ import annotations

import itertools
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from models.accounts.invitations import Acceptance, accept_invitation, invite_staff
from models.accounts.staff import StaffAccount, create_staff_account
from models.accounts.tables import Account, AccountRole
from models.clock import today
from models.demo.generator import generate_offers
from models.mail.tables import OutgoingMail
from models.offers.publishing import create_offers, publish_offers
from models.offers.tables import Offer

_numbers = itertools.count(1)


async def staff(role: AccountRole, administration: str | None = None) -> Account:
    n = next(_numbers)
    account, _ = await create_staff_account(
        StaffAccount(
            role=role,
            civility="madame",
            last_name="Martin",
            first_name="Claire",
            email=f"staff{n}@exemple.gouv.fr",
            username=f"staff{n}",
            administration=administration,
        )
    )
    return account


async def offers_of(
    administration: str, *, count: int = 1, publish: bool = True, seed: int = 1
) -> list[Offer]:
    drafts = generate_offers(apprenticeships=0, stages=count, seed=seed, today=today())
    for n, draft in enumerate(drafts):
        draft.administration = administration
        draft.title = f"Offre {administration} {n + 1}"
        draft.expires_on = today() + timedelta(days=30)
    created = await create_offers(drafts)
    if publish:
        await publish_offers(created)
    return [await Offer.get(id=o.id) for o in created]


STAFF_PASSWORD = "glycine-marelle-orage"


def token_in(url: str) -> str:
    return parse_qs(urlparse(url).query)["jeton"][0]


async def invitation_link(address: str) -> str:
    mail = await OutgoingMail.filter(to_address__iexact=address).order_by("-id").first()
    assert mail is not None and mail.kind == "recruiter_invitation"
    return str(mail.context["accept_url"])


async def signed_up_staff(
    username: str, role: AccountRole, administration: str | None = None
) -> Account:
    """A staff account whose password is STAFF_PASSWORD, made as people make one: invited by an
    admin, then the link accepted."""
    address = f"{username}@exemple.gouv.fr"
    await invite_staff(
        await staff(AccountRole.ADMIN), email=address, role=role, administration=administration
    )
    form = Acceptance(
        civility="monsieur",
        last_name="Bernard",
        first_name="Hugo",
        username=username,
        password=STAFF_PASSWORD,
        password_confirmation=STAFF_PASSWORD,
    )
    account, _ = await accept_invitation(token_in(await invitation_link(address)), form)
    return account
