"""The core never needs Textual: every module outside workshop/ui imports in a fresh interpreter
without loading it, and the command line loads its heavy helpers only when a command needs them."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import workshop

PACKAGE = Path(workshop.__file__).resolve().parent
NAMED_MODULES = [
    "workshop",
    "workshop.packs",
    "workshop.session",
    "workshop.storage",
    "workshop.results",
    "workshop.summary",
    "workshop.text",
    "workshop.cli",
]
# Plus any core module added since (everything in workshop/ outside workshop/ui). `__main__` runs the
# command when imported, so it is left to the AST scan below.
CORE_MODULES = NAMED_MODULES + sorted(
    f"workshop.{p.stem}" for p in PACKAGE.glob("*.py")
    if p.stem not in ("__init__", "__main__") and f"workshop.{p.stem}" not in NAMED_MODULES
) + ["workshop.kinds"] + sorted(  # and the step kinds, each imported first in its own interpreter
    f"workshop.kinds.{p.stem}" for p in (PACKAGE / "kinds").glob("*.py") if p.stem != "__init__"
)


def loaded_after(code: str) -> set[str]:
    """Top-level package names in sys.modules after running `code` in a fresh interpreter."""
    script = f"{code}\nimport sys, json\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_without_textual(module: str) -> None:
    loaded = loaded_after(f"import {module}")
    assert "textual" not in loaded, f"importing {module} loaded textual"
    assert "workshop" in loaded


def test_all_core_modules_together_import_without_textual() -> None:
    loaded = loaded_after("\n".join(f"import {m}" for m in CORE_MODULES))
    assert "textual" not in loaded


def test_the_command_line_loads_heavy_things_lazily() -> None:
    loaded = loaded_after("import workshop.cli")
    for heavy in ("textual", "rich", "jinja2", "markupsafe", "weasyprint"):
        assert heavy not in loaded, f"import workshop.cli loaded {heavy}"


def test_the_command_line_parser_builds_without_heavy_things() -> None:
    loaded = loaded_after("import workshop.cli\nworkshop.cli.build_parser()")
    assert not loaded & {"textual", "rich", "jinja2", "weasyprint"}


def test_the_ui_does_import_textual() -> None:
    """The check above can fail: the kiosk module does load textual."""
    assert "textual" in loaded_after("import workshop.ui.app")


def core_files() -> list[Path]:
    ui = PACKAGE / "ui"
    return sorted(p for p in PACKAGE.rglob("*.py") if ui not in p.parents)


def textual_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):  # anywhere: top level, inside functions, inside try blocks
        if isinstance(node, ast.Import):
            found += [f"line {node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[0] == "textual"]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and (node.module or "").split(".")[0] == "textual":
                found.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module", "__import__"
        ):
            if node.args and isinstance(node.args[0], ast.Constant) and str(node.args[0].value).startswith("textual"):
                found.append(f"line {node.lineno}: dynamic import of {node.args[0].value}")
    return found


def test_core_files_are_found() -> None:
    names = {p.name for p in core_files()}
    assert {"__init__.py", "packs.py", "session.py", "storage.py", "results.py", "summary.py", "text.py",
            "cli.py"} <= names
    assert not any("ui" in p.relative_to(PACKAGE).parts[:-1] for p in core_files())


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_textual_import_outside_the_ui(path: Path) -> None:
    assert textual_imports(path) == []


def test_the_scan_would_catch_a_textual_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from textual.app import App\n    import textual.widgets as w\n")
    assert len(textual_imports(sample)) == 2
