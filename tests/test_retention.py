"""Retention: `pressdiff prune`, `[settings] keep_days`, and `feeds rm --purge`. Old articles
go with their text, search entries and placements; every article of a story the analyst
exported, corrected, annotated or starred stays; the file gives the space back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from tests.loopback import LoopbackServer
from tests.test_pipeline import Site, articles, run
from tests.test_store import CONFIG, P, entry, feed, outcome
from tui.cli import main
from tui.core import store
from tui.core.config import parse_config

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
LONG = "Words about the harbour and the assembly vote. " * 400  # ~20 KB: pages to free


@pytest.fixture
def db(tmp_path: Path, monkeypatch) -> sqlite_utils.Database:
    monkeypatch.setattr(store.clock, "now_utc", lambda: T0)
    database = store.connect(tmp_path / "p.db")
    store.sync_config(database, parse_config(CONFIG))
    return database


def add(db, feed_url: str, slug: str, title: str, days_old: float) -> int:
    saved = store.save_feed_refresh(db, feed(db, feed_url), outcome(), [
        entry(f"{feed_url}/{slug}", title, summary=LONG,
              published=T0 - timedelta(days=days_old)),
    ])
    return saved.new_ids[0]


@pytest.fixture
def aged(db) -> dict[str, int]:
    """Story 1: two old articles (exported by nobody); story 2: old + new; story 3: one old
    article the analyst will work on; story 4: one new article."""
    ids = {
        "old-a": add(db, "https://wire.example/rss", "old-a", "Port strike ends", 120),
        "old-b": add(db, "https://lantern.example/atom", "old-b", "Dockers back at work", 119),
        "mixed-old": add(db, "https://wire.example/rss", "mixed-old", "Rate held", 100),
        "mixed-new": add(db, "https://herald.example/rss", "mixed-new", "Rate held again", 2),
        "kept": add(db, "https://lantern.example/atom", "kept", "Offices closed", 200),
        "new": add(db, "https://wire.example/rss", "new", "Flood warning", 1),
    }
    store.save_placements(db, [
        P(ids["old-a"], 1), P(ids["old-b"], 1), P(ids["mixed-old"], 2), P(ids["mixed-new"], 2),
        P(ids["kept"], 3), P(ids["new"], 4),
    ])
    return ids


def remaining(db) -> set[int]:
    return {row[0] for row in db.execute("SELECT id FROM articles").fetchall()}


def test_prune_removes_old_articles_their_text_search_rows_and_places(db, aged) -> None:
    removal = store.prune(db, T0 - timedelta(days=90))
    assert removal.articles == 4 and removal.kept == 0
    assert remaining(db) == {aged["mixed-new"], aged["new"]}
    fts = db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'dockers'")
    assert fts.fetchone()[0] == 0
    # Story 1 and 3 are empty and leave the list; story 2 keeps its new article.
    assert [(s.id, s.article_count) for s in store.story_summaries(db)] == [(4, 1), (2, 1)]
    assert store.get_story(db, 2).title == "Rate held again"
    assert removal.stories_removed == 2
    assert removal.bytes_freed > 50_000  # ~20 KB of text each, given back to the disk


def test_a_big_prune_commits_in_batches_and_leaves_each_story_consistent(
    db, aged, monkeypatch
) -> None:
    # Two articles per write transaction: other writers get the lock between batches, and a
    # story whose articles fall in two batches is still counted right at the end.
    monkeypatch.setattr(store.retention, "TRANSACTION_BATCH", 2)
    commits = []
    real = store.retention.write_transaction
    monkeypatch.setattr(store.retention, "write_transaction",
                        lambda database: commits.append(1) or real(database))
    removal = store.prune(db, T0 - timedelta(days=90))
    assert removal.articles == 4 and len(commits) == 2
    assert [(s.id, s.article_count) for s in store.story_summaries(db)] == [(4, 1), (2, 1)]
    assert removal.stories_removed == 2


def test_stories_the_analyst_worked_on_keep_every_article(db, aged, tmp_path: Path) -> None:
    store.record_export(db, 3, tmp_path / "brief.md")
    store.remove_from_story(db, aged["old-b"])  # a correction: story 1 and the new one
    removal = store.prune(db, T0 - timedelta(days=90))
    assert removal.articles == 1  # only story 2's old article
    assert {aged["kept"], aged["old-a"], aged["old-b"]} <= remaining(db)
    assert removal.kept == 3
    assert {story_id for story_id, _ in removal.protected_stories} >= {1, 3}


def test_a_note_or_a_star_protects_a_story(db, aged) -> None:
    if "story_marks" not in db.table_names():  # notes and stars live there
        db.execute("CREATE TABLE story_marks (story_id INTEGER PRIMARY KEY, note TEXT NOT NULL"
                   " DEFAULT '', starred INTEGER NOT NULL DEFAULT 0, updated_at TEXT)")
    db.execute("INSERT INTO story_marks (story_id, note, starred) VALUES (1, '', 1), (3, 'x', 0)")
    store.prune(db, T0 - timedelta(days=90))
    assert {aged["old-a"], aged["old-b"], aged["kept"]} <= remaining(db)


def test_a_dry_run_changes_nothing(db, aged) -> None:
    before = remaining(db)
    removal = store.prune(db, T0 - timedelta(days=90), dry_run=True)
    assert removal.dry_run and removal.articles == 4 and removal.stories_removed == 2
    assert remaining(db) == before and removal.bytes_freed == 0


def test_new_databases_give_space_back_without_a_full_vacuum(db) -> None:
    assert db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental


def test_purge_keeps_protected_stories_unless_forced(db, aged, tmp_path: Path) -> None:
    store.record_export(db, 3, tmp_path / "brief.md")
    removal = store.purge_feed(db, ["https://lantern.example/atom"])
    assert removal.articles == 1 and removal.kept == 1  # old-b goes, kept (story 3) stays
    assert aged["kept"] in remaining(db) and aged["old-b"] not in remaining(db)
    forced = store.purge_feed(db, ["https://lantern.example/atom"], force=True)
    assert forced.articles == 1 and aged["kept"] not in remaining(db)


# --- command line ---------------------------------------------------------------------------


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_prune_says_what_it_removed_and_what_it_kept(db, aged, tmp_path: Path) -> None:
    store.record_export(db, 3, tmp_path / "brief.md")
    db.close()
    path = str(tmp_path / "p.db")
    dry = invoke("--db", path, "prune", "--older-than", "90d", "--dry-run")
    assert dry.exit_code == 0
    assert dry.output.startswith("would remove 3 articles; 1 story left empty would go; kept "
                                 "1 article of 1 story you exported, corrected, annotated or "
                                 "starred:\n  #3 Offices closed")
    done = invoke("--db", path, "prune", "--older-than", "90d")
    assert done.exit_code == 0 and done.output.startswith("removed 3 articles; 1 story left "
                                                          "empty went; ")
    assert "MB given back" in done.output


@pytest.mark.parametrize("age", ["90", "ninety days", "0d", "-3d", ""])
def test_cli_prune_refuses_an_unclear_age(tmp_path: Path, age: str) -> None:
    result = invoke("--db", str(tmp_path / "p.db"), "prune", "--older-than", age)
    assert result.exit_code == 2
    assert "give an age like 90d, 12h or 2w" in result.output


def test_cli_feeds_rm_purge_asks_before_touching_a_protected_story(db, aged,
                                                                  tmp_path: Path) -> None:
    store.record_export(db, 3, tmp_path / "brief.md")
    db.close()
    config = tmp_path / "feeds.toml"
    config.write_text(CONFIG, encoding="utf-8")
    args = ["--db", str(tmp_path / "p.db"), "--config", str(config), "feeds", "rm", "Lantern",
            "--purge"]
    refused = invoke(*args)  # not a terminal: --force is required
    assert refused.exit_code == 2
    assert "use --force to purge them too (nothing was changed)" in refused.output
    assert config.read_text(encoding="utf-8") == CONFIG
    forced = invoke(*args, "--force")
    assert forced.exit_code == 0
    assert "removed 1 feed (https://lantern.example/atom)" in forced.output
    assert "removed 2 articles" in forced.output
    assert "Lantern" not in config.read_text(encoding="utf-8")


# --- keep_days after a refresh --------------------------------------------------------------


@pytest.fixture(name="site")
def site_fixture(server: LoopbackServer) -> Site:
    return Site(server)


def test_keep_days_prunes_after_each_refresh(site: Site, tmp_path: Path, monkeypatch) -> None:
    """The site's items are dated 24 Nov 2026: kept with keep_days = 30, pruned with 5."""
    monkeypatch.setattr(store.clock, "now_utc", lambda: datetime(2026, 12, 3, tzinfo=UTC))
    config = site.config(tmp_path)
    report, _ = run(tmp_path, config.__class__(
        config.path, config.outlets, config.settings.__class__(keep_days=30)))
    assert report.pruned == 0 and len(articles(tmp_path)) == 5
    report, _ = run(tmp_path, config.__class__(
        config.path, config.outlets, config.settings.__class__(keep_days=5)))
    assert report.pruned == 5 and articles(tmp_path) == {}
    assert "5 old articles pruned" in pipeline_summary(report)


def pipeline_summary(report) -> str:
    from tui.core.wording import refresh_summary

    return refresh_summary(report)


def test_keep_days_is_checked_in_feeds_toml(tmp_path: Path) -> None:
    from tui.core.config import ConfigError

    with pytest.raises(ConfigError, match='setting "keep_days" must be greater than 0'):
        parse_config("[settings]\nkeep_days = 0\n", tmp_path / "feeds.toml")
    assert parse_config("[settings]\nkeep_days = 90\n",
                        tmp_path / "feeds.toml").settings.keep_days == 90
