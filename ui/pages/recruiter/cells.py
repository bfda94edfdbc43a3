"""What the recruiters' tables show in a cell: short French dates, counts, and the table's box."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from html import escape
from zoneinfo import ZoneInfo

__all__ = ["CARDS_CSS", "TABLE_CSS", "count", "short_date", "table_html"]

_PARIS = ZoneInfo("Europe/Paris")

TABLE_CSS = """
.pass-table { width: 100%; overflow-x: auto; background: white; border: 1px solid #ddd; }
.pass-table table { border-collapse: collapse; width: 100%; }
.pass-table th, .pass-table td { padding: .5rem .75rem; text-align: left;
  border-bottom: 1px solid #ddd; vertical-align: top; }
.pass-table thead th { background: #eeeef8; }
.pass-table tbody th { font-weight: normal; }
"""


# Below 640 px, a `labelled` table's rows become cards: each cell on its own line after its
# column's name, so that nothing scrolls sideways on a phone. The table's semantics stay.
CARDS_CSS = """
@media (max-width: 639.98px) {
  .pass-cards table, .pass-cards tbody, .pass-cards tr, .pass-cards th, .pass-cards td {
    display: block; width: 100%; min-width: 0 !important; }
  .pass-cards caption { display: block; }
  .pass-cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0, 0, 0, 0); }
  .pass-cards tbody tr { border-bottom: 2px solid #ccc; padding: .5rem 0; }
  .pass-cards tbody th, .pass-cards td { border: 0 !important; padding: .15rem .75rem;
    text-align: left !important; white-space: normal !important; }
  .pass-cards tbody th { font-weight: bold !important; font-size: 1.05rem; }
  .pass-cards td::before { content: attr(data-label) " : "; font-weight: bold; }
}
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
    *,
    labelled: bool = False,
) -> str:
    """A table whose first cell heads each row; the cells are HTML, escaped by the caller. On
    a phone it scrolls in its own box, which the keyboard can reach; `labelled` cells carry
    their column's name, for a page that shows its rows as cards on a phone instead
    (CARDS_CSS)."""
    header = "".join(f'<th scope="col">{column}</th>' for column in columns)

    def cell(column: str, content: str) -> str:
        return (
            f'<td data-label="{escape(column)}">{content}</td>'
            if labelled
            else f"<td>{content}</td>"
        )

    body = "".join(
        f'<tr><th scope="row">{first}</th>'
        + "".join(cell(column, c) for column, c in zip(columns[1:], rest, strict=True))
        + "</tr>"
        for first, *rest in rows
    )
    # Cards never scroll sideways: their box is named without saying it does.
    label = name if labelled else f"{name}, défilant horizontalement"
    return (
        f'<div class="pass-table {css}" role="region" tabindex="0" '
        f'aria-label="{escape(label)}"><table>'
        f'<caption class="text-left p-2">{escape(caption, quote=False)}</caption>'
        f"<thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>"
    )
