"""Saved offers through the domain, on both engines: saving, its limits, removal, the list."""

from __future__ import annotations

import asyncio
import json
import zipfile
from datetime import timedelta

import pytest

from models.accounts.deletion import delete_account
from models.accounts.tables import AccountRole
from models.clock import today
from models.errors import UserErrors
from models.favourites import (
    MAX_SAVED_OFFERS,
    InvalidSavedOffersCursor,
    SavedOffer,
    SavedOfferState,
    save_offer,
    saved_offer_references,
    saved_offers_of,
    set_offer_reminder,
    unsave_offer,
)
from models.offers.publishing import archive_offers
from models.offers.tables import Offer
from models.personal_data import DataExport, build_data_export, request_data_export
from models.storage import file_storage
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.recruiting.helpers import offers_of, staff


async def _fails(coroutine: object) -> tuple[str | None, str, str]:
    with pytest.raises(UserErrors) as raised:
        await coroutine  # type: ignore[misc]
    [error] = raised.value.errors
    return error.field, error.code, error.message


async def test_save_is_idempotent_and_listed_newest_first(db: str) -> None:
    zoe = await new_candidate()
    first, second, third = await offers_of("culture", count=3)
    await save_offer(zoe, first.reference)
    await save_offer(zoe, second.reference, remind=True)
    await save_offer(zoe, third.reference)
    again = await save_offer(zoe, first.reference, remind=True)
    assert again.remind is True
    assert await SavedOffer.filter(candidate=zoe).count() == 3

    page = await saved_offers_of(zoe)
    assert [v.offer.reference for v in page.items] == [
        third.reference,
        second.reference,
        first.reference,
    ]
    assert [v.saved.remind for v in page.items] == [False, True, True]
    assert {v.state for v in page.items} == {SavedOfferState.OPEN}
    assert (page.total_count, page.has_next_page) == (3, False)
    refs = [first.reference, "S-1999-0001"]
    assert await saved_offer_references(zoe, refs) == {first.reference}


async def test_pages_join_up_by_cursor_and_by_offset(db: str) -> None:
    zoe = await new_candidate()
    offers = await offers_of("culture", count=5)
    for offer in offers:
        await save_offer(zoe, offer.reference)
    newest_first = [o.reference for o in reversed(offers)]
    one = await saved_offers_of(zoe, first=2)
    assert one.has_next_page and one.end_cursor is not None
    two = await saved_offers_of(zoe, first=2, after=one.end_cursor)
    three = await saved_offers_of(zoe, first=2, after=two.end_cursor)
    walked = [v.offer.reference for p in (one, two, three) for v in p.items]
    assert walked == newest_first and not three.has_next_page
    by_offset = await saved_offers_of(zoe, first=2, offset=2)
    assert [v.offer.reference for v in by_offset.items] == newest_first[2:4]
    with pytest.raises(InvalidSavedOffersCursor):
        await saved_offers_of(zoe, after="pas-un-curseur")
    with pytest.raises(ValueError):
        await saved_offers_of(zoe, first=101)


async def test_drafts_unknown_and_closed_offers_are_refused(db: str) -> None:
    zoe = await new_candidate()
    [draft] = await offers_of("culture", publish=False)
    [closed] = await offers_of("culture", seed=2)
    await archive_offers([closed])
    assert await _fails(save_offer(zoe, draft.reference)) == (
        "reference",
        "not_found",
        f"Aucune offre ne porte la référence « {draft.reference} ».",
    )
    assert (await _fails(save_offer(zoe, "S-1999-9999")))[:2] == ("reference", "not_found")
    assert await _fails(save_offer(zoe, closed.reference)) == (
        "reference",
        "archived",
        "Cette offre n'est plus ouverte aux candidatures : elle ne peut plus être sauvegardée.",
    )
    assert (await _fails(unsave_offer(zoe, "S-1999-9999")))[:2] == ("reference", "not_found")
    assert await SavedOffer.all().count() == 0


async def test_expired_and_withdrawn_offers_stay_listed_and_marked(db: str) -> None:
    zoe = await new_candidate()
    expiring, withdrawn, current = await offers_of("culture", count=3)
    for offer in (expiring, withdrawn, current):
        await save_offer(zoe, offer.reference)
    await Offer.filter(id=expiring.id).update(expires_on=today() - timedelta(days=1))
    await archive_offers([withdrawn])
    page = await saved_offers_of(zoe)
    states = {v.offer.reference: v.state for v in page.items}
    assert states == {
        expiring.reference: SavedOfferState.EXPIRED,
        withdrawn.reference: SavedOfferState.WITHDRAWN,
        current.reference: SavedOfferState.OPEN,
    }
    # Saving one already saved stays harmless after it closed, and can switch its reminder.
    assert (await save_offer(zoe, withdrawn.reference, remind=True)).remind is True


async def test_the_cap_is_clear_and_changes_nothing(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert MAX_SAVED_OFFERS == 200
    # Three stand for two hundred: the rule is the same, the test needs fewer offers.
    monkeypatch.setattr("models.favourites.saved.MAX_SAVED_OFFERS", 3)
    zoe = await new_candidate()
    offers = await offers_of("culture", count=4)
    for offer in offers[:3]:
        await save_offer(zoe, offer.reference)
    assert await _fails(save_offer(zoe, offers[3].reference)) == (
        None,
        "limit_reached",
        "Vous avez déjà sauvegardé 3 offres : retirez-en une pour en sauvegarder une autre.",
    )
    # Saving one already saved is no new row: still allowed at the cap.
    await save_offer(zoe, offers[0].reference, remind=True)
    assert await SavedOffer.filter(candidate=zoe).count() == 3


async def test_the_cap_holds_when_tabs_save_at_once(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("models.favourites.saved.MAX_SAVED_OFFERS", 3)
    zoe = await new_candidate()
    offers = await offers_of("culture", count=6)
    await save_offer(zoe, offers[0].reference)
    await save_offer(zoe, offers[1].reference)
    outcomes = await asyncio.gather(
        *(save_offer(zoe, offer.reference) for offer in offers[2:]), return_exceptions=True
    )
    assert sum(isinstance(o, SavedOffer) for o in outcomes) == 1
    assert all(isinstance(o, (SavedOffer, UserErrors)) for o in outcomes)
    assert await SavedOffer.filter(candidate=zoe).count() == 3


async def test_another_candidate_cannot_see_change_or_remove_them(db: str) -> None:
    zoe = await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    [offer] = await offers_of("culture")
    await save_offer(zoe, offer.reference)
    assert (await saved_offers_of(paul)).items == []
    assert await saved_offer_references(paul, [offer.reference]) == set()
    assert (await _fails(set_offer_reminder(paul, offer.reference, True)))[:2] == (
        "reference",
        "not_found",
    )
    await unsave_offer(paul, offer.reference)  # nothing of Paul's to remove
    [mine] = (await saved_offers_of(zoe)).items
    assert mine.saved.remind is False


async def test_unsave_removes_only_that_offer_and_is_harmless_twice(db: str) -> None:
    zoe = await new_candidate()
    kept, gone = await offers_of("culture", count=2)
    await save_offer(zoe, kept.reference)
    await save_offer(zoe, gone.reference)
    await unsave_offer(zoe, gone.reference)
    await unsave_offer(zoe, gone.reference)
    assert [v.offer.reference for v in (await saved_offers_of(zoe)).items] == [kept.reference]
    assert (await set_offer_reminder(zoe, kept.reference, True)).remind is True


async def test_deleting_the_account_deletes_its_saved_offers(db: str) -> None:
    zoe = await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    [offer] = await offers_of("culture")
    await save_offer(zoe, offer.reference)
    await save_offer(paul, offer.reference)
    await delete_account(zoe, password=PASSWORD)
    assert await SavedOffer.filter(candidate_id=zoe.id).count() == 0
    assert await SavedOffer.all().count() == 1  # Paul's is his own


async def test_staff_accounts_do_not_save_offers(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER, "culture")
    [offer] = await offers_of("culture")
    assert await _fails(save_offer(recruiter, offer.reference)) == (
        None,
        "forbidden",
        "Seuls les comptes candidats sauvegardent des offres.",
    )
    assert await SavedOffer.all().count() == 0


async def test_the_data_export_holds_the_candidates_saved_offers_only(db: str) -> None:
    zoe = await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    first, second, third = await offers_of("culture", count=3)
    await save_offer(zoe, first.reference, remind=True)
    await save_offer(zoe, second.reference)
    await archive_offers([second])
    await save_offer(paul, third.reference)
    export = await request_data_export(zoe)
    assert await build_data_export(export.id) is True

    row = await DataExport.get(id=export.id)
    assert row.storage_key is not None
    with zipfile.ZipFile(file_storage().path(row.storage_key)) as archive:
        listed = json.loads(archive.read("favoris.json"))
    assert [(o["offre_reference"], o["etat"], o["rappel_avant_date_limite"]) for o in listed] == [
        (second.reference, "archivée", False),
        (first.reference, "ouverte", True),
    ]
    assert listed[1]["offre_titre"] == first.title
    assert listed[1]["adresse"].endswith(f"/offres/{first.reference}")
