"""Keep two dependencies from loading optional extras pressdiff never uses.

Every pressdiff process (the command, the app, each worker of a refresh) starts by importing
these, and a cron job runs `pressdiff refresh` every few minutes:

- sqlite-utils imports pandas and numpy at import time when they are installed, only to
  store their values in tables. pressdiff never stores them; an analyst's environment often
  has both. numpy costs about 30 ms and starts its BLAS threads; pandas several hundred ms.
- httpx imports its command-line tool (`httpx._main`) when rich is installed, and pressdiff
  always installs rich (with textual): about 20 ms of rich and pygments for a `main()`
  pressdiff never calls.

`install()` (run by `tui/__init__.py`, so before any pressdiff module imports either) adds an
import hook that, while exactly those two modules are being loaded, makes their optional
imports fail as if the extra were not installed, and then forgets that: a later
`import numpy` or `import httpx._main` by anyone works as usual, and an extra already
imported is left alone. Nothing is loaded before a module asks for it.
"""

from __future__ import annotations

import importlib.machinery
import sys
from types import ModuleType

# The module whose loading is watched -> the optional imports it is spared.
SPARED = {
    "sqlite_utils.db": ("pandas", "numpy"),
    "httpx": ("httpx._main",),
}


# Plain classes, not importlib.abc's: importing importlib.abc loads importlib.resources and
# tempfile (~10 ms), which every worker process would pay. The import system only calls
# find_spec on a finder and create_module / exec_module on a loader.
class _Spare:
    def find_spec(self, name: str, path, target: ModuleType | None = None):
        extras = SPARED.get(name)
        if extras is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _SparingLoader(spec.loader, extras)
        return spec


class _SparingLoader:
    def __init__(self, loader, extras: tuple[str, ...]) -> None:
        self.loader = loader
        self.extras = extras

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        # A None entry in sys.modules makes `import x` raise ImportError, which both
        # libraries catch as "not installed".
        blocked = [name for name in self.extras if name not in sys.modules]
        for name in blocked:
            sys.modules[name] = None  # type: ignore[assignment]
        try:
            self.loader.exec_module(module)
        finally:
            for name in blocked:
                if sys.modules.get(name, ...) is None:
                    del sys.modules[name]

    def __getattr__(self, name: str):
        # get_resource_reader, get_filename and friends: the wrapped loader's own.
        if name == "loader":  # not set yet (a copy being made): no recursion
            raise AttributeError(name)
        return getattr(self.loader, name)


def install() -> None:
    """Add the hook once, ahead of the usual finders."""
    if not any(isinstance(finder, _Spare) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Spare())
