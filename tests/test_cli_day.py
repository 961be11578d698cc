"""The analyst's day on the command line: stories --new / --starred / --watch, and watches."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tui.cli import main
from tui.core import store


def invoke(db: Path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def stories(db: Path, *args: str) -> list[dict]:
    result = invoke(db, "stories", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_new_and_starred_stories_for_scripts(demo_db: Path) -> None:
    everything = stories(demo_db)
    assert everything and all(s["new"] == s["article_count"] for s in everything)
    opened, starred = everything[0]["id"], everything[1]["id"]
    db = store.connect(demo_db)
    store.mark_story_seen(db, opened)
    store.set_starred(db, starred, True)
    store.set_story_note(db, starred, "Ask the desk about the figures.")
    db.conn.close()
    new = stories(demo_db, "--new")
    assert opened not in {s["id"] for s in new} and len(new) == len(everything) - 1
    (star,) = stories(demo_db, "--starred")
    assert star["id"] == starred and star["starred"] and star["note"].startswith("Ask the desk")
    plain = invoke(demo_db, "stories", "--starred").stdout
    assert "★ +" in plain and "note: Ask the desk about the figures." in plain


def test_watches_save_list_use_and_remove(demo_db: Path) -> None:
    added = invoke(demo_db, "watch", "add", "baku-ngos", "country:AZ NGO")
    assert added.exit_code == 0 and "watch 'baku-ngos': country:AZ NGO" in added.output
    listed = json.loads(invoke(demo_db, "watch", "ls", "--json").stdout)
    assert listed == [{"name": "baku-ngos", "filter": "country:AZ NGO",
                       "stories": len(stories(demo_db, "--filter", "country:AZ NGO")),
                       "moved": len(stories(demo_db, "--filter", "country:AZ NGO", "--new"))}]
    assert stories(demo_db, "--watch", "BAKU-NGOS") == stories(demo_db, "--filter",
                                                                 "country:AZ NGO")
    unknown = invoke(demo_db, "stories", "--watch", "nope")
    assert unknown.exit_code == 2 and "no watch named 'nope' (watches: baku-ngos)" in unknown.output
    both = invoke(demo_db, "stories", "--watch", "baku-ngos", "--filter", "x")
    assert both.exit_code == 2
    empty = invoke(demo_db, "watch", "add", "all", "   ")
    assert empty.exit_code == 2 and "has no words or tags" in empty.output
    assert invoke(demo_db, "watch", "rm", "baku-ngos").exit_code == 0
    assert invoke(demo_db, "watch", "ls").stdout.startswith("no watches yet")
    assert invoke(demo_db, "watch", "rm", "baku-ngos").exit_code == 2


def test_the_clusters_alias_takes_the_same_options(demo_db: Path) -> None:
    db = store.connect(demo_db)
    store.set_starred(db, stories(demo_db)[0]["id"], True)
    db.conn.close()
    for option in ("--new", "--starred"):
        alias = invoke(demo_db, "clusters", "--json", option)
        assert alias.exit_code == 0, alias.output
        assert json.loads(alias.stdout) == stories(demo_db, option)
