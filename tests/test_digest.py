"""`pressdiff digest`: a golden file on the demo database, the structure a reader (and a
Markdown renderer) relies on, hostile text kept as text, and the command's errors.

Regenerate the golden file with PRESSDIFF_UPDATE_GOLDEN=1 and read the diff."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from markdown_it import MarkdownIt

from tests.app_data import HOSTILE_TITLE, build_db
from tui.cli import main
from tui.core import store
from tui.core.digest import DigestQuery, build_digest, slug

GOLDEN = Path(__file__).parent / "data" / "export" / "digest-demo.md"
GENERATED = datetime(2026, 11, 28, 9, 45, tzinfo=UTC)


def digest(db_path: Path, **query) -> str:
    db = store.connect(db_path)
    try:
        return build_digest(db, DigestQuery(**query), GENERATED, "0.1.0").text
    finally:
        db.conn.close()


def tokens_of(text: str) -> list:
    body = text.split("---\n", 2)[2]
    return MarkdownIt("commonmark").enable("table").parse(body)


def headings(tokens: list, level: str) -> list[str]:
    return [tokens[i + 1].content for i, t in enumerate(tokens)
            if t.type == "heading_open" and t.tag == level]


def rendered(inline: str) -> str:
    """What a reader sees of an inline source (escapes undone)."""
    tokens = MarkdownIt("commonmark").parseInline(inline)
    return "".join(c.content for c in tokens[0].children if c.type == "text")


def test_the_demo_digest_matches_its_golden_file(demo_db: Path) -> None:
    text = digest(demo_db, min_outlets=3, limit=4)
    if os.environ.get("PRESSDIFF_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), f"run with PRESSDIFF_UPDATE_GOLDEN=1 to create {GOLDEN}"
    assert text == GOLDEN.read_text(encoding="utf-8")
    assert text == digest(demo_db, min_outlets=3, limit=4)  # same input, same bytes


def test_structure_contents_sections_and_tables(demo_db: Path) -> None:
    db = store.connect(demo_db)
    flagship = next(s.id for s in store.story_summaries(db, order="outlets")
                    if "UN agencies" in s.title)
    store.set_story_note(db, flagship, "Herald calls it sovereign; FCR calls it control.")
    db.conn.close()
    text = digest(demo_db, min_outlets=3, limit=50)
    front = text.split("---\n", 2)[1]
    assert "kind: pressdiff digest" in front and "min_outlets: 3" in front
    assert 'until: "2026-11-28T09:45:00Z"' in front and "since: null" in front
    tokens = tokens_of(text)
    assert len(headings(tokens, "h1")) == 1
    stories = headings(tokens, "h2")[1:]
    assert headings(tokens, "h2")[0] == "Contents" and len(stories) == int(
        front.split("stories: ")[1].split("\n")[0])
    # Every contents entry links to its story's heading, as renderers make the anchor.
    links = [t.attrs["href"] for t in tokens if t.type == "inline"
             for t in t.children or [] if t.type == "link_open" and t.attrs["href"][0] == "#"]
    assert links == [f"#{slug(rendered(h))}" for h in stories]
    # Each story: its sections in order, an outlets table with the brief's columns.
    sections = headings(tokens, "h3")
    assert sections[:6] == ["What most outlets say", "What only one outlet says",
                            "Distinctive terms", "Not covered by", "Analyst notes", "Links"]
    assert sections.count("Analyst notes") == 1 and sections.count("Links") == len(stories)
    assert "> Herald calls it sovereign; FCR calls it control." in text
    header_cells = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "th_open"]
    assert header_cells[:7] == ["Outlet", "Tags", "Headline", "Published", "Words", "Own",
                                "Link"]
    # The most widely covered story comes first.
    assert "UN agencies" in stories[0]


def test_hostile_titles_stay_text(tmp_path: Path) -> None:
    db_path = build_db(tmp_path / "hostile.db", hostile=True)
    text = digest(db_path, min_outlets=1, limit=10)
    tokens = tokens_of(text)
    flat = tokens + [c for t in tokens if t.children for c in t.children]
    assert not [t for t in flat if t.type in ("html_inline", "html_block", "image")]
    assert any(HOSTILE_TITLE in rendered(h) for h in headings(tokens, "h2"))
    hrefs = [t.attrs["href"] for t in flat if t.type == "link_open"]
    assert all(h.startswith(("#", "http://", "https://")) for h in hrefs)


def test_filter_watch_starred_and_nothing_matched(demo_db: Path) -> None:
    db = store.connect(demo_db)
    store.save_watch(db, "state", "kind:state")
    db.conn.close()
    by_watch = digest(demo_db, watch="state", min_outlets=1)
    assert by_watch.replace('watch: "state"\n', "") == digest(
        demo_db, filter_text="kind:state", min_outlets=1)
    assert 'filter: "kind:state"' in by_watch
    none = digest(demo_db, starred=True, min_outlets=1)
    assert "# Digest: 0 stories" in none and "No story matched." in none


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_stdout_file_force_and_errors(demo_db: Path, tmp_path: Path) -> None:
    db = ["--db", str(demo_db)]
    out = invoke("digest", "--since", "3650d", *db)
    assert out.exit_code == 0 and out.stdout.startswith("---\nkind: pressdiff digest\n")
    target = tmp_path / "today.md"
    written = invoke("digest", "--since", "3650d", "-o", str(target), *db)
    assert written.exit_code == 0 and target.read_text().startswith("---\n")
    again = invoke("digest", "--since", "3650d", "-o", str(target), *db)
    assert again.exit_code == 2 and "exists; use --force" in again.output
    assert invoke("digest", "--since", "3650d", "-o", str(target), "--force", *db).exit_code == 0
    unwritable = invoke("digest", "-o", str(tmp_path / "no" / "such" / "dir" / "d.md"), *db)
    assert unwritable.exit_code == 2 and "cannot write" in unwritable.output
    assert not list((tmp_path).glob("**/.d.md.*"))
    bad = invoke("digest", "--since", "yesterday", *db)
    assert bad.exit_code == 2 and "--since 'yesterday'" in bad.output
    unknown = invoke("digest", "--watch", "nope", *db)
    assert unknown.exit_code == 2 and "no watch named 'nope'" in unknown.output
    # The demo's stories are days old: nothing in the last day, said plainly.
    today = invoke("digest", *db)
    assert today.exit_code == 0 and "No story matched." in today.stdout
