"""Editing feeds.toml from pressdiff keeps the analyst's file as they wrote it."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tui.core.config import ConfigError, load_config
from tui.core.feedlist import FeedList, FeedListChanged, FeedListError

HAND_WRITTEN = '''\
# My outlets for the Caucasus desk.
# Reviewed every Monday.

[settings]
timeout = 20   # slow servers in the region

# --- wires -----------------------------------------------------------
[[outlet]]
name = "Example Wire"   # the one we quote
tags = { kind = "wire", country = "GB" }
feeds = [
  "https://wire.example/world.xml",  # world desk
  { url = "https://wire.example/business.xml", full_text = false },
]

# --- local -----------------------------------------------------------
[[outlet]]
name = "Tbilisi Daily"
feeds = "https://tbilisi.example/rss"   # a single feed, not a list

# end of list
'''


@pytest.fixture
def feeds_toml(tmp_path: Path) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                   lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_adding_a_feed_changes_only_that_outlets_list(feeds_toml: Path) -> None:
    feeds = FeedList.load(feeds_toml)
    assert not feeds.add("example wire", "https://wire.example/europe.xml")
    feeds.save()
    after = feeds_toml.read_text(encoding="utf-8")
    assert changed_lines(HAND_WRITTEN, after) == ['+  "https://wire.example/europe.xml",']
    assert "# world desk" in after and "# the one we quote" in after and "# end of list" in after
    outlet = load_config(feeds_toml).outlet("Example Wire")
    assert [f.url for f in outlet.feeds][-1] == "https://wire.example/europe.xml"


def test_a_new_outlet_goes_at_the_end_with_its_tags(feeds_toml: Path) -> None:
    feeds = FeedList.load(feeds_toml)
    assert feeds.add("Yerevan Radio", "https://radio.example/feed", {"kind": "radio"},
                     full_text=False)
    feeds.save()
    after = feeds_toml.read_text(encoding="utf-8")
    assert after.startswith(HAND_WRITTEN)  # nothing above was touched
    config = load_config(feeds_toml)
    outlet = config.outlet("Yerevan Radio")
    assert outlet.tags == {"kind": "radio"} and not outlet.feeds[0].full_text


def test_disable_enable_and_remove_touch_only_the_named_block(feeds_toml: Path) -> None:
    feeds = FeedList.load(feeds_toml)
    assert feeds.set_enabled(feeds.find("Tbilisi Daily"), False) == 1
    feeds.save()
    after = feeds_toml.read_text(encoding="utf-8")
    assert changed_lines(HAND_WRITTEN, after) == [
        '-feeds = "https://tbilisi.example/rss"   # a single feed, not a list',
        '+feeds = [{url = "https://tbilisi.example/rss", enabled = false}]   # a single feed, '
        "not a list",
    ]
    assert not load_config(feeds_toml).outlet("Tbilisi Daily").feeds[0].enabled
    feeds = FeedList.load(feeds_toml)
    feeds.set_enabled(feeds.find("https://tbilisi.example/rss"), True)
    removed = feeds.remove(feeds.find("https://wire.example/business.xml"))
    feeds.save()
    assert removed == ["https://wire.example/business.xml"]
    config = load_config(feeds_toml)
    assert config.outlet("Tbilisi Daily").feeds[0].enabled
    assert [f.url for f in config.outlet("Example Wire").feeds] == ["https://wire.example/world.xml"]
    assert "# world desk" in feeds_toml.read_text(encoding="utf-8")


def test_removing_an_outlet_keeps_the_others_and_the_comments(feeds_toml: Path) -> None:
    feeds = FeedList.load(feeds_toml)
    assert feeds.remove(feeds.find("Example Wire")) == [
        "https://wire.example/world.xml", "https://wire.example/business.xml"]
    feeds.save()
    after = feeds_toml.read_text(encoding="utf-8")
    assert [o.name for o in load_config(feeds_toml).outlets] == ["Tbilisi Daily"]
    assert "# My outlets for the Caucasus desk." in after and "timeout = 20" in after


def test_a_url_already_listed_or_an_unknown_name_is_refused(feeds_toml: Path) -> None:
    feeds = FeedList.load(feeds_toml)
    with pytest.raises(FeedListError, match="already listed .*Example Wire"):
        feeds.add("Another", "https://wire.example/world.xml")
    with pytest.raises(FeedListError, match="no feed or outlet 'Nowhere'"):
        feeds.find("Nowhere")
    assert feeds_toml.read_text(encoding="utf-8") == HAND_WRITTEN


def test_a_file_changed_on_disk_since_it_was_read_is_not_overwritten(feeds_toml: Path) -> None:
    feeds = FeedList.load(feeds_toml)
    feeds.add("Example Wire", "https://wire.example/europe.xml")
    edited_elsewhere = HAND_WRITTEN + "\n# added by hand meanwhile\n"
    feeds_toml.write_text(edited_elsewhere, encoding="utf-8")
    with pytest.raises(FeedListChanged, match="changed on disk since it was read"):
        feeds.save()
    assert feeds_toml.read_text(encoding="utf-8") == edited_elsewhere


def test_an_edit_that_would_make_the_list_invalid_is_never_written(feeds_toml: Path) -> None:
    feeds = FeedList.load(feeds_toml)
    with pytest.raises(ConfigError):
        feeds.add("Bad", "https://ok.example/feed", {"kind": "x"})
        feeds.doc["outlet"][-1]["feeds"].append("ftp://not-http.example/feed")
        feeds.save()
    assert feeds_toml.read_text(encoding="utf-8") == HAND_WRITTEN
