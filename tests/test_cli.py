"""The `pressdiff` command line, driven through click's CliRunner with --db/--config in tmp."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.loopback import LoopbackServer
from tests.test_pipeline import Site
from tui.cli import main
from tui.core import store

REPO = Path(__file__).resolve().parent.parent
ARTICLE_FIELDS = {"outlet", "feed", "url", "title", "author", "published", "fetched_at", "text",
                  "text_source", "text_reason"}


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def one_line(result: Result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture
def site(server: LoopbackServer, tmp_path: Path) -> tuple[Site, list[str]]:
    """The pipeline tests' two-outlet site, with its feeds.toml written; returns the
    options that point the CLI at it."""
    fixture = Site(server)
    config = fixture.config(tmp_path)
    text = "\n".join(
        f'[[outlet]]\nname = "{o.name}"\nfeeds = ['
        + ", ".join(
            f'{{ url = "{f.url}", full_text = {str(f.full_text).lower()} }}' for f in o.feeds
        )
        + "]\n"
        for o in config.outlets
    )
    (tmp_path / "feeds.toml").write_text(text)
    return fixture, ["--config", str(tmp_path / "feeds.toml"), "--db", str(tmp_path / "p.db")]


# --- locate ------------------------------------------------------------------------------------


def test_locate_honours_env_vars(tmp_path: Path) -> None:
    env = {"PRESSDIFF_CONFIG": str(tmp_path / "my.toml"), "PRESSDIFF_DB": str(tmp_path / "my.db")}
    result = invoke("locate", env=env)
    assert result.exit_code == 0
    assert f"config:   {tmp_path / 'my.toml'}  (missing)" in result.output
    assert f"database: {tmp_path / 'my.db'}  (not created yet)" in result.output
    assert str(tmp_path / "xdg-data" / "pressdiff" / "demo.db") in result.output


def test_locate_options_beat_env_vars(tmp_path: Path) -> None:
    env = {"PRESSDIFF_DB": str(tmp_path / "env.db")}
    result = invoke("--db", str(tmp_path / "given.db"), "locate", env=env)
    assert f"database: {tmp_path / 'given.db'}" in result.output
    result = invoke("locate", "--db", str(tmp_path / "sub.db"), env=env)
    assert f"database: {tmp_path / 'sub.db'}" in result.output


# --- refresh -----------------------------------------------------------------------------------


def test_refresh_prints_a_line_per_feed_and_exits_0(site) -> None:
    fixture, options = site
    result = invoke("refresh", *options)
    assert result.exit_code == 0, result.output
    feed_lines = [line for line in result.stdout.splitlines() if line.startswith("ok")]
    assert len(feed_lines) == 3
    for path in fixture.FEEDS:
        assert sum(fixture.server.url(path) in line for line in feed_lines) == 1
    assert "Refreshed 3 feeds: 5 new articles, 0 updated; 4 pages extracted; 2 new stories" \
        in result.stdout
    assert result.stderr == ""


def test_refresh_exits_1_and_names_the_failed_feed_on_stderr(site) -> None:
    fixture, options = site
    fixture.server.set("/beta/feed.xml", status=500, body=b"", content_type="text/plain")
    result = invoke("refresh", "--no-extract", *options)
    assert result.exit_code == 1
    failed = result.stderr.strip().splitlines()
    assert len(failed) == 1
    assert "Beta Post" in failed[0] and fixture.server.url("/beta/feed.xml") in failed[0]
    assert "HTTP 500 Internal Server Error" in failed[0]
    assert sum(line.startswith("ok") for line in result.stdout.splitlines()) == 2


def test_refresh_quiet_prints_only_failures(site) -> None:
    fixture, options = site
    assert invoke("refresh", "--quiet", "--no-extract", *options).output == ""
    fixture.server.set("/beta/feed.xml", status=404, body=b"", content_type="text/plain")
    result = invoke("refresh", "--quiet", "--no-extract", *options)
    assert result.exit_code == 1 and result.stdout == ""
    assert "HTTP 404 Not Found" in result.stderr


def test_refresh_json_has_per_feed_results(site) -> None:
    fixture, options = site
    result = invoke("refresh", "--json", "--no-extract", *options)
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["new_articles"] == 5 and report["feeds_failed"] == []
    assert report["extracted"] == 0
    assert sorted(f["url"] for f in report["feeds"]) == sorted(
        fixture.server.url(p) for p in fixture.FEEDS)
    assert {f["status"] for f in report["feeds"]} == {"ok"}
    again = json.loads(invoke("refresh", "--json", "--no-extract", *options).stdout)
    assert again["feeds_not_modified"] == 3
    assert {f["status"] for f in again["feeds"]} == {"not-modified"}


def test_a_clustering_failure_keeps_the_articles_and_the_next_refresh_retries(
    site, monkeypatch
) -> None:
    """Clustering raising does not take the refresh with it: feeds and articles are
    stored, one line says the stories were not updated, exit 1; the next refresh (with
    clustering working again) puts every article in a story and exits 0."""
    from tui.core import story_builder

    fixture, options = site

    def broken(db):
        raise KeyError(38)

    monkeypatch.setattr(story_builder, "cluster_new_articles", broken)
    result = invoke("refresh", "--quiet", *options)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "stories not updated: clustering failed (KeyError: 38); the articles are stored and the"
        " next refresh tries again ('pressdiff recluster' rebuilds every story)"
    ]
    db = store.connect(options[-1])
    assert len(store.list_articles(db)) == 5
    assert len(store.unclustered_ids(db)) == 5
    report = json.loads(invoke("refresh", "--json", *options).stdout)
    assert report["stories_error"] and report["feeds_failed"] == []
    monkeypatch.undo()
    result = invoke("refresh", *options)
    assert result.exit_code == 0, result.output
    assert store.unclustered_ids(db) == []
    assert "stories not updated" not in result.output


def test_refresh_unknown_outlet_exits_2(site) -> None:
    _, options = site
    result = invoke("refresh", "--outlet", "Gamma", *options)
    assert result.exit_code == 2
    assert 'no outlet named "Gamma"' in one_line(result)


def test_refresh_outlet_option(site) -> None:
    fixture, options = site
    result = invoke("refresh", "--outlet", "Beta Post", "--no-extract", *options)
    assert result.exit_code == 0
    assert fixture.server.hits["/alpha/world.xml"] == 0 and fixture.server.hits["/beta/feed.xml"]


# --- reading the database ----------------------------------------------------------------------


@pytest.fixture
def refreshed(site) -> list[str]:
    _, options = site
    assert invoke("refresh", "--quiet", *options).exit_code == 0
    return options


def test_articles_json_has_every_documented_field(refreshed) -> None:
    rows = json.loads(invoke("articles", "--json", *refreshed).stdout)
    assert len(rows) == 5
    for row in rows:
        assert ARTICLE_FIELDS <= set(row)
        assert row["text"] and row["url"].startswith("http://127.0.0.1:")
    by_title = {row["title"]: row for row in rows}
    opinion = by_title["Why the harbour plan is too timid"]
    assert opinion["outlet"] == "Alpha Daily" and opinion["text_source"] == "summary"
    assert opinion["published"] == "2026-11-24T08:00:00+00:00"
    assert by_title["Museum reopens after restoration"]["text_source"] == "page"


def test_articles_json_carries_each_articles_story(refreshed) -> None:
    rows = json.loads(invoke("articles", "--json", *refreshed).stdout)
    db = store.connect(refreshed[-1])
    for row in rows:
        assert row["story"] == store.story_of_article(db, row["id"])
        story = json.loads(invoke("show", str(row["story"]), "--json", *refreshed).stdout)
        assert row["id"] in [m["article"]["id"] for m in story["members"]]
    plain = invoke("articles", *refreshed).stdout.splitlines()
    assert all(f"story {r['story']}" in line for r, line in zip(rows, plain, strict=True))


def test_articles_search_and_outlet(refreshed) -> None:
    rows = json.loads(invoke("articles", "--json", "--search", "museum", *refreshed).stdout)
    assert [r["title"] for r in rows] == ["Museum reopens after restoration"]
    rows = json.loads(invoke("articles", "--json", "--outlet", "beta post", *refreshed).stdout)
    assert {r["outlet"] for r in rows} == {"Beta Post"} and len(rows) == 2
    plain = invoke("articles", "--search", "tram", *refreshed)
    assert len(plain.stdout.splitlines()) == 1 and "Tram line extension delayed" in plain.stdout


def test_feeds_json(refreshed, site) -> None:
    fixture, _ = site
    rows = json.loads(invoke("feeds", "--json", *refreshed).stdout)
    assert sorted(r["url"] for r in rows) == sorted(fixture.server.url(p) for p in fixture.FEEDS)
    opinion = next(r for r in rows if r["url"].endswith("/alpha/opinion.xml"))
    assert opinion["full_text"] is False and opinion["status"] == "ok"
    assert opinion["http_status"] == 200 and opinion["article_count"] == 1


def test_reading_commands_without_a_database_exit_2(tmp_path: Path) -> None:
    result = invoke("articles", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2
    assert "no database yet; run `pressdiff refresh`" in one_line(result)
    assert not (tmp_path / "none.db").exists()


# --- stories on the demo database --------------------------------------------------------------


def flagship_id(demo_db: Path) -> int:
    db = store.connect(demo_db)
    stories = store.story_summaries(db, order="outlets")
    return next(s.id for s in stories if "UN" in s.title or "Baku" in s.title)


def test_clusters_json_and_min_outlets(demo_db: Path) -> None:
    everything = json.loads(invoke("clusters", "--json", "--db", str(demo_db)).stdout)
    wide = json.loads(
        invoke("clusters", "--json", "--min-outlets", "3", "--db", str(demo_db)).stdout
    )
    assert wide and len(wide) < len(everything)
    assert all(c["outlet_count"] >= 3 and len(c["outlets"]) == c["outlet_count"] for c in wide)
    assert {c["id"] for c in wide} <= {c["id"] for c in everything}
    assert flagship_id(demo_db) in {c["id"] for c in wide}


def test_stories_filter_and_since_take_the_apps_language(demo_db: Path) -> None:
    def ids(*args: str) -> set[int]:
        result = invoke("stories", "--json", "--db", str(demo_db), *args)
        assert result.exit_code == 0, result.output
        return {c["id"] for c in json.loads(result.stdout)}

    everything = ids()
    opinion = ids("--filter", "kind:op")  # the abbreviation the app's list shows
    assert opinion and opinion < everything
    assert ids("--filter", "kind:opinion") == opinion
    # Every term counts: opinion and an Azerbaijani outlet, plus a word of the text.
    both = ids("--filter", "kind:op country:AZ")
    assert flagship_id(demo_db) in both and both <= opinion
    assert ids("--filter", "kind:op country:AZ Baku") <= both
    assert ids("--filter", "kind:op country:nowhere") == set()
    # The demo's articles are dated in the past: a day back from now holds none of them.
    assert ids("--since", "24h") <= everything
    assert ids("--since", "3650d") == everything


def test_stories_since_rejects_what_it_cannot_read(demo_db: Path) -> None:
    result = invoke("stories", "--since", "yesterday", "--db", str(demo_db))
    assert result.exit_code == 2
    assert "--since 'yesterday'" in result.output and "24h" in result.output


def test_show_json_has_members_with_score_and_evidence(demo_db: Path) -> None:
    story_id = flagship_id(demo_db)
    data = json.loads(invoke("show", str(story_id), "--json", "--db", str(demo_db)).stdout)
    assert data["id"] == story_id and len(data["members"]) >= 5
    for member in data["members"]:
        assert 0 <= member["score"] <= 1
        assert isinstance(member["evidence"], list)
        assert member["method"] in ("auto", "manual")
        assert member["article"]["outlet"] and member["article"]["url"]
    assert any(m["evidence"] for m in data["members"])
    assert "comparison" in data


def test_show_plain_text(demo_db: Path) -> None:
    story_id = flagship_id(demo_db)
    result = invoke("show", str(story_id), "--db", str(demo_db))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Story {story_id}: ")


@pytest.mark.parametrize("command", ["show", "export"])
def test_unknown_story_exits_2_with_one_line(demo_db: Path, command: str) -> None:
    result = invoke(command, "99999", "--db", str(demo_db))
    assert result.exit_code == 2
    assert "no story with id 99999" in one_line(result)


def test_export_to_stdout_and_to_a_directory(demo_db: Path, tmp_path: Path) -> None:
    story_id = flagship_id(demo_db)
    printed = invoke("export", str(story_id), "--db", str(demo_db))
    assert printed.exit_code == 0 and printed.stdout.startswith("---")
    out = tmp_path / "briefs"
    out.mkdir()
    written = invoke("export", str(story_id), "-o", f"{out}/", "--db", str(demo_db))
    assert written.exit_code == 0
    path = Path(written.stdout.strip())
    assert path.parent == out and path.suffix == ".md"
    assert path.read_text(encoding="utf-8") == printed.stdout.replace(
        _generated_line(printed.stdout), _generated_line(path.read_text(encoding="utf-8"))
    )
    refused = invoke("export", str(story_id), "-o", f"{out}/", "--db", str(demo_db))
    assert refused.exit_code == 2
    assert str(path) in one_line(refused)
    forced = invoke("export", str(story_id), "-o", f"{out}/", "--force", "--db", str(demo_db))
    assert forced.exit_code == 0 and list(out.iterdir()) == [path]


def _generated_line(text: str) -> str:
    """The export stamps the time it was made; two runs may differ only there."""
    return next((line for line in text.splitlines() if line.startswith("generated")), "")


def test_corrections_through_the_cli(demo_db: Path) -> None:
    story_id = flagship_id(demo_db)
    members = json.loads(invoke("show", str(story_id), "--json", "--db", str(demo_db)).stdout)
    article_id = members["members"][-1]["article"]["id"]
    removed = invoke("remove", str(article_id), "--db", str(demo_db))
    assert removed.exit_code == 0
    new_story = int(removed.stdout.split("story ")[1].split()[0])
    moved = invoke("move", str(article_id), str(story_id), "--db", str(demo_db))
    assert moved.exit_code == 0 and f"moved to story {story_id}" in moved.stdout
    bad = invoke("merge", str(story_id), "99999", "--db", str(demo_db))
    assert bad.exit_code == 2 and "no story with id 99999" in one_line(bad)
    assert new_story != story_id


# --- cluster-jsonl, demo, python -m ------------------------------------------------------------


def test_recluster_keeps_ids_and_corrections(demo_db: Path) -> None:
    """A rebuild of an untouched database changes nothing; after a correction, the
    corrected stories stay as the analyst left them and the report says what moved."""
    options = ["--db", str(demo_db)]
    before = json.loads(invoke("clusters", "--json", *options).stdout)
    result = invoke("recluster", *options)
    assert result.exit_code == 0, result.output
    assert "0 stories changed, 0 articles moved" in result.stdout
    assert json.loads(invoke("clusters", "--json", *options).stdout) == before
    story = flagship_id(demo_db)
    members = json.loads(invoke("show", str(story), "--json", *options).stdout)["members"]
    removed = members[-1]["article"]["id"]
    assert invoke("remove", str(removed), *options).exit_code == 0
    db = store.connect(demo_db)
    alone = store.story_of_article(db, removed)
    report = json.loads(invoke("recluster", "--json", *options).stdout)
    assert report["changed"] == 0 and report["new_ids"] == []
    assert store.story_of_article(db, removed) == alone
    left = {m["article"]["id"]
            for m in json.loads(invoke("show", str(story), "--json", *options).stdout)["members"]}
    assert left == {m["article"]["id"] for m in members} - {removed}


def test_recluster_rebuilds_stories_after_clustering_failed(demo_db: Path) -> None:
    """The way back from a broken clustering step: recluster places articles that never
    reached a story."""
    db = store.connect(demo_db)
    orphan = store.list_articles(db, limit=1)[0].id
    db.execute("DELETE FROM cluster_members WHERE article_id = ?", [orphan])
    db.conn.commit()
    assert store.unclustered_ids(db) == [orphan]
    result = invoke("recluster", "--db", str(demo_db))
    assert result.exit_code == 0 and "1 article moved" in result.stdout
    assert store.unclustered_ids(db) == []


def test_cluster_jsonl_on_a_small_file(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "title": "Azerbaijan orders UN offices in Baku closed", "outlet": "Wire",
         "published": "2026-11-24T08:00:00Z",
         "text": "Azerbaijan ordered the UN and NGO offices in Baku to close."},
        {"id": "b", "title": "Baku tells UN agencies and NGOs to close offices",
         "outlet": "Herald", "published": "2026-11-24T09:00:00Z",
         "text": "The government in Baku told UN agencies and NGOs to close their offices."},
        {"id": "c", "title": "Van earthquake: rescuers search collapsed buildings",
         "outlet": "Wire", "published": 1795510800000,
         "text": "Rescue teams in Van searched collapsed buildings after the earthquake."},
    ]
    infile = tmp_path / "in.jsonl"
    infile.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = invoke("cluster-jsonl", str(infile))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert out[0]["cluster"] == out[1]["cluster"] != out[2]["cluster"]
    target = tmp_path / "out.jsonl"
    assert invoke("cluster-jsonl", str(infile), "-o", str(target)).exit_code == 0
    assert target.read_text() == result.stdout
    infile.write_text('{"id": 1, "title": "ok"}\n{"title": "no id"}\n')
    bad = invoke("cluster-jsonl", str(infile))
    assert bad.exit_code == 2 and "line 2" in one_line(bad)


def test_demo_refuses_a_database_or_config_given_before_the_command(tmp_path: Path) -> None:
    """`pressdiff --db X demo` most likely names the analyst's own database: refused in one
    line naming the way that works, and X is not touched."""
    given = tmp_path / "given.db"
    result = invoke("--db", str(given), "demo", "--headless")
    assert result.exit_code == 2
    assert "pressdiff demo --db FILE" in one_line(result)
    assert not given.exists()
    result = invoke("--config", str(tmp_path / "feeds.toml"), "demo", "--headless")
    assert result.exit_code == 2 and "--config does not apply" in one_line(result)


def test_demo_headless_builds_its_own_database(tmp_path: Path) -> None:
    user_db = tmp_path / "mine.db"
    result = invoke("demo", "--headless", env={"PRESSDIFF_DB": str(user_db)})
    assert result.exit_code == 0, result.output
    assert "Serving the demo corpus at http://127.0.0.1:" in result.stdout
    demo_db = tmp_path / "xdg-data" / "pressdiff" / "demo.db"
    assert f"database: {demo_db}" in result.stdout
    assert not user_db.exists()
    db = store.connect(demo_db)
    assert store.overview(db).outlets == 7
    assert store.story_summaries(db, min_outlets=3)


def test_python_dash_m_tui_help() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--help"], capture_output=True, text=True, cwd=REPO,
        env=env, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: ")
    assert "refresh" in result.stdout and "Example" in result.stdout


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.startswith("pressdiff, version ")
