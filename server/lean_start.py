"""Imported first by server.app, before any library: what a web process's start can skip.

- The cyclic garbage collector stays off until `imported()`. The imports allocate ~150,000
  objects that live as long as the process; the collector would walk them again and again
  while they pile up (0.3–0.6 s of a start here, and no garbage found among them). Once they
  are in they are frozen (`gc.freeze`): later collections, such as those the index's build and
  every request set off, no longer walk them either.
- The HTTP client libraries that python-socketio's *client* classes import (aiohttp for
  `AsyncClient`, requests for `Client`) are loaded on first use rather than at import: NiceGUI
  imports the whole of socketio, but a server never connects out through it (~0.3 s). Only
  modules that are not loaded yet are deferred, and any code touching them loads them in full.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import sys
import threading
import types
from importlib.machinery import ModuleSpec
from typing import Any

__all__ = ["DEFERRED", "imported"]

# Imported by engineio.async_client and engineio.client with a bare `import`, used only
# inside the client's methods.
DEFERRED = ("aiohttp", "requests")

_collecting = gc.isenabled()
gc.disable()


class _Deferred(types.ModuleType):
    """Stands in sys.modules for a module not executed yet; the first attribute asked of it
    (other than the few set here) executes the real module, which then answers for it.

    Not `importlib.util.LazyLoader`: its module loads on any attribute, and a second `import`
    statement of the name reads `__spec__`, so the first importer's second import would load it.
    """

    def __init__(self, spec: ModuleSpec) -> None:
        super().__init__(spec.name)
        self.__spec__ = spec
        self.__loader__ = spec.loader
        self._real: types.ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        if attribute == "_real":  # read by __getattr__ itself before __init__ set it
            raise AttributeError(attribute)
        with _loading:
            if self._real is None:
                # The real module replaces this one in sys.modules; its submodules and every
                # later `import` find it there.
                if sys.modules.get(self.__name__) is self:
                    del sys.modules[self.__name__]
                self._real = importlib.import_module(self.__name__)
        return getattr(self._real, attribute)


_loading = threading.RLock()


def _defer(name: str) -> None:
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return  # not installed: the importer's own fallback applies
    sys.modules[name] = _Deferred(spec)


for _name in DEFERRED:
    _defer(_name)


def imported() -> None:
    """The libraries are in: what they allocated is set aside, collection resumes."""
    gc.freeze()
    if _collecting:
        gc.enable()
