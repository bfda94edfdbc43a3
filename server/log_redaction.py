"""Keeps secrets out of the access log: mailed links carry their token in `?jeton=`."""

from __future__ import annotations

import logging
import re

__all__ = ["RedactTokens", "redact_access_log"]

_TOKEN = re.compile(r"(jeton|token)=[^&\s]+", re.IGNORECASE)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _TOKEN.sub(r"\1=[redacted]", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        if isinstance(record.msg, str):
            record.msg = _TOKEN.sub(r"\1=[redacted]", record.msg)
        return True


def redact_access_log() -> None:
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
