"""The application tracker through the API: record, page, update, delete, `userErrors`, and
another account's records out of reach, on both engines."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from models.accounts.signin import sign_in
from models.applications.tables import Application
from models.clock import today
from models.offers.publishing import archive_offers
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.applications.helpers import pdf, published_offers
from tests.schema.graphql import post

ERRORS = "userErrors { field code message }"
FIELDS = (
    "id offerReference offerTitle offerUrl writtenOn contact status notes followUpAfterDays "
    "followUpOn documents { id name category }"
)
RECORD = (
    "mutation($i: RecordApplicationInput!) { recordApplication(input: $i) {"
    f" application {{ {FIELDS} }} {ERRORS} }} }}"
)
UPDATE = (
    "mutation($id: ID!, $i: UpdateApplicationInput!) { updateApplication(id: $id, input: $i) {"
    f" application {{ {FIELDS} }} {ERRORS} }} }}"
)
DELETE = f"mutation($id: ID!) {{ deleteApplication(id: $id) {{ ok {ERRORS} }} }}"
LIST = (
    "query($first: Int, $after: String) { viewer { ... on Candidate {"
    " applications(first: $first, after: $after) { totalCount"
    " pageInfo { hasNextPage endCursor } edges { cursor node { offerReference status } } } } } }"
)


async def _token(login: str) -> str:
    return (await sign_in(login, PASSWORD, client_address="192.0.2.9"))[1]


def _codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def test_record_list_update_and_delete_through_the_api(db: str) -> None:
    zoe = await new_candidate()
    [first, second, third] = await published_offers(3)
    cv = await pdf(zoe)
    token = await _token("zoe.durand")

    refused = (
        await post(
            RECORD,
            {
                "i": {
                    "offerReference": first.reference,
                    "writtenOn": (today() + timedelta(days=2)).isoformat(),
                    "contact": " ",
                    "followUpAfterDays": 0,
                }
            },
            token=token,
        )
    )["data"]["recordApplication"]
    assert refused["application"] is None
    assert _codes(refused) == [
        ("writtenOn", "INVALID"),
        ("contact", "REQUIRED"),
        ("followUpAfterDays", "INVALID"),
    ]
    assert await Application.all().count() == 0

    recorded = (
        await post(
            RECORD,
            {"i": {"offerReference": first.reference, "documentIds": [str(cv.id)], "notes": "Ok"}},
            token=token,
        )
    )["data"]["recordApplication"]
    assert recorded["userErrors"] == []
    application = recorded["application"]
    assert application == {
        "id": application["id"],
        "offerReference": first.reference,
        "offerTitle": first.title,
        "offerUrl": f"http://pass.test/offres/{first.reference}",
        "writtenOn": today().isoformat(),
        "contact": "Service RH (rh1@exemple.gouv.fr)",
        "status": "SENT",
        "notes": "Ok",
        "followUpAfterDays": 10,
        "followUpOn": (today() + timedelta(days=10)).isoformat(),
        "documents": [{"id": str(cv.id), "name": "cv.pdf", "category": "CV"}],
    }
    again = (await post(RECORD, {"i": {"offerReference": first.reference}}, token=token))["data"][
        "recordApplication"
    ]
    assert _codes(again) == [("offerReference", "ALREADY_RECORDED")]
    for offer, days in ((second, 3), (third, 1)):
        written = (today() - timedelta(days=days)).isoformat()
        body = {"offerReference": offer.reference, "writtenOn": written, "followUpAfterDays": None}
        assert (await post(RECORD, {"i": body}, token=token))["data"]["recordApplication"][
            "application"
        ]["followUpOn"] is None

    page = (await post(LIST, {"first": 2}, token=token))["data"]["viewer"]["applications"]
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"]
    assert [e["node"]["offerReference"] for e in page["edges"]] == [
        first.reference,
        third.reference,
    ]
    rest = (await post(LIST, {"first": 2, "after": page["pageInfo"]["endCursor"]}, token=token))[
        "data"
    ]["viewer"]["applications"]
    assert [e["node"]["offerReference"] for e in rest["edges"]] == [second.reference]
    assert not rest["pageInfo"]["hasNextPage"]
    bad = await post(LIST, {"first": 2, "after": "n'importe quoi"}, token=token)
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
    too_many = await post(LIST, {"first": 101}, token=token)
    assert too_many["errors"][0]["extensions"]["code"] == "INVALID_FIRST"

    updated = (
        await post(
            UPDATE,
            {"id": application["id"], "i": {"status": "INTERVIEW", "notes": "Entretien mardi"}},
            token=token,
        )
    )["data"]["updateApplication"]
    assert updated["userErrors"] == []
    assert (updated["application"]["status"], updated["application"]["notes"]) == (
        "INTERVIEW",
        "Entretien mardi",
    )
    # Left out: unchanged; null for the reminder: switched off.
    assert updated["application"]["contact"] == "Service RH (rh1@exemple.gouv.fr)"
    off = (
        await post(UPDATE, {"id": application["id"], "i": {"followUpAfterDays": None}}, token=token)
    )["data"]["updateApplication"]["application"]
    assert (off["followUpAfterDays"], off["followUpOn"], off["notes"]) == (
        None,
        None,
        "Entretien mardi",
    )
    wrong = (
        await post(UPDATE, {"id": application["id"], "i": {"notes": "x" * 5001}}, token=token)
    )["data"]["updateApplication"]
    assert _codes(wrong) == [("notes", "TOO_LONG")]

    await archive_offers([first])
    archived = (await post(LIST, {"first": 1}, token=token))["data"]["viewer"]
    assert archived["applications"]["edges"][0]["node"]["offerReference"] == first.reference
    query = f"{{ viewer {{ ... on Candidate {{ applications(first: 1) {{ edges {{ node {{ {FIELDS} }} }} }} }} }} }}"  # noqa: E501
    node = (await post(query, token=token))["data"]["viewer"]["applications"]["edges"][0]["node"]
    assert node["offerUrl"] is None and node["offerTitle"] == first.title

    deleted = (await post(DELETE, {"id": application["id"]}, token=token))["data"]
    assert deleted["deleteApplication"] == {"ok": True, "userErrors": []}
    assert await Application.all().count() == 2


async def test_another_account_gets_the_answer_of_an_unknown_record(db: str) -> None:
    await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    [offer] = await published_offers()
    theirs = await pdf(paul)
    zoe_token, paul_token = await _token("zoe.durand"), await _token("paul")
    recorded = (await post(RECORD, {"i": {"offerReference": offer.reference}}, token=zoe_token))[
        "data"
    ]["recordApplication"]["application"]

    for mutation, variables, name in (
        (UPDATE, {"id": recorded["id"], "i": {"notes": "Volée"}}, "updateApplication"),
        (DELETE, {"id": recorded["id"]}, "deleteApplication"),
        (UPDATE, {"id": "999999", "i": {"notes": "?"}}, "updateApplication"),
        (DELETE, {"id": "pas-un-nombre"}, "deleteApplication"),
    ):
        answer = (await post(mutation, variables, token=paul_token))["data"][name]
        assert answer["userErrors"] == [
            {"field": "id", "code": "NOT_FOUND", "message": "Candidature introuvable."}
        ]
    stolen = (
        await post(
            UPDATE,
            {"id": recorded["id"], "i": {"documentIds": [str(theirs.id)]}},
            token=zoe_token,
        )
    )["data"]["updateApplication"]
    assert _codes(stolen) == [("documentIds", "NOT_FOUND")]
    listed = (await post(LIST, {"first": 5}, token=paul_token))["data"]["viewer"]["applications"]
    assert listed == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "edges": [],
    }
    assert (await Application.get(id=int(recorded["id"]))).notes == ""
    anonymous = await post(RECORD, {"i": {"offerReference": offer.reference}})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
