"""Recruiters publish their administration's offers, admins any, candidates none; every draft
is checked and sanitised; what is published is searchable at once and owed its alerts."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from models.accounts.staff import StaffAccount, create_staff_account
from models.accounts.tables import Account, AccountRole
from models.alerts.tables import PendingMatch
from models.clock import today
from models.errors import ErrorCode, UserErrors
from models.offers.editing import (
    archive_offer,
    check_draft,
    create_offer,
    draft_from_offer,
    managed_offer,
    managed_offers,
    publish_offer,
    update_offer,
)
from models.offers.publishing import OfferDraft
from models.offers.queries import get_offer
from models.offers.tables import Offer, OfferStatus
from models.reference.catalogue import OfferType
from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria
from models.search.offers import search_offers
from tests.accounts.helpers import new_candidate


def offer_draft(**changes: object) -> OfferDraft:
    draft = OfferDraft(
        type=OfferType.STAGE,
        title="  Stage –  médiateur culturel (F/H) ",
        diploma_level="6",
        domain="culture",
        administration="culture",
        service="Direction régionale des affaires culturelles",
        post_description="<p>Accueillir les publics<script>alert(1)</script></p>",
        employer_description='<p onclick="x()">Le ministère <a href="javascript:x()">ici</a></p>',
        city="Rennes",
        department_code="35",
        contact_email="drac.bretagne@culture.gouv.fr",
        contact_phone="02 99 29 67 67",
        expires_on=today() + timedelta(days=30),
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


async def staff(role: AccountRole, administration: str | None = "culture", n: int = 1) -> Account:
    account, _ = await create_staff_account(
        StaffAccount(
            role=role,
            civility="madame",
            last_name="Martin",
            first_name="Zoé",
            email=f"staff{n}@culture.gouv.fr",
            username=f"staff{n}",
            administration=administration,
        )
    )
    return account


async def _codes(error: pytest.ExceptionInfo[UserErrors]) -> dict[str | None, str]:
    return {e.field: e.code for e in error.value.errors}


async def _search(keywords: str) -> list[str]:
    criteria = SearchCriteria.build(keywords=keywords, vocabulary=await vocabulary())
    page = await search_offers(criteria, first=20)
    return [o.reference for o in page.offers]


async def test_recruiter_creates_publishes_updates_and_archives(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    offer = await create_offer(recruiter, offer_draft())
    assert offer.status is OfferStatus.DRAFT and offer.reference.startswith("S-")
    assert offer.title == "Stage – médiateur culturel (F/H)"
    assert "<script" not in offer.post_description and "alert(1)" not in offer.post_description
    assert "onclick" not in offer.employer_description
    assert "javascript" not in offer.employer_description
    assert offer.region_code == "BRE"  # from the department
    assert offer.contact_phone == "02 99 29 67 67"
    assert await get_offer(offer.reference) is None  # a draft is nobody's business
    assert await _search("médiateur") == []

    await publish_offer(recruiter, offer.reference)
    assert await _search("médiateur") == [offer.reference]
    assert await PendingMatch.filter(offer_id=offer.id).count() == 1  # its alerts are owed

    changed = offer_draft(title="Stage – guide conférencier (F/H)", department_code="29")
    updated = await update_offer(recruiter, offer.reference, changed)
    assert updated.status is OfferStatus.PUBLISHED and updated.department_code == "29"
    assert await _search("conférencier") == [offer.reference]
    assert await _search("médiateur") == []

    await archive_offer(recruiter, offer.reference)
    assert await _search("conférencier") == []
    archived = await get_offer(offer.reference)
    assert archived is not None and archived.status is OfferStatus.ARCHIVED
    with pytest.raises(UserErrors) as error:
        await update_offer(recruiter, offer.reference, changed)
    assert await _codes(error) == {"reference": "archived"}
    assert [o.reference for o in await managed_offers(recruiter, limit=10)] == [offer.reference]


async def test_only_their_administration_and_never_a_candidate(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    other = await staff(AccountRole.RECRUITER, administration="interieur", n=2)
    admin = await staff(AccountRole.ADMIN, administration=None, n=3)
    candidate = await new_candidate()
    offer = await create_offer(recruiter, offer_draft())

    with pytest.raises(UserErrors) as error:
        await create_offer(recruiter, offer_draft(administration="interieur"))
    assert await _codes(error) == {"administration": "forbidden"}
    for action in (publish_offer, archive_offer):
        with pytest.raises(UserErrors) as error:
            await action(other, offer.reference)
        assert await _codes(error) == {"administration": "forbidden"}
    with pytest.raises(UserErrors) as error:
        await update_offer(recruiter, offer.reference, offer_draft(administration="interieur"))
    assert await _codes(error) == {"administration": "forbidden"}
    with pytest.raises(UserErrors) as error:
        await create_offer(candidate, offer_draft())
    assert await _codes(error) == {None: "forbidden"}
    with pytest.raises(UserErrors):
        await publish_offer(candidate, offer.reference)
    assert await managed_offers(candidate, limit=10) == []
    assert await managed_offers(other, limit=10) == []

    await publish_offer(admin, offer.reference)  # an admin may touch any offer
    assert (await get_offer(offer.reference)) is not None


async def test_every_wrong_field_is_reported_and_nothing_is_stored(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    wrong = offer_draft(
        title=" ",
        service="",
        post_description="",
        diploma_level="9",
        domain="astrologie",
        department_code="99",
        contact_email="pas-une-adresse",
        contact_phone="12",
        contact_url="ftp://exemple.fr",
        expires_on=today() - timedelta(days=1),
    )
    with pytest.raises(UserErrors) as error:
        await create_offer(recruiter, wrong)
    assert await _codes(error) == {
        "title": "required",
        "service": "required",
        "post_description": "required",
        "diploma_level": "unknown",
        "domain": "unknown",
        "department_code": "unknown",
        "contact_email": "invalid",
        "contact_phone": "invalid",
        "contact_url": "invalid",
        "expires_on": "past",
    }
    with pytest.raises(UserErrors) as error:
        await create_offer(recruiter, offer_draft(contact_email="", region_code="IDF"))
    assert await _codes(error) == {"contact_email": "required", "region_code": "invalid"}
    abroad = await create_offer(
        recruiter, offer_draft(country_code="jp", department_code=None, city="Tokyo")
    )
    assert (abroad.country_code, abroad.department_code, abroad.region_code) == ("JP", None, None)
    assert await managed_offers(recruiter, limit=10) == [abroad]
    with pytest.raises(UserErrors) as error:
        await update_offer(recruiter, abroad.reference, offer_draft(type=OfferType.APPRENTISSAGE))
    assert await _codes(error) == {"type": "immutable"}
    with pytest.raises(UserErrors) as error:
        await publish_offer(recruiter, "S-1999-0001")
    assert await _codes(error) == {"reference": "not_found"}


async def test_concurrent_creations_and_publications_take_turns(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    created = await asyncio.gather(*(create_offer(recruiter, offer_draft()) for _ in range(4)))
    assert len({o.reference for o in created}) == 4
    first = created[0]
    results = await asyncio.gather(
        *(publish_offer(recruiter, first.reference) for _ in range(3)), return_exceptions=True
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, UserErrors) for r in results if isinstance(r, BaseException))
    assert await PendingMatch.filter(offer_id=first.id).count() == 1
    await asyncio.gather(*(publish_offer(recruiter, o.reference) for o in created[1:]))
    seqs = [o.seq for o in await Offer.filter(id__in=[o.id for o in created])]
    assert sorted(s for s in seqs if s is not None) == [1, 2, 3, 4]
    assert sorted(await _search("médiateur")) == sorted(o.reference for o in created)


async def test_a_draft_archived_unpublished_stays_private(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    offer = await create_offer(recruiter, offer_draft())
    archived = await archive_offer(recruiter, offer.reference)
    assert archived.status is OfferStatus.ARCHIVED
    assert await get_offer(offer.reference) is None
    with pytest.raises(UserErrors) as error:
        await publish_offer(recruiter, offer.reference)
    assert await _codes(error) == {"reference": "not_draft"}


async def test_an_offer_read_back_as_a_draft_saves_unchanged(db: str) -> None:
    """The forms' prefill (edit, « Dupliquer »): what the offer holds, once cleaned."""
    recruiter = await staff(AccountRole.RECRUITER)
    other = await staff(AccountRole.RECRUITER, administration="interieur", n=2)
    offer = await create_offer(recruiter, offer_draft(commune_code="35238", city=""))
    draft = draft_from_offer(await managed_offer(recruiter, offer.reference))
    assert draft.reference == offer.reference and draft.commune_code == "35238"
    assert await check_draft(draft) == draft  # already clean: nothing to change
    copy = await create_offer(recruiter, replace(draft, reference=None))
    assert copy.reference != offer.reference
    fields = ("title", "post_description", "employer_description", "city", "region_code")
    assert [getattr(copy, f) for f in fields] == [getattr(offer, f) for f in fields]
    with pytest.raises(UserErrors) as error:
        await managed_offer(other, offer.reference)
    assert await _codes(error) == {"administration": "forbidden"}
    with pytest.raises(UserErrors) as error:
        await managed_offer(recruiter, "S-2000-0001")
    assert await _codes(error) == {"reference": "not_found"}


async def test_control_characters_leave_every_text_and_nothing_crashes(db: str) -> None:
    """A NUL made PostgreSQL refuse the insert (an internal error); other controls and bidi
    overrides were stored and shown again in pages, mails and feeds."""
    account = await staff(AccountRole.RECRUITER)
    offer = await create_offer(
        account,
        offer_draft(
            title="Stage\x00 – archives\x07 \u202edatum",
            service="Archives\x00 départementales",
            workplace="Bâtiment\tB\x1b",
            contact_name="Mme\x00 Durand",
            duration="6\x00 mois",
            post_description="<p>Classer\x00 les fonds\x0b</p>",
        ),
    )
    assert offer.title == "Stage – archives datum"
    assert offer.service == "Archives départementales"
    assert offer.workplace == "Bâtiment B"
    assert (offer.contact_name, offer.duration) == ("Mme Durand", "6 mois")
    assert offer.post_description == "<p>Classer les fonds</p>"
    with pytest.raises(UserErrors) as refused:
        await create_offer(
            account, offer_draft(domain="cul\x00ture", contact_url="https://a.fr/\x00")
        )
    assert (await _codes(refused))["domain"] == ErrorCode.UNKNOWN


@pytest.mark.parametrize(
    "html", ["<script>alert(1)</script>", "<p><br></p>", "<p>&nbsp;</p>", "<img src=x>", " "]
)
async def test_a_post_description_that_shows_nothing_is_missing(db: str, html: str) -> None:
    account = await staff(AccountRole.RECRUITER)
    with pytest.raises(UserErrors) as refused:
        await create_offer(account, offer_draft(post_description=html))
    assert (await _codes(refused)) == {"post_description": ErrorCode.REQUIRED}
    assert await Offer.all().count() == 0


async def test_a_reference_no_offer_can_have_is_not_found(db: str) -> None:
    """Longer than the column or holding a NUL: Tortoise or PostgreSQL would raise."""
    account = await staff(AccountRole.ADMIN, None)
    for reference in ("S" * 40, "S-2026\x00-0001"):
        assert await get_offer(reference) is None
        with pytest.raises(UserErrors) as refused:
            await managed_offer(account, reference)
        assert (await _codes(refused)) == {"reference": ErrorCode.NOT_FOUND}
