"""pressdiff's reusable widgets, one per file."""
