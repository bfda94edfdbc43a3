"""Reference values as the API shows them."""

from __future__ import annotations

import strawberry

__all__ = ["CodeLabel"]


@strawberry.type(description="A reference value: a stable code and its French label.")
class CodeLabel:
    code: str = strawberry.field(
        description="The value's code, stable across releases: the one filters and inputs take."
    )
    label: str = strawberry.field(description="Its name in French, for display.")
