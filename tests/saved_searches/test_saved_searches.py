"""Saved searches through the domain and the API: validation, ownership, alert switch."""

from __future__ import annotations

import pytest

from models.accounts.signin import sign_in
from models.errors import UserErrors
from models.reference.labels import vocabulary
from models.saved_searches.saved import (
    criteria_of,
    delete_saved_search,
    rename_saved_search,
    save_search,
    saved_searches_of,
    set_alert,
)
from models.saved_searches.tables import SavedSearch
from models.saved_searches.wording import describe_criteria
from models.search.criteria import SearchCriteria
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.schema.graphql import post

ERRORS = "userErrors { field code message }"


async def _criteria(**raw: object) -> SearchCriteria:
    return SearchCriteria.build(**raw, vocabulary=await vocabulary())  # type: ignore[arg-type]


async def _fails(coroutine: object) -> tuple[str | None, str]:
    with pytest.raises(UserErrors) as raised:
        await coroutine  # type: ignore[misc]
    [error] = raised.value.errors
    return error.field, error.code


async def test_save_rename_toggle_delete(db: str) -> None:
    candidate = await new_candidate()
    criteria = await _criteria(types=["stage"], keywords="data", regions=["IDF", "BRE"])
    saved = await save_search(candidate, "  Data   en Île-de-France ", criteria)
    assert saved.name == "Data en Île-de-France"
    assert await criteria_of(saved) == criteria
    words = describe_criteria(criteria, await vocabulary())
    assert words == "Stage · mots-clés « data » · Région : Bretagne, Île-de-France"
    assert await _fails(save_search(candidate, "   ", criteria)) == ("name", "required")
    assert await _fails(save_search(candidate, "x" * 101, criteria)) == ("name", "too_long")

    renamed = await rename_saved_search(candidate, saved.id, "Data")
    assert renamed.name == "Data" and (await SavedSearch.get(id=saved.id)).name == "Data"
    on = await set_alert(candidate, saved.id, True)
    assert on.alert_enabled and on.alert_changed_at is not None
    assert not (await set_alert(candidate, saved.id, False)).alert_enabled
    await delete_saved_search(candidate, saved.id)
    assert await saved_searches_of(candidate) == []


async def test_another_candidates_search_is_out_of_reach(db: str) -> None:
    owner = await new_candidate()
    other = await new_candidate(username="paul", email="paul@exemple.fr")
    saved = await save_search(owner, "À moi", await _criteria(types=["stage"]))
    for attempt in (
        rename_saved_search(other, saved.id, "Volée"),
        set_alert(other, saved.id, True),
        delete_saved_search(other, saved.id),
    ):
        assert await _fails(attempt) == ("id", "not_found")
    unchanged = await SavedSearch.get(id=saved.id)
    assert (unchanged.name, unchanged.alert_enabled) == ("À moi", False)
    assert await saved_searches_of(other) == []


async def test_api_validates_like_a_search_and_keeps_to_the_owner(db: str) -> None:
    await new_candidate()
    await new_candidate(username="paul", email="paul@exemple.fr")
    zoe = (await sign_in("zoe.durand", PASSWORD, client_address="192.0.2.9"))[1]
    paul = (await sign_in("paul", PASSWORD, client_address="192.0.2.9"))[1]
    save = (
        "mutation($n: String!, $f: OfferFilter!) { saveSearch(name: $n, filter: $f) {"
        f" savedSearch {{ id name description searchUrl alertEnabled criteria {{ types regions }} }} {ERRORS} }} }}"  # noqa: E501
    )
    refused = await post(save, {"n": "X", "f": {"regions": ["ATLANTIDE"]}}, token=zoe)
    [error] = refused["data"]["saveSearch"]["userErrors"]
    assert (error["field"], error["code"]) == ("filter.regions", "UNKNOWN_CODE")
    assert await SavedSearch.all().count() == 0

    saved = await post(
        save, {"n": "Stages IDF", "f": {"types": ["STAGE"], "regions": ["IDF"]}}, token=zoe
    )
    search = saved["data"]["saveSearch"]["savedSearch"]
    assert search["criteria"] == {"types": ["STAGE"], "regions": ["IDF"]}
    assert search["searchUrl"] == "http://pass.test/recherche?type=stage&region=IDF"
    assert search["description"] == "Stage · Région : Île-de-France"

    mine = await post("{ me { savedSearches { name } } }", token=zoe)
    assert mine["data"]["me"]["savedSearches"] == [{"name": "Stages IDF"}]
    theirs = await post("{ me { savedSearches { name } } }", token=paul)
    assert theirs["data"]["me"]["savedSearches"] == []
    toggle = (
        "mutation($id: ID!) { setSavedSearchAlert(id: $id, enabled: true) {"
        f" savedSearch {{ alertEnabled }} {ERRORS} }} }}"
    )
    stolen = await post(toggle, {"id": search["id"]}, token=paul)
    assert stolen["data"]["setSavedSearchAlert"]["userErrors"][0]["code"] == "NOT_FOUND"
    own = await post(toggle, {"id": search["id"]}, token=zoe)
    assert own["data"]["setSavedSearchAlert"]["savedSearch"] == {"alertEnabled": True}
    anonymous = await post(toggle, {"id": search["id"]})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    daily = (
        "mutation($id: ID!) { setSavedSearchAlertFrequency(id: $id, frequency: DAILY) {"
        f" savedSearch {{ alertEnabled alertFrequency }} {ERRORS} }} }}"
    )
    stolen = await post(daily, {"id": search["id"]}, token=paul)
    assert stolen["data"]["setSavedSearchAlertFrequency"]["userErrors"][0]["code"] == "NOT_FOUND"
    own = await post(daily, {"id": search["id"]}, token=zoe)
    assert own["data"]["setSavedSearchAlertFrequency"]["savedSearch"] == {
        "alertEnabled": True,
        "alertFrequency": "DAILY",
    }


async def test_deleting_the_account_deletes_its_searches(db: str) -> None:
    from models.accounts.deletion import delete_account

    candidate = await new_candidate()
    await save_search(candidate, "Une", await _criteria(types=["stage"]))
    await delete_account(candidate, password=PASSWORD)
    assert await SavedSearch.all().count() == 0


async def test_searches_saved_in_the_same_instant_keep_one_order_in_the_api_and_the_site(
    db: str,
) -> None:
    candidate = await new_candidate()
    token = (await sign_in("zoe.durand", PASSWORD, client_address="192.0.2.9"))[1]
    for name in ("Première", "Deuxième", "Troisième"):
        await save_search(candidate, name, await _criteria(types=["stage"]))
    # The same instant for all three: only the tie-break orders them.
    first = await SavedSearch.filter(candidate=candidate).order_by("id").first()
    assert first is not None
    await SavedSearch.filter(candidate=candidate).update(created_at=first.created_at)

    domain = [str(s.id) for s in await saved_searches_of(candidate)]  # the site's list
    assert domain == sorted(domain, key=int, reverse=True)  # newest first, then latest id
    viewer = await post("{ viewer { ... on Candidate { savedSearches { id } } } }", token=token)
    assert [s["id"] for s in viewer["data"]["viewer"]["savedSearches"]] == domain
    me = await post("{ me { savedSearches { id } } }", token=token)
    assert [s["id"] for s in me["data"]["me"]["savedSearches"]] == domain
