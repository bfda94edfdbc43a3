"""What schemathesis needs to fuzz PASS's GraphQL API: a value for the Upload scalar, and the
check that no request makes the server fail.

Loaded by the schemathesis CLI through SCHEMATHESIS_HOOKS (see test_graphql_fuzz.py).
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

# An upload is a multipart file part; sent as plain JSON, the variable is a string, which the
# server must refuse cleanly.
schemathesis.graphql.scalar("Upload", st.text(max_size=20).map(nodes.String))


@schemathesis.check
def no_server_failure(ctx: Any, response: Any, case: Any) -> None:
    """No 5xx; every error a resolver raised is one the API means to raise (it carries an
    `extensions.code`), never an unexpected failure (INTERNAL_ERROR) or a leaked internal
    message. Errors without a path come from parsing or validation: the client's mistake."""
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}: {response.text[:500]}")
    try:
        body = response.json()
    except ValueError as error:
        raise AssertionError(f"not JSON: {response.text[:500]}") from error
    if not isinstance(body, dict):
        raise AssertionError(f"not a JSON object: {response.text[:500]}")
    for failure in body.get("errors") or []:
        code = (failure.get("extensions") or {}).get("code")
        if code == "INTERNAL_ERROR" or ("path" in failure and not code):
            raise AssertionError(f"server failure: {failure}")
