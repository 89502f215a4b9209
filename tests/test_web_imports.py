"""The phone front end never loads Textual, and the core never loads the phone front end."""

from __future__ import annotations

import ast
from pathlib import Path

from test_core_imports import PACKAGE, loaded_after


def test_the_phone_server_imports_without_textual() -> None:
    loaded = loaded_after("import workshop.web.server, workshop.web.kinds")
    assert "textual" not in loaded and "aiohttp" in loaded


def test_the_core_never_imports_a_front_end() -> None:
    for path in PACKAGE.glob("*.py"):
        if path.name in ("cli.py", "__main__.py"):
            continue  # the command line starts the front ends
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            for name in names:
                assert not any(part in ("web", "ui", "aiohttp", "textual") for part in name.strip(".").split(".")[:2]) \
                    or name.startswith(".text"), f"{path.name} imports {name}"


def imported(path: Path) -> list[str]:
    """Every module `path` imports, anywhere in it (TYPE_CHECKING blocks and functions too), as an
    absolute name: `from ..web import x` in workshop/ui/phones.py is `workshop.web`."""
    package = ".".join(("workshop", *path.relative_to(PACKAGE).parent.parts))
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            found.append(".".join([*base, *([node.module] if node.module else [])]))
    return found


def front_end_imports(paths, banned: tuple[str, ...]) -> list[str]:
    return [f"{p.relative_to(PACKAGE)}: {name}" for p in paths for name in imported(p)
            if any(name == b or name.startswith(b + ".") for b in banned)]


def test_no_core_module_imports_a_front_end_not_even_the_kinds() -> None:
    """Every core file, the kinds' modules and workshop/turns.py included (the scan above reads only
    the top folder): no kiosk, no phone pages, no Textual, no aiohttp."""
    core = [p for p in PACKAGE.rglob("*.py")
            if p.relative_to(PACKAGE).parts[0] not in ("ui", "web", "cli.py", "__main__.py")]
    assert len([p for p in core if "kinds" in p.parts]) >= 9
    assert front_end_imports(core, ("workshop.ui", "workshop.web", "textual", "aiohttp")) == []
    loaded = loaded_after("import workshop.kinds, workshop.turns, workshop.timing, workshop.brief")
    assert not loaded & {"textual", "aiohttp"}


def test_the_phone_pages_never_import_the_kiosk() -> None:
    web = sorted((PACKAGE / "web").rglob("*.py"))
    assert front_end_imports(web, ("workshop.ui", "textual")) == []


def test_the_kiosk_reaches_the_phone_pages_only_to_host_them() -> None:
    """The kiosk starts the phone server in its own process when phones are turned on: ui/phones.py is
    the one kiosk file that imports the phone pages (and only their server)."""
    ui = sorted((PACKAGE / "ui").rglob("*.py"))
    assert sorted(set(front_end_imports(ui, ("workshop.web",)))) == ["ui/phones.py: workshop.web.server"]


def test_the_import_scan_resolves_relative_imports() -> None:
    assert imported(PACKAGE / "ui" / "phones.py").count("workshop.web.server") == 2  # TYPE_CHECKING and start()
    assert "workshop.web.kinds" in imported(PACKAGE / "web" / "server.py")
