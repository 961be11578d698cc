"""pressdiff: compare how different outlets cover the same story, side by side in the terminal."""

from tui import lean_imports

__version__ = "0.1.0"

lean_imports.install()  # before any pressdiff module imports sqlite-utils or httpx
