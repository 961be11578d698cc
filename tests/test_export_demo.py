"""The Markdown brief of real demo stories (built through the whole pipeline), as golden files.

The demo database is built with a fixed clock and a fixed server address (conftest), so the
brief is the same on every machine. Regenerate with PRESSDIFF_UPDATE_GOLDEN=1 and read the diff:
a change here means the analyst's export changed.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tui import __version__
from tui.core import store
from tui.core.compare import compare_story
from tui.core.export import render_markdown

GOLDEN = Path(__file__).parent / "data" / "export"
GENERATED = datetime(2026, 11, 28, 9, 45, tzinfo=UTC)
# Stories picked by a word of their headline, not by id: ids depend on refresh order.
STORIES = {
    "demo-flagship": "NGOs",  # the UN/NGO offices order, 7 outlets, with a reprint
    "demo-poti-strike": "Dockworkers",
}


def _story(db, word: str):
    """The widest story whose articles use `word`."""
    summary = store.story_summaries(db, search=word, order="outlets", limit=1)[0]
    return store.get_story(db, summary.id)


@pytest.mark.parametrize("name", sorted(STORIES))
def test_demo_story_brief_matches_golden_file(name: str, demo_db: Path) -> None:
    db = store.connect(demo_db)
    story = _story(db, STORIES[name])
    text = render_markdown(
        story, compare_story(story, store.outlet_coverage(db)), GENERATED, __version__
    )
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("PRESSDIFF_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"run with PRESSDIFF_UPDATE_GOLDEN=1 to create {golden}"
    assert text == golden.read_text(encoding="utf-8")


def test_flagship_brief_cites_every_article_and_shows_the_framing(demo_db: Path) -> None:
    db = store.connect(demo_db)
    story = _story(db, "NGOs")
    text = render_markdown(
        story, compare_story(story, store.outlet_coverage(db)), GENERATED, __version__
    )
    tokens = MarkdownIt("commonmark").enable("table").parse(text.split("\n---\n", 1)[1])
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == len(story.members) + 1  # header + one row per article
    for member in story.members:
        assert member.article.url in text  # every article cited with its URL
    assert "reprint of Caspian Wire" in text  # the Ledger's copy is not an independent source
    terms = text.split("## Distinctive terms", 1)[1].split("\n## ", 1)[0]
    assert "sovereign" in terms and "self-isolation" in terms


def test_each_paragraph_of_an_article_stays_a_paragraph(demo_db: Path) -> None:
    """Stored texts hold a paragraph per line; a Markdown renderer must not run them together."""
    db = store.connect(demo_db)
    story = _story(db, "NGOs")
    text = render_markdown(
        story, compare_story(story, store.outlet_coverage(db)), GENERATED, __version__
    )
    article = story.members[0].article
    heading_and_rest = text.split(f"### {article.outlet} — ", 1)[1]
    section = heading_and_rest.split("\n", 1)[1].split("\n### ", 1)[0]
    tokens = MarkdownIt("commonmark").parse(section)
    paragraphs = [t for t in tokens if t.type == "paragraph_open" and t.level == 0]
    assert len(paragraphs) == len([line for line in article.text.split("\n") if line.strip()])


def test_every_export_is_recorded_against_its_story(demo_db: Path, tmp_path: Path) -> None:
    """Stories the analyst exported are known to the database (they are never pruned)."""
    from tui.core import briefs, store

    db = store.connect(demo_db)
    story = store.story_summaries(db, min_outlets=3)[0]
    written = briefs.export(db, story.id, tmp_path)
    assert written.parent == tmp_path and written.read_text(encoding="utf-8").startswith("---")
    recorded = db.execute("SELECT story_id, path FROM exports").fetchall()
    assert recorded == [(story.id, str(written))]
