"""Articles for clustering tests, written as an outlet's report some hours into an event."""

from __future__ import annotations

from datetime import datetime, timedelta

from tui.core.cluster import Doc


def article(start: datetime, key: str, outlet: str, hours: float, title: str, text: str
            ) -> Doc:
    """A doc with text, published ``hours`` after ``start``."""
    return Doc(id=key, title=title, text=text, outlet=outlet,
               published=(start + timedelta(hours=hours)).timestamp())
