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
