"""Typed messages that workers post to the UI (thread workers never touch widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message

from tui.core.models import Story, StorySummary


class RefreshProgress(Message):
    """A pipeline event (tui.core.pipeline.Event) from the refresh thread."""

    def __init__(self, event: Any) -> None:
        super().__init__()
        self.event = event


class RefreshFinished(Message):
    """The refresh thread ended: with a report, or with an error message."""

    def __init__(self, report: Any | None, error: str | None = None) -> None:
        super().__init__()
        self.report = report
        self.error = error


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
    last_refresh: Any
    keep_cursor: bool = True  # stay on the story under the cursor (else start at the top)
    min_outlets: int = 1


class StoriesLoaded(Message):
    def __init__(self, page: StoriesPage) -> None:
        super().__init__()
        self.page = page


class StoryLoaded(Message):
    """A story read in a worker; comparison is None until compare has run."""

    def __init__(self, story: Story | None, error: str | None = None) -> None:
        super().__init__()
        self.story = story
        self.error = error


class ComparisonReady(Message):
    def __init__(self, story_id: int, comparison: Any | None, error: str | None = None) -> None:
        super().__init__()
        self.story_id = story_id
        self.comparison = comparison
        self.error = error


class FeedsLoaded(Message):
    def __init__(self, statuses: list) -> None:
        super().__init__()
        self.statuses = statuses


class ExportDone(Message):
    """An export finished: written to `path`, or refused because `path` exists, or failed."""

    def __init__(self, path: Path | None, *, exists: bool = False, error: str | None = None):
        super().__init__()
        self.path = path
        self.exists = exists
        self.error = error


class CorrectionDone(Message):
    """A manual correction (remove, merge) was saved, or failed with `error`."""

    def __init__(self, description: str, error: str | None = None) -> None:
        super().__init__()
        self.description = description
        self.error = error
