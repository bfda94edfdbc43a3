"""What a lost connection must not cost a candidate: what was typed and ticked.

NiceGUI keeps a page's state on the server and talks to it over one socket. When the network
drops, the browser retries; back within the page's reconnect timeout, it finds its page as it
was (what was done meanwhile is sent then). Later, the server has forgotten the page and
NiceGUI reloads it: a new page, built from its address, without what the visitor had typed.

So every change of a kept field is also written, in the browser, to the tab's sessionStorage
(connection_resilience.js); after a reload, the new page's server asks for it once connected
and sets its fields to it, as if the visitor had done it again: the browser shows the values
and the server's state (the counts) follows them. Only a reload brings a draft back: following
a link, « Lancer ma recherche » or « Réinitialiser ma recherche » starts afresh. Passwords are
never kept. The script also rewords NiceGUI's lost-connection notice, has it read out politely
and makes the browser retry every second or so, so that the page comes back promptly.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from nicegui import Client, ui
from nicegui.elements.mixins.value_element import ValueElement
from nicegui.events import GenericEventArguments

__all__ = [
    "FORM_RECONNECT_TIMEOUT",
    "InputDraft",
    "install_connection_resilience",
    "page_draft",
]

# Seconds a page with a form is kept on the server for its browser to come back: a drop of
# ten seconds (a tunnel, a lift) is bridged without a reload. Each page left open this long
# holds ~1.3 MB (issue 11), so only the pages where a candidate types get it; the others keep
# NiceGUI's 3 s, and a reload (with the draft) covers longer drops everywhere.
FORM_RECONNECT_TIMEOUT = 20.0

_SCRIPT = Path(__file__).with_suffix(".js").read_text(encoding="utf-8")
_CSS = """
.pass-visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0;
  margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
.nicegui-error-popup.pass-connection-popup { color: #161616; border: 2px solid #000091;
  border-radius: 4px; padding: 1rem 1.5rem 1rem 3.5rem; margin: 1rem; gap: .25rem;
  max-width: calc(100vw - 2rem); font-size: 1rem; box-shadow: 0 4px 12px rgba(0, 0, 0, .25); }
"""
BODY = f'<style id="pass-connection-style">{_CSS}</style><script>{_SCRIPT}</script>'


def install_connection_resilience() -> None:
    """Adds the script to every page of the process, once (see ui.no_javascript)."""
    if BODY not in Client.shared_body_html:
        Client.shared_body_html += BODY + "\n"


class InputDraft:
    """The kept fields of one page, by name (see page_draft)."""

    def __init__(self, client: Client) -> None:
        self.fields: dict[str, ValueElement[Any]] = {}
        self.restored_handlers: list[Callable[[], Awaitable[None]]] = []
        self.client = client
        client.on_connect(self._restore)

    def keep(self, name: str, field: ValueElement[Any]) -> None:
        if field.props.get("type") == "password":
            raise ValueError("a password is never kept")
        while name in self.fields:  # the same label twice on a page
            name += "+"
        self.fields[name] = field
        # Recorded in the browser itself: it works while the server cannot be reached.
        field.on(
            "update:model-value",
            js_handler="(value) => window.passDraft && "
            f"window.passDraft.record({json.dumps(name)}, value)",
        )

    def on_restored(self, handler: Callable[[], Awaitable[None]]) -> None:
        """`handler` runs after a draft was put back (e.g. to count for the criteria)."""
        self.restored_handlers.append(handler)

    async def _restore(self) -> None:
        try:
            draft = await self.client.run_javascript(
                "window.passDraft ? window.passDraft.take() : null", timeout=10
            )
        except TimeoutError:
            return
        if not isinstance(draft, dict):
            return
        restored = False
        for name, value in draft.items():
            field = self.fields.get(name)
            if field is None:
                continue
            event = GenericEventArguments(sender=field, client=self.client, args=value)
            # Read as the field reads its own browser's events (a list for a multiple select…).
            field.set_value(field._event_args_to_value(event))
            restored = True
        if restored:
            for handler in self.restored_handlers:
                await handler()


# The draft lives on its page's client, and goes with it. (In a WeakKeyDictionary keyed by
# the client it never went: the draft and its fields hold the client, so every results page
# stayed in memory once closed, ~0.2 MB each.)
_DRAFT = "_pass_input_draft"


def page_draft() -> InputDraft:
    """The draft of the page being built (one per page, made when first asked for)."""
    client = ui.context.client
    draft: InputDraft | None = getattr(client, _DRAFT, None)
    if draft is None:
        draft = InputDraft(client)
        setattr(client, _DRAFT, draft)
    return draft
