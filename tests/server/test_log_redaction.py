"""Mailed links' tokens never reach the access log."""

from __future__ import annotations

import logging

import pytest

from server.log_redaction import redact_access_log


def test_tokens_in_paths_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    redact_access_log()
    access = logging.getLogger("uvicorn.access")
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        access.info(
            '%s - "%s %s HTTP/%s" %d',
            "127.0.0.1:5000",
            "GET",
            "/nouveau-mot-de-passe?jeton=SECRET123&x=1",
            "1.1",
            200,
        )
    [record] = caplog.records
    assert "SECRET123" not in record.getMessage()
    assert "jeton=[redacted]&x=1" in record.getMessage()
