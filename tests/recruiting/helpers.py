"""Staff accounts and offers of a given administration, built through the domain's own paths."""

from __future__ import annotations

import itertools
from datetime import timedelta

from models.accounts.staff import StaffAccount, create_staff_account
from models.accounts.tables import Account, AccountRole
from models.clock import today
from models.demo.generator import generate_offers
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
