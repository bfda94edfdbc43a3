"""The README's table of limits is the one the code applies."""

from __future__ import annotations

from pathlib import Path

from models.accounts.limits_policy import policy_table


def test_the_readme_states_every_limit_as_applied() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    assert policy_table().strip() in readme
