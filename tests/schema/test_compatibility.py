"""The schema's promise to clients: breaking changes are refused unless CHANGELOG.md names them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from graphql import build_schema

from schema.compatibility import compare, unreleased_coordinates

ROOT = Path(__file__).resolve().parents[2]

RELEASED = build_schema(
    """
    type Query {
      offers(first: Int = 20, keywords: String): [Offer!]!
      node(id: ID!): Offer!
      legacy: String
    }
    type Offer { reference: String! url: String! title: String }
    enum Kind { STAGE APPRENTISSAGE }
    type Extra { kind: Kind }
    """
)


def _changelog(unreleased: str, older: str = "") -> str:
    return f"# Changelog\n\n## Unreleased\n\n{unreleased}\n\n## 2026-01-01\n\n{older}\n"


def test_the_code_keeps_the_released_schema_or_the_changelog_announces_the_break() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "schema.compatibility"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "0 unannounced" in completed.stdout


def test_a_removed_field_fails_until_the_unreleased_section_names_it() -> None:
    changed = build_schema(
        """
        type Query { offers(first: Int = 20, keywords: String): [Offer!]! node(id: ID!): Offer! }
        type Offer { reference: String! url: String! title: String }
        enum Kind { STAGE APPRENTISSAGE }
        type Extra { kind: Kind }
        """
    )
    silent = compare(RELEASED, changed, _changelog("Nothing yet.", older="- `Query.legacy`"))
    assert [change.description for change in silent.unannounced] == [
        "Field Query.legacy was removed."
    ]
    assert not silent.ok

    announced = compare(RELEASED, changed, _changelog("- `Query.legacy` is gone: use `offers`."))
    assert announced.ok
    assert len(announced.breaking) == 1


def test_narrowing_arguments_and_outputs_are_named_by_their_coordinates() -> None:
    changed = build_schema(
        """
        type Query {
          offers(first: Int!, keywords: String): [Offer!]!
          node(id: ID!): Offer
          legacy: String
        }
        type Offer { reference: String! url: String title: String }
        enum Kind { STAGE }
        type Extra { kind: Kind }
        """
    )
    report = compare(RELEASED, changed, _changelog(""))
    assert sorted(change.description for change in report.unannounced) == [
        "Argument Query.offers(first:) has changed type from Int to Int!.",
        "Enum value Kind.APPRENTISSAGE was removed.",
        "Field Offer.url changed type from String! to String.",
        "Field Query.node changed type from Offer! to Offer.",
    ]
    # An announcement of another element does not cover these.
    partly = compare(RELEASED, changed, _changelog("`Query.node`, `Offer.url`, `Offer`"))
    assert sorted(change.description for change in partly.unannounced) == [
        "Argument Query.offers(first:) has changed type from Int to Int!.",
        "Enum value Kind.APPRENTISSAGE was removed.",
    ]
    everything = compare(
        RELEASED,
        changed,
        _changelog("`Query.node` `Offer.url` `Query.offers(first:)` `Kind.APPRENTISSAGE`"),
    )
    assert everything.ok


def test_a_removed_type_is_named_by_its_name_and_additions_pass() -> None:
    changed = build_schema(
        """
        type Query {
          offers(first: Int = 20, keywords: String, orderBy: String): [Offer!]!
          node(id: ID!): Offer!
          legacy: String
          extraField: Int
        }
        type Offer { reference: String! url: String! title: String }
        enum Kind { STAGE APPRENTISSAGE ALTERNANCE }
        """
    )
    report = compare(RELEASED, changed, _changelog(""))
    assert [change.description for change in report.unannounced] == ["Extra was removed."]
    assert compare(RELEASED, changed, _changelog("- `Extra` was unused.")).ok
    assert any("ALTERNANCE" in change.description for change in report.dangerous)


def test_only_backticked_names_of_the_unreleased_section_count() -> None:
    text = _changelog("- `Query.node` is nullable; Offer.url too", older="- `Offer.title`")
    assert unreleased_coordinates(text) == {"Query.node"}
    assert unreleased_coordinates("# Changelog\n\n## 2026-01-01\n\n- `Query.node`\n") == set()
