"""Which media type a GraphQL answer is written in, from the request's `Accept` header.

The GraphQL-over-HTTP specification defines `application/graphql-response+json`, whose status
codes say whether the request was executed (a 400 without `data` for a document that does not
parse or validate), beside the legacy `application/json` (always 200 for a well-formed request).
A client that names neither (`*/*`, `application/*`, or no `Accept` at all) gets
`application/json`, as clients written before the specification expect.
"""

from __future__ import annotations

__all__ = ["GRAPHQL_RESPONSE", "JSON", "negotiate"]

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
# In the server's order of preference when the client likes several equally.
_SERVED = (JSON, GRAPHQL_RESPONSE)


def _ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their weights (RFC 9110, 12.5.1)."""
    ranges = []
    for item in accept.split(","):
        name, *parameters = (part.strip() for part in item.split(";"))
        if not name:
            continue
        weight = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value.strip())
                except ValueError:
                    weight = 0.0  # an unreadable weight is no consent
        ranges.append((name.lower(), weight))
    return ranges


def _rank(media_type: str, ranges: list[tuple[str, float]]) -> tuple[float, int, int]:
    """How much the client wants a media type, by its most specific range (an exact name
    beats `application/*`, which beats `*/*`): that range's weight, its specificity, and its
    place in the header (earlier is preferred, as the specification reads "highest priority
    media type listed")."""
    family = media_type.split("/")[0] + "/*"
    best: tuple[float, int, int] = (0.0, -1, 0)
    for position, (name, weight) in enumerate(ranges):
        specificity = (
            2 if name == media_type else 1 if name == family else 0 if name == "*/*" else -1
        )
        if specificity > best[1]:
            best = (weight, specificity, -position)
    return best


def negotiate(accept: str | None) -> str | None:
    """The media type to answer in, or None when the client accepts none we write (406)."""
    if accept is None or not accept.strip():
        return JSON
    ranges = _ranges(accept)
    # Highest weight first; on a tie, the type the client named rather than a wildcard's, then
    # the one it listed first; then application/json, which every client understands.
    *rank, chosen = max(
        (*_rank(media_type, ranges), -index, media_type) for index, media_type in enumerate(_SERVED)
    )
    return str(chosen) if rank[0] > 0 else None
