"""OPML import and export: subscription lists in the shapes other readers export, hostile
files, and a round trip through pressdiff's own export."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.data.opml.make_big import write_big
from tui.cli import main
from tui.core import opml
from tui.core.config import load_config, parse_config

DATA = Path(__file__).parent / "data" / "opml"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_fixture_imports_cleanly_or_fails_clearly(name: str) -> None:
    expected = EXPECTED[name]
    started = time.monotonic()
    try:
        imported = opml.read(DATA / name)
    except opml.OpmlError as exc:
        assert expected["error"] is not False, f"{name}: {exc}"
        message = str(exc)
        assert message.startswith(str(DATA / name)) and "\n" not in message
        return
    finally:
        assert time.monotonic() - started < 10  # a hang guard, not a measurement
    assert expected["error"] is not True, name
    assert [f.url for f in imported.feeds] == expected["feeds"]
    assert len(imported.skipped) == expected["skipped"]
    for feed in imported.feeds:  # nothing from a file reaches a name with controls in it
        assert feed.outlet and all(ord(ch) >= 32 for ch in feed.outlet)
        assert feed.url.startswith(("http://", "https://"))


def test_no_entity_is_expanded_and_nothing_is_read_from_outside(tmp_path: Path) -> None:
    for name in ("xxe-file.opml", "xxe-parameter.opml", "billion-laughs.opml",
                 "quadratic.opml"):
        with pytest.raises(opml.OpmlError, match="not well-formed XML"):
            opml.read(DATA / name)


def test_markup_in_titles_is_kept_as_plain_text() -> None:
    outlets = {f.outlet for f in opml.read(DATA / "textual-markup.opml").feeds}
    assert any("[bold red]" in name for name in outlets)
    assert any("[@click=app.quit]" in name for name in outlets)


def test_folders_and_categories_become_tags() -> None:
    feeds = {f.url: f for f in opml.read(DATA / "inoreader.opml").feeds}
    ledger = feeds["https://www.example.org/rss?section=caucasus&lang=en"]
    assert ledger.tags == {"folder": "Region/Caucasus", "category": "/Languages/English"}


def test_a_50_megabyte_file_is_refused_in_one_line(tmp_path: Path) -> None:
    big = tmp_path / "big.opml"
    write_big(big, megabytes=50)
    with pytest.raises(opml.OpmlError, match="larger than 16 MiB"):
        opml.read(big)


def test_export_then_import_gives_back_the_same_outlets_feeds_and_tags(tmp_path: Path) -> None:
    config = parse_config('''
[[outlet]]
name = "Caspian Wire"
tags = { kind = "wire", country = "AZ", "desk/unit" = "south, caucasus" }
feeds = ["https://wire.example/a.xml", { url = "https://wire.example/b.xml", full_text = false }]

[[outlet]]
name = "Free Caucasus [bold]x[/]"
feeds = [{ url = "https://free.example/rss", enabled = false }]
''')
    text = opml.export(config)
    source = tmp_path / "out.opml"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "feeds.toml"
    result = invoke("--config", str(target), "opml", "import", str(source))
    assert result.exit_code == 0, result.output
    back = load_config(target)
    assert [(o.name, o.tags, o.feeds) for o in back.outlets] == [
        (o.name, o.tags, o.feeds) for o in config.outlets]


def test_import_dry_run_changes_nothing_and_a_second_import_skips_what_is_followed(
    tmp_path: Path,
) -> None:
    target = tmp_path / "feeds.toml"
    dry = invoke("--config", str(target), "opml", "import", str(DATA / "newsboat.opml"),
                 "--dry-run")
    assert dry.exit_code == 0 and "11 feeds to add, 0 skipped" in dry.output
    assert not target.exists()
    assert invoke("--config", str(target), "opml", "import",
                  str(DATA / "newsboat.opml")).exit_code == 0
    again = invoke("--config", str(target), "opml", "import", str(DATA / "newsboat.opml"))
    assert "0 feeds added, 11 skipped" in again.output
    assert len(load_config(target).outlets) > 0


def test_a_hostile_file_leaves_feeds_toml_untouched(tmp_path: Path) -> None:
    target = tmp_path / "feeds.toml"
    target.write_text('[[outlet]]\nname = "Mine"\nfeeds = ["https://mine.example/rss"]\n')
    before = target.read_text()
    result = invoke("--config", str(target), "opml", "import", str(DATA / "garbage.opml"))
    assert result.exit_code == 2 and "not well-formed XML" in result.output
    assert target.read_text() == before
