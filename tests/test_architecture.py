"""The package import rules the README states: `server` is the composition root that nothing
imports, the adapters (`schema`, `ui`, `workers`) import the domain and not each other, they
reach a domain area through its package, and the domain imports no infrastructure."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("models", "schema", "server", "ui", "workers")
ADAPTERS = ("schema", "ui", "workers")
ALLOWED = {
    "server": {"models", "schema", "ui", "workers"},
    "schema": {"models"},
    "ui": {"models"},
    "workers": {"models"},
    "models": set(),
}
INFRASTRUCTURE = ("starlette", "strawberry", "nicegui", "arq", "redis", "uvicorn", "aiosmtplib")


def _imports(package: str) -> list[tuple[str, str]]:
    """(importing file, imported module) for every absolute import in a package."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(), where)):
            if isinstance(node, ast.Import):
                found += [(where, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((where, node.module))
    return found


def _graph() -> Counter[tuple[str, str]]:
    arrows: Counter[tuple[str, str]] = Counter()
    for package in PACKAGES:
        for _, module in _imports(package):
            target = module.split(".")[0]
            if target in PACKAGES and target != package:
                arrows[(package, target)] += 1
    return arrows


def test_imports_go_from_the_root_to_the_adapters_to_the_domain() -> None:
    wrong = {arrow: n for arrow, n in _graph().items() if arrow[1] not in ALLOWED[arrow[0]]}
    assert wrong == {}
    assert ("server", "models") in _graph()  # the check sees imports at all


def test_adapters_reach_a_domain_area_through_its_package() -> None:
    areas = {p.name for p in (ROOT / "models").iterdir() if (p / "__init__.py").exists()}
    deep = [
        (where, module)
        for package in (*ADAPTERS, "server")
        for where, module in _imports(package)
        if module.startswith("models.") and module.split(".")[1] in areas and module.count(".") > 1
    ]
    assert deep == []


def test_the_domain_uses_no_infrastructure() -> None:
    used = [
        (where, module)
        for where, module in _imports("models")
        if module.split(".")[0] in INFRASTRUCTURE
    ]
    assert used == []


_IMPORT_EACH_ALONE = """
import importlib, sys
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m.split(".")[0] in {packages!r}]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except ImportError as error:
        failed.append(f"{{name}}: {{error}}")
print("\\n".join(failed))
"""


def test_every_module_imports_first_without_a_cycle() -> None:
    """Whichever module a process imports first (a command, a job, a test), it loads: an
    import cycle shows only in some orders, so each is imported with ours forgotten."""
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and path.name != "__main__.py"
    )
    script = _IMPORT_EACH_ALONE.format(packages=set(PACKAGES))
    result = subprocess.run(
        [sys.executable, "-c", script, *modules],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert result.stdout.strip() == ""
    assert len(modules) > 100
