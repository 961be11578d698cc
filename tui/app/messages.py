"""Typed messages that workers post to the UI (thread workers never touch widgets).

Each is a dataclass (Textual's Message initialises itself in ``__post_init__``), so what a
message carries is named and typed where it is defined.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from tui.core.models import FeedStatus, Story, StorySummary
from tui.core.store.marks import Mark

if TYPE_CHECKING:  # the refresh and comparison code load when first used, not at start-up
    from tui.core.compare import Comparison
    from tui.core.pipeline import Event, RefreshReport


@dataclass
class RefreshProgress(Message):
    """A pipeline event from the refresh thread."""

    event: Event


@dataclass
class RefreshFinished(Message):
    """The refresh thread ended: with a report, or with an error message."""

    report: RefreshReport | None
    error: str | None = None


@dataclass
class FeedsEdited(Message):
    """feeds.toml was changed from the Feeds screen (or the change was refused)."""

    text: str
    error: bool = False


@dataclass
class DataChanged(Message):
    """The database changed (our refresh, a correction, or another process)."""


@dataclass
class StoriesPage:
    """One page of the stories list and the counts for the header."""

    generation: int
    offset: int
    rows: list[StorySummary]
    total: int
    stories: int
    multi_outlet: int
    outlets: int
    last_refresh: datetime | None
    feeds: int = 0
    failed_feeds: int = 0
    keep_cursor: bool = True  # stay on the story under the cursor (else start at the top)
    min_outlets: int = 1
    new_counts: dict[int, int] = field(default_factory=dict)  # of these rows: articles not seen
    marks: dict[int, Mark] = field(default_factory=dict)  # every note and star
    with_news: int = 0  # stories listed that have articles not seen


@dataclass
class StoriesFailed(Message):
    """The stories could not be read (the file is not a database, or a damaged one)."""

    error: str


@dataclass
class StoriesLoaded(Message):
    page: StoriesPage


@dataclass
class StoryLoaded(Message):
    """A story read in a worker (its comparison follows in ComparisonReady)."""

    story: Story | None
    error: str | None = None
    new_ids: set[int] = field(default_factory=set)  # articles not seen before this opening
    note: str = ""


@dataclass
class ComparisonReady(Message):
    story_id: int
    comparison: Comparison | None
    error: str | None = None


@dataclass
class FeedsLoaded(Message):
    statuses: list[FeedStatus] = field(default_factory=list)


@dataclass
class ExportDone(Message):
    """An export finished: written to `path`, or refused because `path` exists, or failed."""

    path: Path | None
    exists: bool = False
    error: str | None = None


@dataclass
class CorrectionDone(Message):
    """A manual correction (remove, merge) was saved, or failed with `error`; or an undo."""

    description: str
    error: str | None = None
    correction_id: int | None = None  # what `u` takes back
    undo: bool = False
