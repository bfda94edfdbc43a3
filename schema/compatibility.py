"""`python -m schema.compatibility`: fails on a breaking change the changelog does not announce.

Clients generate code from the schema and keep it for months, so the schema as last released
(`schema.released.graphql`, committed) is a promise. This compares the schema the code builds
today with that promise using graphql-core's own change finder: every breaking change (a field
removed, a type narrowed, an argument made required, an output made nullable...) must be named
by its schema coordinate in backticks — `Query.node`, `Offer.url`, `Query.offers(first:)` — in
the « Unreleased » section of CHANGELOG.md, which is where clients read what to change. Dangerous
changes (an enum value or an optional argument added) are listed, not refused.

Releasing: move the « Unreleased » entries under a dated heading and copy schema.graphql to
schema.released.graphql (`python -m schema.compatibility --release`), in the same commit.
"""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    BreakingChange,
    DangerousChange,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

__all__ = ["Report", "compare", "main", "unreleased_coordinates"]

ROOT = Path(__file__).resolve().parents[1]
RELEASED = ROOT / "schema.released.graphql"
CURRENT = ROOT / "schema.graphql"
CHANGELOG = ROOT / "CHANGELOG.md"

# A schema coordinate as graphql-core writes them in its change descriptions: `Type`,
# `Type.field`, `Type.field(arg:)`, `@directive`, `@directive(arg:)`.
_COORDINATE = re.compile(r"@?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?(?:\([A-Za-z_]\w*:\))?")
_BACKTICKED = re.compile(r"`([^`]+)`")
_UNRELEASED = re.compile(r"^## Unreleased\s*$(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Report:
    breaking: list[BreakingChange]
    unannounced: list[BreakingChange]
    dangerous: list[DangerousChange]

    @property
    def ok(self) -> bool:
        return not self.unannounced


def coordinate_of(change: BreakingChange | DangerousChange, old: GraphQLSchema) -> str:
    """The schema element a change is about: the first coordinate of its description that
    names a member (`Type.field`, `(arg:)`, `@directive`), else the first type of the old
    schema it names (a type removed or changed in kind)."""
    candidates: list[str] = _COORDINATE.findall(change.description)
    for candidate in candidates:
        if "." in candidate or "(" in candidate or candidate.startswith("@"):
            return candidate
    for candidate in candidates:
        if candidate in old.type_map:
            return candidate
    return change.description


def unreleased_coordinates(changelog: str) -> set[str]:
    """What the changelog's « Unreleased » section names in backticks."""
    section = _UNRELEASED.search(changelog)
    if section is None:
        return set()
    return {token.strip() for token in _BACKTICKED.findall(section.group(1))}


def compare(old: GraphQLSchema, new: GraphQLSchema, changelog: str) -> Report:
    breaking = find_breaking_changes(old, new)
    announced = unreleased_coordinates(changelog)
    unannounced = [change for change in breaking if coordinate_of(change, old) not in announced]
    return Report(breaking, unannounced, find_dangerous_changes(old, new))


def _current_schema() -> GraphQLSchema:
    # The schema as the code builds it, not schema.graphql: a change not yet exported counts.
    from schema.schema import schema

    return schema._schema


def main(argv: list[str]) -> int:
    if argv[1:] == ["--release"]:
        shutil.copyfile(CURRENT, RELEASED)
        print(f"{RELEASED.name} is now the released schema; date the Unreleased section.")
        return 0
    released = build_schema(RELEASED.read_text())
    report = compare(released, _current_schema(), CHANGELOG.read_text())
    for dangerous in report.dangerous:
        print(f"dangerous (allowed): {dangerous.description}")
    for breaking in report.breaking:
        if breaking not in report.unannounced:
            print(f"breaking, announced in CHANGELOG.md: {breaking.description}")
    for breaking in report.unannounced:
        print(
            f"BREAKING, not in CHANGELOG.md's Unreleased section: {breaking.description} "
            f"(name `{coordinate_of(breaking, released)}` there)"
        )
    print(
        f"{len(report.breaking)} breaking change(s), {len(report.unannounced)} unannounced, "
        f"{len(report.dangerous)} dangerous, against {RELEASED.name}"
    )
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
