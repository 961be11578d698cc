"""pressdiff: compare how different outlets cover the same story, side by side in the terminal."""

__version__ = "0.1.0"
