"""`createOffer`, `updateOffer`, `publishOffer`, `archiveOffer` over HTTP: recruiters manage their
administration's offers, a candidate gets FORBIDDEN, mistakes come back as `userErrors`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from models.accounts.sessions import open_session
from models.accounts.tables import AccountRole
from models.clock import today
from tests.accounts.helpers import new_candidate
from tests.offers.test_editing import staff
from tests.schema.graphql import post

OFFER_FIELDS = "reference status title postDescription location { region { code } } expired"
CREATE = (
    "mutation($input: OfferInput!) { createOffer(input: $input) { offer { "
    + OFFER_FIELDS
    + " } userErrors { field code message } } }"
)
UPDATE = (
    "mutation($r: String!, $input: OfferInput!) { updateOffer(reference: $r, input: $input) "
    "{ offer { " + OFFER_FIELDS + " } userErrors { field code message } } }"
)
PUBLISH = (
    "mutation($r: String!) { publishOffer(reference: $r) { offer { " + OFFER_FIELDS + " } "
    "userErrors { field code message } } }"
)
ARCHIVE = (
    "mutation($r: String!) { archiveOffer(reference: $r) { offer { " + OFFER_FIELDS + " } "
    "userErrors { field code message } } }"
)
SEARCH = '{ offers(filter: {keywords: "archiviste"}) { totalCount edges { node { reference } } } }'


def offer_input(**changes: object) -> dict[str, Any]:
    return {
        "type": "STAGE",
        "title": "Stage – archiviste (F/H)",
        "diplomaLevel": "7",
        "domain": "culture",
        "administration": "culture",
        "service": "Archives nationales",
        "postDescription": "<p>Classer des fonds</p><script>steal()</script>",
        "departmentCode": "93",
        "city": "Pierrefitte-sur-Seine",
        "contactUrl": "https://www.archives-nationales.culture.gouv.fr/recrutement",
        "expiresOn": (today() + timedelta(days=20)).isoformat(),
        **changes,
    }


async def test_recruiter_manages_an_offer_through_the_api(db: str) -> None:
    token = await open_session(await staff(AccountRole.RECRUITER))
    created = (await post(CREATE, {"input": offer_input()}, token=token))["data"]["createOffer"]
    assert created["userErrors"] == []
    offer = created["offer"]
    assert offer["status"] == "DRAFT" and offer["location"]["region"]["code"] == "IDF"
    assert (
        "script" not in offer["postDescription"] and "Classer des fonds" in offer["postDescription"]
    )
    reference = offer["reference"]
    assert (await post(SEARCH))["data"]["offers"]["totalCount"] == 0

    published = (await post(PUBLISH, {"r": reference}, token=token))["data"]["publishOffer"]
    assert published["offer"]["status"] == "PUBLISHED"
    search = (await post(SEARCH))["data"]["offers"]
    assert search["edges"] == [{"node": {"reference": reference}}]
    again = (await post(PUBLISH, {"r": reference}, token=token))["data"]["publishOffer"]
    assert again["userErrors"][0]["code"] == "NOT_DRAFT"

    changes = {"input": offer_input(title="Stage – archiviste paléographe (F/H)")}
    updated = (await post(UPDATE, {"r": reference, **changes}, token=token))["data"]
    assert updated["updateOffer"]["offer"]["title"] == "Stage – archiviste paléographe (F/H)"
    viewer = await post(
        "{ viewer { role ... on Recruiter { administration { code } managedOffers { reference } }"
        " } }",
        token=token,
    )
    assert viewer["data"]["viewer"] == {
        "role": "RECRUITER",
        "administration": {"code": "culture"},
        "managedOffers": [{"reference": reference}],
    }

    archived = (await post(ARCHIVE, {"r": reference}, token=token))["data"]["archiveOffer"]
    assert archived["offer"]["status"] == "ARCHIVED" and archived["offer"]["expired"]
    assert (await post(SEARCH))["data"]["offers"]["totalCount"] == 0


async def test_candidates_and_other_administrations_are_kept_out(db: str) -> None:
    recruiter = await open_session(await staff(AccountRole.RECRUITER))
    other = await open_session(await staff(AccountRole.RECRUITER, administration="interieur", n=2))
    candidate = await open_session(await new_candidate())
    created = await post(CREATE, {"input": offer_input()}, token=recruiter)
    reference = created["data"]["createOffer"]["offer"]["reference"]

    for token in (candidate, None):
        refused = await post(CREATE, {"input": offer_input()}, token=token)
        assert refused["data"] is None
        code = refused["errors"][0]["extensions"]["code"]
        assert code == ("FORBIDDEN" if token else "UNAUTHENTICATED")
        published = await post(PUBLISH, {"r": reference}, token=token)
        assert published["data"] is None
    outsider = (await post(PUBLISH, {"r": reference}, token=other))["data"]["publishOffer"]
    assert outsider == {
        "offer": None,
        "userErrors": [
            {
                "field": "administration",
                "code": "FORBIDDEN",
                "message": "Vous ne pouvez gérer que les offres de votre administration.",
            }
        ],
    }
    wrong = await post(
        CREATE, {"input": offer_input(domain="astro", contactUrl="", title="")}, token=recruiter
    )
    errors = wrong["data"]["createOffer"]["userErrors"]
    assert {(e["field"], e["code"]) for e in errors} == {
        ("title", "REQUIRED"),
        ("domain", "UNKNOWN"),
        ("contactEmail", "REQUIRED"),
    }
    me = await post("{ me { role managedOffers { reference } } }", token=candidate)
    assert me["data"]["me"] == {"role": "CANDIDATE", "managedOffers": []}
    draft = await post(f'{{ offer(reference: "{reference}") {{ title }} }}')
    assert draft["data"]["offer"] is None  # drafts are not public
