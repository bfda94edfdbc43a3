"""Saved offers through the API: `saveOffer`, `unsaveOffer`, `Candidate.savedOffers`."""

from __future__ import annotations

import base64

from models.accounts.signin import sign_in
from models.accounts.tables import AccountRole
from models.favourites import SavedOffer
from models.offers.publishing import archive_offers
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.recruiting.helpers import STAFF_PASSWORD, offers_of, signed_up_staff
from tests.schema.graphql import post

ERRORS = "userErrors { field code message }"
SAVE = (
    "mutation($r: String!, $remind: Boolean) { saveOffer(reference: $r, "
    "remindBeforeDeadline: $remind) { savedOffer { cursor savedAt remindBeforeDeadline state "
    f"expired node {{ reference title }} }} {ERRORS} }} }}"
)
UNSAVE = f"mutation($r: String!) {{ unsaveOffer(reference: $r) {{ ok {ERRORS} }} }}"
LIST = (
    "query($first: Int, $after: String) { viewer { ... on Candidate { savedOffers(first: $first, "
    "after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { "
    "remindBeforeDeadline state expired node { reference } } } } } }"
)


async def _token(login: str, password: str = PASSWORD) -> str:
    return (await sign_in(login, password, client_address="192.0.2.9"))[1]


async def test_save_list_and_unsave(db: str) -> None:
    await new_candidate()
    zoe = await _token("zoe.durand")
    first, second, withdrawn = await offers_of("culture", count=3)

    saved = await post(SAVE, {"r": first.reference, "remind": True}, token=zoe)
    answer = saved["data"]["saveOffer"]
    assert answer["userErrors"] == []
    assert answer["savedOffer"]["node"] == {"reference": first.reference, "title": first.title}
    assert (answer["savedOffer"]["remindBeforeDeadline"], answer["savedOffer"]["state"]) == (
        True,
        "OPEN",
    )
    again = await post(SAVE, {"r": first.reference}, token=zoe)  # default: no reminder
    assert again["data"]["saveOffer"]["savedOffer"]["remindBeforeDeadline"] is False
    assert again["data"]["saveOffer"]["savedOffer"]["savedAt"] == answer["savedOffer"]["savedAt"]
    await post(SAVE, {"r": second.reference}, token=zoe)
    await post(SAVE, {"r": withdrawn.reference}, token=zoe)
    await archive_offers([withdrawn])

    page = (await post(LIST, {"first": 2}, token=zoe))["data"]["viewer"]["savedOffers"]
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"] is True
    assert page["edges"] == [
        {
            "remindBeforeDeadline": False,
            "state": "WITHDRAWN",
            "expired": True,
            "node": {"reference": withdrawn.reference},
        },
        {
            "remindBeforeDeadline": False,
            "state": "OPEN",
            "expired": False,
            "node": {"reference": second.reference},
        },
    ]
    after = page["pageInfo"]["endCursor"]
    rest = (await post(LIST, {"first": 2, "after": after}, token=zoe))["data"]["viewer"]
    assert [e["node"]["reference"] for e in rest["savedOffers"]["edges"]] == [first.reference]

    removed = await post(UNSAVE, {"r": second.reference}, token=zoe)
    assert removed["data"]["unsaveOffer"] == {"ok": True, "userErrors": []}
    assert await SavedOffer.filter(offer_id=second.id).count() == 0


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


async def test_mistakes_come_back_as_user_errors_and_change_nothing(db: str) -> None:
    await new_candidate()
    zoe = await _token("zoe.durand")
    [draft] = await offers_of("culture", publish=False)
    [closed] = await offers_of("culture", seed=3)
    await archive_offers([closed])
    for reference, code in (
        (draft.reference, "NOT_FOUND"),
        ("S-1999-9999", "NOT_FOUND"),
        (closed.reference, "ARCHIVED"),
        ("S-2026-0001-aaaaaaaaaaaaaaaaa", "NOT_FOUND"),  # longer than any reference
        ("", "NOT_FOUND"),
    ):
        refused = (await post(SAVE, {"r": reference}, token=zoe))["data"]["saveOffer"]
        assert refused["savedOffer"] is None
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("reference", code)]
    unknown = (await post(UNSAVE, {"r": "S-1999-9999"}, token=zoe))["data"]["unsaveOffer"]
    assert unknown["ok"] is False
    too_long = (await post(UNSAVE, {"r": "R" * 41}, token=zoe))["data"]["unsaveOffer"]
    assert [e["code"] for e in too_long["userErrors"]] == ["NOT_FOUND"]
    assert unknown["userErrors"] == [
        {
            "field": "reference",
            "code": "NOT_FOUND",
            "message": "Aucune offre ne porte la référence « S-1999-9999 ».",
        }
    ]
    assert await SavedOffer.all().count() == 0
    for first in (0, 101):
        wrong = await post(LIST, {"first": first}, token=zoe)
        assert wrong["errors"][0]["extensions"]["code"] == "INVALID_FIRST"
    for after in ("nimporte", _cursor("fav1:99999999999999999999"), _cursor("fav1:-1")):
        bad = await post(LIST, {"after": after}, token=zoe)
        assert bad["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_only_a_signed_in_candidate_and_only_their_own(db: str) -> None:
    await new_candidate()
    await new_candidate(username="paul", email="paul@exemple.fr")
    zoe, paul = await _token("zoe.durand"), await _token("paul")
    [offer] = await offers_of("culture")
    await post(SAVE, {"r": offer.reference}, token=zoe)

    theirs = (await post(LIST, {}, token=paul))["data"]["viewer"]["savedOffers"]
    assert (theirs["totalCount"], theirs["edges"]) == (0, [])
    # Paul « removes » Zoé's saved offer: only his own list is touched.
    assert (await post(UNSAVE, {"r": offer.reference}, token=paul))["data"]["unsaveOffer"]["ok"]
    assert await SavedOffer.all().count() == 1

    anonymous = await post(SAVE, {"r": offer.reference})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await signed_up_staff("reca", AccountRole.RECRUITER, "culture")
    staff = await _token("reca", STAFF_PASSWORD)
    refused = await post(SAVE, {"r": offer.reference}, token=staff)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await post(UNSAVE, {"r": offer.reference}, token=staff))["errors"][0]["extensions"][
        "code"
    ] == "FORBIDDEN"
    assert await SavedOffer.all().count() == 1
