"""Reference values as the API shows them."""

from __future__ import annotations

import strawberry

__all__ = ["CodeLabel"]


@strawberry.type(description="A reference value: a stable code and its French label.")
class CodeLabel:
    code: str
    label: str
