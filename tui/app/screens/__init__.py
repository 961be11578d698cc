"""pressdiff's screens, one per file."""
