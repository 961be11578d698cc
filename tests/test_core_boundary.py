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
