"""tui.core is usable without the UI: importing any core module never loads textual."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tui.core

REPO = Path(__file__).resolve().parent.parent
CORE_MODULES = sorted(f"tui.core.{m.name}" for m in pkgutil.iter_modules(tui.core.__path__))


def test_core_modules_are_found() -> None:
    assert {"tui.core.config", "tui.core.store", "tui.core.pipeline"} <= set(CORE_MODULES)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.') "
        "or m.startswith('tui.app')); print(','.join(loaded))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{module} pulled in: {result.stdout.strip()}"


def test_the_cli_does_not_load_the_ui_or_trafilatura_up_front() -> None:
    # `pressdiff refresh` from cron should not pay for the app's or the extractor's imports.
    code = "import sys, tui.cli; print('textual' in sys.modules, 'trafilatura' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.stdout.split() == ["False", "False"], result.stderr


# --- the layers, read from the source (imports inside functions count too) -----------------

FORBIDDEN = {
    "tui.core": ("tui.app", "tui.cli", "tui.demo", "textual"),
    "tui.app": ("tui.cli",),
}


def _imports(path: Path) -> list[tuple[int, str]]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_layer_imports_the_layers_above_it(layer: str) -> None:
    """tui.core imports neither the UI, the CLI, the demo nor Textual; tui.app does not
    import the CLI (an import-linter contract, as a test)."""
    folder = REPO / Path(*layer.split("."))
    offenders = []
    for path in sorted(folder.rglob("*.py")):
        for line, module in _imports(path):
            if any(module == banned or module.startswith(banned + ".")
                   for banned in FORBIDDEN[layer]):
                offenders.append(f"{path.relative_to(REPO)}:{line} imports {module}")
    assert not offenders, "\n".join(offenders)
