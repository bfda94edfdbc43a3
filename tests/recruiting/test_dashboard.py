"""« Mes offres » in the domain: whose offers each account sees, statuses in French, pages, and
what is counted for a published offer (alerted candidates, visits by people)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models.accounts.tables import AccountRole
from models.alerts.tables import AlertDelivery
from models.clock import today
from models.errors import ErrorCode, UserErrors
from models.offers.publishing import archive_offers
from models.offers.tables import Offer
from models.offers.visits import count_visit, is_robot
from models.recruiting.dashboard import PAGE_SIZE, recruiter_offers
from tests.accounts.helpers import new_candidate
from tests.recruiting.helpers import offers_of, staff

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


async def test_a_recruiter_sees_only_their_administrations_offers(db: str) -> None:
    culture = await offers_of("culture", count=2)
    await offers_of("interieur", count=1, seed=2)
    recruiter = await staff(AccountRole.RECRUITER, "culture")
    page = await recruiter_offers(recruiter, administration="interieur")  # asked, not given
    assert {r.reference for r in page.rows} == {o.reference for o in culture}
    assert page.administration == "culture" and page.total == 2

    admin = await staff(AccountRole.ADMIN)
    assert (await recruiter_offers(admin)).total == 3
    only = await recruiter_offers(admin, administration="interieur")
    assert [r.administration for r in only.rows] == ["Ministère de l'Intérieur"]

    candidate = await new_candidate()
    with pytest.raises(UserErrors) as refused:
        await recruiter_offers(candidate)
    assert refused.value.errors[0].code is ErrorCode.FORBIDDEN


async def test_statuses_in_french(db: str) -> None:
    [draft] = await offers_of("culture", publish=False)
    [live, expired, archived] = await offers_of("culture", count=3, seed=4)
    await Offer.filter(id=expired.id).update(expires_on=today() - timedelta(days=1))
    await archive_offers([archived])
    recruiter = await staff(AccountRole.RECRUITER, "culture")
    shown = {r.reference: r for r in (await recruiter_offers(recruiter)).rows}
    assert shown[draft.reference].status == "brouillon"
    assert shown[draft.reference].alerted_candidates is None
    assert shown[draft.reference].visits is None
    assert shown[live.reference].status == "publiée" and shown[live.reference].public
    assert shown[expired.reference].status == "expirée" and shown[expired.reference].public
    assert shown[archived.reference].status == "archivée"
    assert not shown[archived.reference].public and not shown[draft.reference].public


async def test_counts_alerted_candidates_and_visits_of_people(db: str) -> None:
    [offer, other] = await offers_of("culture", count=2)
    for n in range(3):
        candidate = await new_candidate(email=f"c{n}@exemple.fr", username=f"cand{n}")
        await AlertDelivery.create(candidate=candidate, offer=offer)
    for agent in (BROWSER, BROWSER, "Googlebot/2.1 (+http://www.google.com/bot.html)", ""):
        await count_visit(offer.id, user_agent=agent)
    await count_visit(offer.id, user_agent=BROWSER, on=today() - timedelta(days=1))
    recruiter = await staff(AccountRole.RECRUITER, "culture")
    shown = {r.reference: r for r in (await recruiter_offers(recruiter)).rows}
    assert (shown[offer.reference].alerted_candidates, shown[offer.reference].visits) == (3, 3)
    assert (shown[other.reference].alerted_candidates, shown[other.reference].visits) == (0, 0)


def test_robots_are_told_apart_from_browsers() -> None:
    assert not is_robot(BROWSER)
    for robot in ("Mozilla/5.0 (compatible; bingbot/2.0)", "curl/8.5.0", "python-httpx/0.28", ""):
        assert is_robot(robot)


async def test_pages_are_bounded(db: str) -> None:
    await offers_of("culture", count=PAGE_SIZE + 3, publish=False)
    recruiter = await staff(AccountRole.RECRUITER, "culture")
    first = await recruiter_offers(recruiter)
    assert (len(first.rows), first.pages, first.total) == (PAGE_SIZE, 2, PAGE_SIZE + 3)
    last = await recruiter_offers(recruiter, page=99)
    assert (last.page, len(last.rows)) == (2, 3)
    seen = {r.reference for r in first.rows} | {r.reference for r in last.rows}
    assert len(seen) == PAGE_SIZE + 3
