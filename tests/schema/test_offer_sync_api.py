"""Keeping a mirror in sync through the API: `publishedSince` / `updatedSince`, the change
journal `offerChanges` with its cursor, and the contract fixes a mirror relies on (a nullable
`node` and `me`, absolute URLs)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from importlib import import_module
from types import SimpleNamespace
from typing import Any

import httpx
from graphql import ExecutionResult
from tortoise import connections

from models.accounts.sessions import open_session
from models.accounts.tables import AccountRole
from models.clock import PARIS, now, today
from models.offers import archive_expired
from models.offers.tables import Offer, OfferChange
from schema.context import Context
from schema.schema import schema
from tests.accounts.helpers import new_candidate
from tests.offers.test_editing import staff
from tests.schema.graphql import post
from tests.schema.test_offer_mutations_api import ARCHIVE, CREATE, PUBLISH, UPDATE, offer_input
from tests.web_app import app

SITE = "http://pass.test"

OFFERS = """query($f: OfferFilter) {
  offers(filter: $f, first: 100) {
    totalCount
    edges { node { reference title publishedAt updatedAt } }
    facets { types { value count } domains { value count } }
  }
}"""

CHANGES = """query($since: DateTime!, $first: Int!, $after: String) {
  offerChanges(since: $since, first: $first, after: $after) {
    edges { cursor node { reference kind at offer { reference title updatedAt expired } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


async def _create_and_publish(token: str, **changes: object) -> str:
    created = await post(CREATE, {"input": offer_input(**changes)}, token=token)
    reference = str(created["data"]["createOffer"]["offer"]["reference"])
    published = await post(PUBLISH, {"r": reference}, token=token)
    assert published["data"]["publishOffer"]["userErrors"] == []
    return reference


async def _update(token: str, reference: str, title: str) -> None:
    updated = await post(UPDATE, {"r": reference, "input": offer_input(title=title)}, token=token)
    assert updated["data"]["updateOffer"]["userErrors"] == []


async def _changes(since: datetime, first: int = 100, after: str | None = None) -> dict[str, Any]:
    body = await post(CHANGES, {"since": _iso(since), "first": first, "after": after})
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["offerChanges"]
    return result


async def _search(filter_: dict[str, Any] | None = None) -> dict[str, Any]:
    body = await post(OFFERS, {"f": filter_})
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["offers"]
    return result


async def test_published_and_updated_since_keep_the_facets_consistent(db: str) -> None:
    token = await open_session(await staff(AccountRole.RECRUITER))
    first = await _create_and_publish(token, title="Stage – premier (F/H)")
    second = await _create_and_publish(token, title="Stage – deuxième (F/H)", domain="numerique")
    everything = await _search()
    by_reference = {e["node"]["reference"]: e["node"] for e in everything["edges"]}
    published_second = datetime.fromisoformat(by_reference[second]["publishedAt"])
    # Publication sets both dates; an update moves updatedAt only.
    assert by_reference[first]["updatedAt"] == by_reference[first]["publishedAt"]
    await _update(token, first, "Stage – premier, revu (F/H)")

    since_second = await _search({"publishedSince": _iso(published_second)})  # inclusive
    assert [e["node"]["reference"] for e in since_second["edges"]] == [second]
    assert since_second["totalCount"] == 1
    assert {v["value"]: v["count"] for v in since_second["facets"]["domains"]} == {"numerique": 1}
    assert sum(v["count"] for v in since_second["facets"]["types"]) == 1

    revised = await _search({"updatedSince": _iso(published_second + timedelta(microseconds=1))})
    [edge] = revised["edges"]
    assert edge["node"]["reference"] == first
    assert edge["node"]["title"] == "Stage – premier, revu (F/H)"
    assert edge["node"]["updatedAt"] > edge["node"]["publishedAt"]
    assert {v["value"]: v["count"] for v in revised["facets"]["domains"]} == {"culture": 1}

    both = await _search(
        {"publishedSince": _iso(published_second), "updatedSince": _iso(published_second)}
    )
    assert both["totalCount"] == 1
    future = await _search({"publishedSince": _iso(now() + timedelta(days=1))})
    assert future["totalCount"] == 0 and future["edges"] == []
    # A timestamp without offset is UTC.
    naive = published_second.astimezone(UTC).replace(tzinfo=None).isoformat()
    assert (await _search({"publishedSince": naive}))["totalCount"] == 1


async def test_saved_searches_refuse_the_dates(db: str) -> None:
    token = await open_session(await new_candidate())
    saved = await post(
        'mutation($f: OfferFilter!) { saveSearch(name: "Depuis hier", filter: $f) {'
        " savedSearch { id } userErrors { field code } } }",
        {"f": {"publishedSince": _iso(now() - timedelta(days=1))}},
        token=token,
    )
    assert saved["data"]["saveSearch"] == {
        "savedSearch": None,
        "userErrors": [{"field": "filter.publishedSince", "code": "INVALID"}],
    }


async def test_a_mirror_replaying_the_changes_ends_equal_to_the_offers(db: str) -> None:
    start = now()
    token = await open_session(await staff(AccountRole.RECRUITER))
    kept = await _create_and_publish(token, title="Stage – gardé (F/H)")
    withdrawn = await _create_and_publish(token, title="Stage – retiré (F/H)")
    ending = await _create_and_publish(token, title="Stage – échu (F/H)", expiresOn=str(today()))
    draft = await post(CREATE, {"input": offer_input()}, token=token)  # never public: no change
    await _update(token, kept, "Stage – gardé, revu (F/H)")
    await post(ARCHIVE, {"r": withdrawn}, token=token)
    assert await archive_expired(on=today() + timedelta(days=1)) == 1  # the hourly job's work
    archived_draft = draft["data"]["createOffer"]["offer"]["reference"]
    await post(ARCHIVE, {"r": archived_draft}, token=token)

    journal = await _changes(start)
    kinds = [(e["node"]["reference"], e["node"]["kind"]) for e in journal["edges"]]
    assert kinds == [
        (kept, "PUBLISHED"),
        (withdrawn, "PUBLISHED"),
        (ending, "PUBLISHED"),
        (kept, "UPDATED"),
        (withdrawn, "WITHDRAWN"),
        (ending, "EXPIRED"),
    ]
    expired = journal["edges"][-1]["node"]
    midnight = datetime.combine(today() + timedelta(days=1), datetime.min.time(), PARIS)
    assert datetime.fromisoformat(expired["at"]) == midnight
    assert expired["offer"]["expired"] is True

    # The mirror: pages of two, resuming from the cursor it keeps.
    mirror: dict[str, dict[str, Any]] = {}
    cursor: str | None = None
    pages = 0
    while True:
        page = await _changes(start, first=2, after=cursor)
        pages += 1
        for edge in page["edges"]:
            change = edge["node"]
            if change["kind"] in ("PUBLISHED", "UPDATED"):
                mirror[change["reference"]] = change["offer"]
            else:
                mirror.pop(change["reference"], None)
        cursor = page["pageInfo"]["endCursor"] or cursor
        if not page["pageInfo"]["hasNextPage"]:
            break
    assert pages == 3
    live = await _search()
    assert {r: (o["title"], o["updatedAt"]) for r, o in mirror.items()} == {
        e["node"]["reference"]: (e["node"]["title"], e["node"]["updatedAt"]) for e in live["edges"]
    }
    assert set(mirror) == {kept}

    # Nothing new: an empty page, no cursor to replace the stored one.
    idle = await _changes(start, after=cursor)
    assert idle == {"edges": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}
    # One more change: exactly it comes back after the stored cursor.
    await _update(token, kept, "Stage – gardé, revu deux fois (F/H)")
    later = await _changes(start, after=cursor)
    assert [(e["node"]["reference"], e["node"]["kind"]) for e in later["edges"]] == [
        (kept, "UPDATED")
    ]
    # Resuming from the middle gives exactly the changes recorded after that point.
    middle = journal["edges"][1]["cursor"]
    rest = await _changes(start, after=middle)
    assert len(rest["edges"]) == len(journal["edges"]) - 2 + 1
    # `since` counts when a change was recorded: nothing before this test's own start.
    assert (await _changes(now() + timedelta(seconds=1)))["edges"] == []


async def test_offer_changes_refuse_bad_arguments_with_codes(db: str) -> None:
    since = _iso(now() - timedelta(hours=1))
    for first in (0, 501):
        body = await post(CHANGES, {"since": since, "first": first})
        assert body["errors"][0]["extensions"]["code"] == "INVALID_FIRST"
    old = _iso(now() - timedelta(days=91))
    body = await post(CHANGES, {"since": old, "first": 10})
    assert body["errors"][0]["extensions"] == {"code": "CHANGES_EXPIRED", "field": "since"}
    body = await post(CHANGES, {"since": since, "first": 10, "after": "pas-un-curseur"})
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
    # A cursor of a change past the retention: the mirror must copy the offers again.
    stale = base64.urlsafe_b64encode(f"chg1:1:{10**15}".encode()).decode().rstrip("=")
    body = await post(CHANGES, {"since": since, "first": 10, "after": stale})
    assert body["errors"][0]["extensions"] == {"code": "CHANGES_EXPIRED", "field": "after"}
    # The limits' table knows the field: a full page of 500 with its offers fits the budget.
    body = await post(CHANGES, {"since": since, "first": 500})
    assert body == {
        "data": {
            "offerChanges": {"edges": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}
        }
    }


async def test_old_changes_are_forgotten(db: str) -> None:
    from models.offers import forget_old_changes

    token = await open_session(await staff(AccountRole.RECRUITER))
    await _create_and_publish(token)
    await OfferChange.all().update(recorded_at=now() - timedelta(days=91))
    assert await forget_old_changes() == 1
    assert await OfferChange.all().count() == 0


async def test_an_unknown_node_or_an_anonymous_me_leaves_the_rest_of_the_answer(
    demo_db: str,
) -> None:
    unknown = base64.b64encode(b"Offer:S-1999-9999").decode()
    body = await post(
        "query($id: ID!) { offers(first: 0) { totalCount } node(id: $id) { id } }",
        {"id": unknown},
    )
    assert body["data"]["node"] is None and body["data"]["offers"]["totalCount"] > 0
    assert "errors" not in body
    body = await post("{ offers(first: 0) { totalCount } me { email } }")
    assert body["data"]["me"] is None and body["data"]["offers"]["totalCount"] > 0
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_every_url_is_absolute_on_the_site(demo_db: str) -> None:
    body = await post(
        '{ offer(reference: "A-2021-0192") { url attachments { url } } '
        "offers(first: 3) { edges { node { url } } } }"
    )
    offer = body["data"]["offer"]
    assert offer["url"] == f"{SITE}/offres/A-2021-0192"
    [attachment] = offer["attachments"]
    assert attachment["url"].startswith(f"{SITE}/offres/A-2021-0192/pieces-jointes/")
    assert all(
        e["node"]["url"].startswith(f"{SITE}/offres/") for e in body["data"]["offers"]["edges"]
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as client:
        assert (await client.get(attachment["url"])).status_code == 200


async def test_a_subscription_refuses_the_dates(db: str) -> None:
    stream = await schema.subscribe(
        "subscription($f: OfferFilter) { offerPublished(filter: $f) { reference } }",
        variable_values={"f": {"updatedSince": _iso(now())}},
        context_value=Context(request=None),
    )
    assert not isinstance(stream, ExecutionResult) or stream.errors
    results = [stream] if isinstance(stream, ExecutionResult) else [r async for r in stream]
    [error] = [e for r in results for e in (r.errors or [])]
    assert error.extensions == {"code": "UNSUPPORTED_FILTER", "field": "filter"}


async def test_the_migration_dates_stored_offers_by_their_publication(db: str) -> None:
    token = await open_session(await staff(AccountRole.RECRUITER))
    published = await _create_and_publish(token)
    draft = (await post(CREATE, {"input": offer_input()}, token=token))["data"]["createOffer"]
    await Offer.all().update(changed_at=None)  # as stored before migration 0012
    migration = import_module("models.migrations.0012_offer_changes")
    client = connections.get("default")
    await migration.fill_and_index(None, SimpleNamespace(client=client))
    await migration.fill_and_index(None, SimpleNamespace(client=client))  # indexes exist: fine
    row = await Offer.get(reference=published)
    assert row.changed_at == row.published_at is not None
    assert (await Offer.get(reference=draft["offer"]["reference"])).changed_at is None
