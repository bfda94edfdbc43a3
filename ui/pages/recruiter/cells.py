"""What the recruiters' tables show in a cell: short French dates, counts, and the table's box."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from html import escape
from zoneinfo import ZoneInfo

__all__ = ["TABLE_CSS", "count", "short_date", "table_html"]

_PARIS = ZoneInfo("Europe/Paris")

TABLE_CSS = """
.pass-table { width: 100%; overflow-x: auto; background: white; border: 1px solid #ddd; }
.pass-table table { border-collapse: collapse; width: 100%; }
.pass-table th, .pass-table td { padding: .5rem .75rem; text-align: left;
  border-bottom: 1px solid #ddd; vertical-align: top; }
.pass-table thead th { background: #eeeef8; }
.pass-table tbody th { font-weight: normal; }
"""


def short_date(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.astimezone(_PARIS).date()
    return value.strftime("%d/%m/%Y")


def count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}".replace(",", "\u202f")


def table_html(
    name: str,
    caption: str,
    columns: tuple[str, ...],
    rows: Sequence[tuple[str, ...]],
    css: str = "",
) -> str:
    """A table whose first cell heads each row; the cells are HTML, escaped by the caller. On
    a phone it scrolls in its own box, which the keyboard can reach."""
    header = "".join(f'<th scope="col">{column}</th>' for column in columns)
    body = "".join(
        f'<tr><th scope="row">{first}</th>' + "".join(f"<td>{c}</td>" for c in rest) + "</tr>"
        for first, *rest in rows
    )
    return (
        f'<div class="pass-table {css}" role="region" tabindex="0" '
        f'aria-label="{escape(name)}, défilant horizontalement"><table>'
        f'<caption class="text-left p-2">{escape(caption, quote=False)}</caption>'
        f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>"
    )
