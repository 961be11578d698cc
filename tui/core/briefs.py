"""The read side of a story, in one place: the story an analyst opens, the comparison beside
it, and the Markdown brief it exports. The CLI's `show` and `export`, the app's side by side
and its export all come through here, so they cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from tui import __version__
from tui.core import export as markdown
from tui.core import store
from tui.core.compare import Comparison, compare_story
from tui.core.models import Story


@dataclass(frozen=True)
class Brief:
    story: Story
    comparison: Comparison
    note: str = ""  # the analyst's note on the story (goes under "Analyst notes")


def read_story(db: sqlite_utils.Database, story_id: int) -> Story:
    """A story with its articles (an absorbed id gives the story that absorbed it);
    store.UnknownStory when there is none."""
    return store.get_story(db, story_id)


def compare(db: sqlite_utils.Database, story: Story) -> Comparison:
    """The comparison of a story's articles, coverage gaps judged against the outlets
    followed now."""
    return compare_story(story, store.outlet_coverage(db))


def read_brief(db: sqlite_utils.Database, story_id: int) -> Brief:
    story = read_story(db, story_id)
    return Brief(story, compare(db, story), store.story_note(db, story.id))


def render(brief: Brief, generated_at: datetime | None = None) -> str:
    """The brief as Markdown: same story, same clock, same bytes."""
    generated_at = generated_at or datetime.now(UTC).replace(microsecond=0)
    return markdown.render_markdown(brief.story, brief.comparison, generated_at, __version__,
                                    note=brief.note)


def export_path(story: Story, target: Path) -> Path:
    """Where a brief goes: ``target`` itself, or a name from the title inside a directory."""
    return target / markdown.default_filename(story) if target.is_dir() else target


def export(db: sqlite_utils.Database, story_id: int, target: Path, *, force: bool = False,
           generated_at: datetime | None = None) -> Path:
    """Write the brief to ``target`` (a file, or a directory to name it in), never over an
    existing file unless ``force``; export.ExportError says why not. The export is
    recorded: stories the analyst exported are kept when old articles are pruned."""
    brief = read_brief(db, story_id)
    path = export_path(brief.story, target)
    written = markdown.write_export(render(brief, generated_at), path, force=force)
    store.record_export(db, brief.story.id, written)
    return written
