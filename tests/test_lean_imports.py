"""tui.lean_imports: sqlite-utils and httpx start without extras pressdiff never uses, and
those extras stay importable for anyone who wants them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Stand-ins for numpy and pandas (which a user's environment may have and this one need
# not): importing one prints its name, so a probe sees who loaded it.
FAKE = 'import sys\nprint("imported {name}", file=sys.stderr)\n__version__ = "fake"\n'


@pytest.fixture
def extras(tmp_path: Path) -> Path:
    for name in ("numpy", "pandas"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(FAKE.format(name=name))
    return tmp_path


def probe(code: str, extras: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(extras), *sys.path])}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env=env, check=True)


def test_opening_a_database_loads_neither_numpy_nor_pandas(extras: Path) -> None:
    """The store (and so every command, the app and the clustering worker) opens a
    database without paying for numpy or pandas, even where they are installed."""
    ran = probe("""
        import sys
        from tui.core import store
        db = store.connect(":memory:")
        print(sorted(m for m in ("numpy", "pandas") if sys.modules.get(m)))
    """, extras)
    assert ran.stdout.split("\n")[0] == "[]"
    assert "imported" not in ran.stderr


def test_the_extras_stay_importable_afterwards(extras: Path) -> None:
    """The hook only spares sqlite-utils' own import: a later `import numpy` (a notebook
    that uses pressdiff's modules, a benchmark's baselines) gets the real module."""
    ran = probe("""
        from tui.core import store
        import numpy, pandas
        print(numpy.__version__, pandas.__version__)
    """, extras)
    assert ran.stdout.split() == ["fake", "fake"]


def test_an_extra_already_imported_is_left_to_sqlite_utils(extras: Path) -> None:
    """Imported before pressdiff, numpy is not hidden: sqlite-utils sees it as usual."""
    ran = probe("""
        import tui, numpy
        import sqlite_utils.db
        print(sqlite_utils.db.np is numpy, sqlite_utils.db.pd)
    """, extras)
    assert ran.stdout.split() == ["True", "None"]


def test_the_fetcher_does_not_load_httpx_command_line() -> None:
    """httpx's command-line tool (and the rich and pygments it loads) is not imported by
    the fetcher; `httpx._main` can still be imported on purpose."""
    ran = probe("""
        import sys
        from tui.core import fetch
        print(sorted(m for m in ("httpx._main", "pygments") if m in sys.modules))
        import httpx._main
        print(callable(httpx._main.main), fetch.httpx.__name__)
    """, Path("."))
    assert ran.stdout.split("\n")[:2] == ["[]", "True httpx"]


def test_the_watched_modules_work_with_the_hook_in_place(tmp_path: Path) -> None:
    """The hook is installed by `import tui`, and the modules it watched work as before
    (every pipeline test fetches through httpx loaded this way)."""
    ran = probe("""
        import asyncio, sys
        import tui.lean_imports
        print(any(isinstance(f, tui.lean_imports._Spare) for f in sys.meta_path))
        from tui.core import store
        db = store.connect(":memory:")
        db["t"].insert({"a": 1})
        print(db.execute("select a from t").fetchone()[0])
        import httpx
        print(httpx.URL("http://example.org/a").path)
    """, tmp_path)
    assert ran.stdout.split() == ["True", "1", "/a"]
