"""Elements made when they are first needed, in their place on the page.

Every element of an open page is kept in the server's memory for as long as the page is open,
empty ones too: a placeholder waiting for a message that most visitors never get (a search saved,
new offers arrived) costs every open page. `beside` makes them later, where the placeholder
would have been.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui.element import Element

__all__ = ["beside"]


@contextmanager
def beside(anchor: Element, *, after: bool = False) -> Iterator[None]:
    """The elements made inside go right before `anchor` (or right after it, with `after`), in
    the same container, in the order they were made."""
    slot = anchor.parent_slot
    if slot is None:
        raise ValueError("the anchor is not on a page")
    with slot:
        first = len(slot.children)
        yield
        made = slot.children[first:]
    index = slot.children.index(anchor) + (1 if after else 0)
    for n, element in enumerate(made):
        element.move(slot.parent, target_index=index + n, target_slot=slot.name)
