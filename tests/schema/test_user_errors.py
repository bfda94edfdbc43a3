"""`userErrors`: the domain's snake_case fields and per-area code enums, spelt the API's way —
camelCase fields and the documented `UserErrorCode` enum — by one mapping and one helper."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import models
from models.accounts.errors import AccountErrorCode
from models.accounts.sessions import open_session
from models.accounts.tables import AccountRole
from models.errors import ErrorCode, UserErrorCode, UserErrors
from schema.user_errors import UserErrorCode as ApiCode
from schema.user_errors import api_code, api_field, api_user_errors
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.offers.test_editing import staff
from tests.schema.graphql import post
from tests.schema.test_offer_mutations_api import CREATE, offer_input


def _domain_code_enums() -> list[type[UserErrorCode]]:
    """Every area's enum of codes: each module of `models` imported, then every subclass of
    the common base, however deep."""
    for module in pkgutil.walk_packages(models.__path__, "models."):
        if not module.name.startswith("models.migrations"):
            importlib.import_module(module.name)

    def below(kind: type[UserErrorCode]) -> Iterator[type[UserErrorCode]]:
        for sub in kind.__subclasses__():
            yield sub
            yield from below(sub)

    return list(below(UserErrorCode))


def test_every_domain_code_has_its_graphql_enum_value() -> None:
    enums = _domain_code_enums()
    assert ErrorCode in enums and AccountErrorCode in enums and len(enums) >= 5
    seen: dict[str, type[Enum]] = {}
    for kind in enums:
        for code in kind:
            assert code.value not in seen, f"{code.value} is declared by {seen[code.value]} too"
            seen[code.value] = kind
            mapped = api_code(code)  # raises ValueError for a code the API does not know
            assert mapped.name == code.value.upper() == code.name, (kind, code)
    # And the API has no value the domain lost.
    assert {str(member.value) for member in ApiCode} == set(seen)  # strawberry.enum_value


def test_the_readme_lists_every_code() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    section = readme.split("#### Mistakes to fix: `userErrors`")[1].split("\n#")[0]
    assert [c.name for c in ApiCode if f"`{c.name}`" not in section] == []


def test_field_names_are_spelt_in_camel_case_for_the_api() -> None:
    assert api_field(None) is None
    assert api_field("email") == "email"
    assert api_field("new_password_confirmation") == "newPasswordConfirmation"
    assert api_field("filter.diploma_level") == "filter.diplomaLevel"
    refused = UserErrors.one("altcha_payload", AccountErrorCode.CAPTCHA, "Vérification échouée.")
    [error] = api_user_errors(refused)
    assert (error.field, error.code, error.message) == (
        "altchaPayload",
        ApiCode.CAPTCHA,
        "Vérification échouée.",
    )


async def test_the_schema_documents_every_code() -> None:
    body = await post(
        '{ codes: __type(name: "UserErrorCode") { kind description enumValues { name'
        ' description } } error: __type(name: "UserError") { fields { name description type {'
        " kind ofType { kind name } } } } }"
    )
    codes = body["data"]["codes"]
    assert codes["kind"] == "ENUM" and codes["description"]
    values = {value["name"]: value["description"] for value in codes["enumValues"]}
    assert {"REQUIRED", "INVALID", "TAKEN", "TOO_MANY_ATTEMPTS", "WRONG_PASSWORD"} <= set(values)
    assert all(values.values()), [name for name, text in values.items() if not text]
    [code] = [field for field in body["data"]["error"]["fields"] if field["name"] == "code"]
    assert code["type"] == {"kind": "NON_NULL", "ofType": {"kind": "ENUM", "name": "UserErrorCode"}}
    assert "String!" in code["description"]  # the contract change is said where it happened


def _errors(payload: dict[str, Any]) -> dict[str, str]:
    return {error["field"]: error["code"] for error in payload["userErrors"]}


async def test_a_mutation_reports_camel_case_fields_and_enum_codes(db: str) -> None:
    token = await open_session(await new_candidate())
    changed = await post(
        "mutation($c: String!, $n: String!, $m: String!) { changePassword(currentPassword: $c,"
        " newPassword: $n, newPasswordConfirmation: $m) { ok userErrors { field code message } } }",
        {"c": PASSWORD + "x", "n": "court", "m": "autre"},
        token=token,
    )
    payload = changed["data"]["changePassword"]
    assert payload["ok"] is False
    assert _errors(payload) == {
        "currentPassword": "WRONG_PASSWORD",
        "newPassword": "TOO_SHORT",
        "newPasswordConfirmation": "MISMATCH",
    }
    assert payload["userErrors"][0]["message"] == "Mot de passe actuel incorrect."

    saved = await post(
        'mutation($f: OfferFilter!) { saveSearch(name: "Niveau", filter: $f) {'
        " userErrors { field code } } }",
        {"f": {"diplomaLevel": "99"}},
        token=token,
    )
    assert _errors(saved["data"]["saveSearch"]) == {"filter.diplomaLevel": "UNKNOWN_CODE"}
    # The same mistake in a query stays a GraphQL error, its code in the same upper case.
    searched = await post('{ offers(filter: {diplomaLevel: "99"}) { totalCount } }')
    assert searched["errors"][0]["extensions"] == {
        "code": "UNKNOWN_CODE",
        "field": "filter.diplomaLevel",
    }

    recruiter = await open_session(await staff(AccountRole.RECRUITER))
    wrong = offer_input(diplomaLevel="99", contactEmail="pas-une-adresse", expiresOn="2020-01-01")
    created = await post(CREATE, {"input": wrong}, token=recruiter)
    assert _errors(created["data"]["createOffer"]) == {
        "diplomaLevel": "UNKNOWN",
        "contactEmail": "INVALID",
        "expiresOn": "PAST",
    }
