"""Markdown brief: golden files, CommonMark structure under hostile input, file names, writing.

Regenerate the golden files with PRESSDIFF_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui.core import export as export_module
from tui.core import files as files_module
from tui.core.compare import compare_story
from tui.core.export import (
    ExportError,
    default_filename,
    render_markdown,
    write_export,
)
from tui.core.models import Article, Member, OutletCoverage, Story
from tui.core.sanitize import clean_line

DATA = Path(__file__).parent / "data" / "export"
GENERATED = datetime(2026, 11, 28, 9, 45, tzinfo=UTC)
SECTIONS = [
    "Timeline",
    "Said by several outlets",
    "Said by one outlet only",
    "Quotes",
    "Distinctive terms",
    "Not covered by",
    "Articles",
]


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def load_fixture(name: str) -> tuple[Story, list[OutletCoverage]]:
    """A hand-written story from tests/data/export/<name>.json."""
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    members = []
    for a in data["articles"]:
        article = Article(
            id=a["id"], outlet=a["outlet"], outlet_tags=a["outlet_tags"],
            feed_url="https://feeds.example/rss", url=a["url"], title=a["title"],
            author=a["author"], published=_dt(a["published"]), fetched_at=_dt(a["fetched_at"]),
            summary="", text=a["text"], text_source=a["text_source"],
            text_reason=a.get("text_reason", ""),
        )
        members.append(Member(article=article, score=0.9, evidence=(), method="auto"))
    coverage = [
        OutletCoverage(c["outlet"], c["tags"], _dt(c["last_ok_fetch"]), _dt(c["oldest_item"]),
                       _dt(c["newest_item"]))
        for c in data.get("coverage", [])
    ]
    story = Story(id=data["id"], title=data["title"], first_seen=_dt(data["first_seen"]),
                  last_seen=_dt(data["last_seen"]), members=tuple(members))
    return story, coverage


def render(name: str) -> tuple[Story, str]:
    story, coverage = load_fixture(name)
    return story, render_markdown(story, compare_story(story, coverage), GENERATED, "0.1.0")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Front matter as raw key -> value strings, and the Markdown body after it."""
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    fields = {}
    for line in head.splitlines():
        key, _, value = line.partition(": ")
        fields[key] = value
    return fields, body


def parse(body: str) -> list:
    return MarkdownIt("commonmark").enable("table").parse(body)


def headings(tokens: list, level: str) -> list[str]:
    """Heading texts as a reader sees them; markup inside a heading would drop out."""
    return ["".join(c.content for c in tokens[i + 1].children if c.type == "text")
            for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == level]


def rendered_text(inline_source: str) -> str:
    """What a reader sees for an inline Markdown fragment (escapes resolved)."""
    tokens = MarkdownIt("commonmark").parseInline(inline_source)
    return "".join(c.content for c in tokens[0].children if c.type == "text")


# --------------------------------------------------------------------------- golden files


@pytest.mark.parametrize("name", ["baku", "hostile"])
def test_export_matches_golden_file(name: str) -> None:
    _, text = render(name)
    golden = DATA / f"{name}.md"
    if os.environ.get("PRESSDIFF_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"run with PRESSDIFF_UPDATE_GOLDEN=1 to create {golden}"
    assert text == golden.read_text(encoding="utf-8")


def test_flagship_brief_shows_the_analysis() -> None:
    _, text = render("baku")
    assert "| Meridian Daily |" in text and "reprint of Caspian Wire" in text
    assert "sovereignty (4)" in text and "crackdown (3)" in text
    assert "Gulnara Jafarova" in text
    # Yerevan Public Radio refreshed its feed during the story and said nothing; the Sunday
    # Chronicle's feed was stale, so its silence is not a gap.
    gaps = text.split("## Not covered by", 1)[1].split("## Articles", 1)[0]
    assert "**Yerevan Public Radio**" in gaps and "country=AM" in gaps
    assert "Not judged" in gaps and "Sunday Chronicle" in gaps


# --------------------------------------------------------------------------- structure


@pytest.mark.parametrize("name", ["baku", "hostile"])
def test_structure_is_what_the_brief_claims(name: str) -> None:
    story, text = render(name)
    fields, body = split_front_matter(text)
    tokens = parse(body)
    assert headings(tokens, "h1") == [clean_line(story.title)]
    assert headings(tokens, "h2") == SECTIONS
    # The summary table: a header row and one row per article, seven cells each.
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == len(story.members) + 1
    cells: list[int] = []
    for t in tokens:
        if t.type == "tr_open":
            cells.append(0)
        elif t.type in ("th_open", "td_open"):
            cells[-1] += 1
    assert cells == [7] * len(rows)
    # GFM drops surplus cells silently, so check the cells hold what they claim: an unescaped
    # "|" in a name would shift the headline into the tags column.
    inline_cells = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "td_open"]
    texts = ["".join(c.content for c in cell.children if c.type == "text")
             for cell in inline_cells]
    by_time = sorted(story.articles, key=lambda a: (a.when, a.outlet, a.id))
    assert texts[0::7] == [clean_line(a.outlet) for a in by_time]
    assert texts[2::7] == [clean_line(a.title) for a in by_time]
    # Every article has a "### Outlet — Headline" section showing the real names.
    h3 = headings(tokens, "h3")
    for a in story.articles:
        assert f"{clean_line(a.outlet)} — {clean_line(a.title)}" in h3
    assert json.loads(fields["title"]) == clean_line(story.title)
    assert json.loads(fields["generated"]) == "2026-11-28T09:45:00Z"
    assert fields["articles"] == str(len(story.members))
    assert json.loads(fields["outlets"]) == [clean_line(o) for o in story.outlets]


def test_hostile_text_produces_no_links_html_or_extra_blocks() -> None:
    story, text = render("hostile")
    _, body = split_front_matter(text)
    tokens = parse(body)
    flat = tokens + [c for t in tokens if t.children for c in t.children]
    assert not [t for t in flat if t.type in ("html_inline", "html_block", "image")]
    assert not [t for t in tokens if t.type in ("fence", "code_block", "blockquote_open",
                                                 "ordered_list_open", "hr")]
    # Only the genuine article link is a link; the javascript: URL and the links written into
    # titles, outlet names and text stay text.
    hrefs = {t.attrs["href"] for t in flat if t.type == "link_open"}
    assert hrefs == {"https://pipe.example/news/minister%20quits%20%28update%29?a=%3Cb%3E&c=1"}
    # Headings are only the ones the brief makes (no "# And this like a heading." from text).
    assert len(headings(tokens, "h1")) == 1
    assert "And this like a heading." not in headings(tokens, "h2") + headings(tokens, "h3")
    assert "\x1b" not in text and "\x07" not in text


def test_the_analysts_note_is_a_quoted_section_that_cannot_break_the_brief() -> None:
    story, coverage = load_fixture("hostile")
    note = "Check the figures with the desk.\n\n# Not a heading | nor | a table\n[x](javascript:y)"
    text = render_markdown(story, compare_story(story, coverage), GENERATED, "0.1.0", note=note)
    _, body = split_front_matter(text)
    tokens = parse(body)
    assert "Analyst notes" in headings(tokens, "h2")
    assert "Not a heading | nor | a table" not in headings(tokens, "h1") + headings(tokens, "h2")
    quote = text[text.index("## Analyst notes"):].split("\n## ", 1)[0]
    assert "> Check the figures with the desk." in quote
    flat = tokens + [c for t in tokens if t.children for c in t.children]
    assert not [t for t in flat if t.type == "link_open" and "javascript" in t.attrs["href"]]
    # Without a note, no section at all.
    assert "Analyst notes" not in render("hostile")[1]


def test_escaped_title_reads_exactly_as_written() -> None:
    title = "*Bold* _claim_ | [x](y) <b> `code` \\ # 1. - + > ~~s~~ &amp; $5 and $6 %%c%% ==m=="
    assert rendered_text(export_module.escape_inline(title)) == title
    assert rendered_text(export_module.escape_inline("1. Point")) == "1. Point"


def test_output_is_deterministic_whatever_the_member_order() -> None:
    story, coverage = load_fixture("baku")
    members = list(story.members)
    random.Random(3).shuffle(members)
    shuffled = replace(story, members=tuple(members))
    first = render_markdown(story, compare_story(story, coverage), GENERATED, "0.1.0")
    second = render_markdown(shuffled, compare_story(shuffled, coverage[::-1]), GENERATED,
                             "0.1.0")
    assert first == second


def test_story_without_articles_still_renders() -> None:
    story = Story(id=9, title="", first_seen=GENERATED, last_seen=GENERATED, members=())
    text = render_markdown(story, compare_story(story), GENERATED, "0.1.0")
    _, body = split_front_matter(text)
    tokens = parse(body)
    assert headings(tokens, "h1") == ["Untitled story"]
    assert headings(tokens, "h2") == SECTIONS


def test_missing_coverage_is_explained() -> None:
    story, _ = load_fixture("baku")
    text = render_markdown(story, compare_story(story, []), GENERATED, "0.1.0")
    gaps = text.split("## Not covered by", 1)[1].split("## Articles", 1)[0]
    assert "no feed refresh information" in gaps


def test_yaml_front_matter_quotes_awkward_titles() -> None:
    for title in ['Breaking: "x" # y', "- leading dash", "back\\slash", "key: value"]:
        line = export_module.yaml_string(title)
        assert line.startswith('"') and json.loads(line) == title


def test_links_encode_spaces_parentheses_and_angle_brackets() -> None:
    link = export_module.markdown_link("site", "https://a.example/x y (1)<2>")
    assert link == "[site](https://a.example/x%20y%20%281%29%3C2%3E)"
    assert export_module.markdown_link("bad", "javascript:alert(1)") == "javascript:alert(1)"


# --------------------------------------------------------------------------- file names


def _story(title: str, story_id: int = 42) -> Story:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return Story(id=story_id, title=title, first_seen=now, last_seen=now, members=())


def test_default_filename_examples() -> None:
    assert (default_filename(_story("Baku orders UN and NGO offices to close"))
            == "story-42-baku-orders-un-and-ngo-offices-to-close.md")
    assert default_filename(_story("Ərdoğan visits Gəncə: “talks”")) == (
        "story-42-erdogan-visits-gence-talks.md")
    assert default_filename(_story("Москва и Баку")) == "story-42-moskva-i-baku.md"
    assert default_filename(_story("../../etc/passwd")) == "story-42-etc-passwd.md"
    assert default_filename(_story("ქართული სათაური")) == "story-42.md"  # Georgian: dropped
    assert default_filename(_story("")) == "story-42.md"
    assert default_filename(_story("CON")) == "story-42-con.md"


@settings(max_examples=200, deadline=None)
@given(title=st.text(max_size=300), story_id=st.integers(min_value=0, max_value=10**9))
def test_default_filename_is_always_safe(title: str, story_id: int) -> None:
    name = default_filename(_story(title, story_id))
    stem = name.removesuffix(".md")
    assert name.endswith(".md") and stem
    assert 0 < len(stem) <= 80
    assert "/" not in name and "\\" not in name and ".." not in name
    assert all(c.isascii() and (c.isalnum() or c in "-.") for c in name)
    assert stem.upper() not in {"CON", "PRN", "AUX", "NUL"}
    assert stem.startswith(f"story-{story_id}")


# --------------------------------------------------------------------------- writing


def test_write_export_refuses_existing_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_text("analyst's notes", encoding="utf-8")
    with pytest.raises(ExportError, match=r"brief\.md exists; use --force to overwrite"):
        write_export("new", target)
    assert target.read_text(encoding="utf-8") == "analyst's notes"


def test_write_export_force_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_text("old", encoding="utf-8")
    assert write_export("new ünïcode", target, force=True) == target
    assert target.read_text(encoding="utf-8") == "new ünïcode"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]


def test_write_export_creates_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    write_export("# Brief\n", target)
    assert target.read_text(encoding="utf-8") == "# Brief\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]


def test_write_export_names_path_and_reason_when_parent_is_a_file(tmp_path: Path) -> None:
    # Tests run as root, where chmod does not block writes: a parent that is a regular file
    # fails for everyone.
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "brief.md"
    with pytest.raises(ExportError) as info:
        write_export("text", target)
    message = str(info.value)
    assert str(target) in message and "Not a directory" in message


def test_write_export_missing_parent(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "brief.md"
    with pytest.raises(ExportError, match="No such file or directory") as info:
        write_export("text", target)
    assert str(target) in str(info.value)


def test_write_export_to_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a directory"):
        write_export("text", tmp_path, force=True)


def test_failed_write_leaves_old_file_intact_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.md"
    target.write_text("complete old brief", encoding="utf-8")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files_module.os, "replace", failing_replace)
    with pytest.raises(ExportError, match="No space left on device"):
        write_export("new brief " * 1000, target, force=True)
    assert target.read_text(encoding="utf-8") == "complete old brief"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]
