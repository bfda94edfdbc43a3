"""Each domain area's public face (its package's `__init__`) names what adapters may use, and
loads it on first use.

An area's `__init__` declares its exports as imports under `if TYPE_CHECKING:` (what type
checkers and readers see) and sets `__getattr__ = exports_of(__name__, __file__)`: at run time
those names are imported from their modules when first asked for. Importing one module of an
area (`models.offers.tables`, as other areas do) therefore does not import the whole area, so
the areas' public faces add no import cycles to the domain's own.
"""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

__all__ = ["exports_of"]


def _declared(init_file: str) -> dict[str, tuple[str, str]]:
    """Exported name → (module, name there), from the `if TYPE_CHECKING:` imports."""
    declared: dict[str, tuple[str, str]] = {}
    for node in ast.parse(Path(init_file).read_text()).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.module:
                    for alias in statement.names:
                        declared[alias.asname or alias.name] = (statement.module, alias.name)
    # Importing a submodule sets the package's attribute of that name to the module, which
    # would hide an export of the same name.
    hidden = [name for name in declared if (Path(init_file).parent / f"{name}.py").exists()]
    if hidden:
        raise ImportError(f"exports named like a module of their area: {hidden}")
    return declared


def exports_of(package: str, init_file: str) -> Callable[[str], object]:
    declared = _declared(init_file)

    def __getattr__(name: str) -> object:
        if name not in declared:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, original = declared[name]
        value = getattr(importlib.import_module(module), original)
        setattr(sys.modules[package], name, value)  # asked once
        return value

    return __getattr__
