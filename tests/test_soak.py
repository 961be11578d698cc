"""A soak test: real headlines arriving over a dozen refreshes, through the real pipeline.

Forty publishers' feeds on a loopback server grow over 12 refreshes, each listing only its
latest 40 items, as real feeds do; `pressdiff refresh` runs after each growth. The real
headlines come from the shared UCI dev set when present (its publishers and timestamps),
else from the generated stand-in. Every refresh must exit 0 and leave no article outside a
story, and the stories built a refresh at a time must score within 0.03 B-cubed F1 of
clustering the same stored articles at once (`pressdiff cluster-jsonl`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from tests.headlines import Headline, generated_headlines, uci_headlines
from tests.loopback import LoopbackServer
from tui.cli import main
from tui.core import store
from tui.core.cluster.quality import bcubed

FEEDS = 40
REFRESHES = 12
LATEST = 40


def _rss(name: str, items: list[tuple[int, Headline]], base: str) -> bytes:
    body = "".join(
        f"<item><title>{escape(h.title)}</title><link>{base}/a/{n}.html</link>"
        f"<guid>{n}</guid><description>{escape(h.title)}</description>"
        f"<pubDate>{format_datetime(datetime.fromtimestamp(h.published, UTC), usegmt=True)}"
        "</pubDate></item>"
        for n, h in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(name)}</title><link>{base}/</link><description>soak</description>"
            f"{body}</channel></rss>").encode()


@pytest.mark.slow
def test_stories_hold_over_a_dozen_refreshes_of_growing_feeds(tmp_path: Path) -> None:
    rows = uci_headlines()
    source = "shared UCI dev headlines" if rows else "generated headlines"
    # The stand-in gives each story its own actor and place: stories that share names are
    # where incremental clustering still merges more than clustering at once (a quality
    # question, measured in benchmarks/evaluate_clustering.py), not this test's subject.
    rows = rows or generated_headlines(core=2, shared_names=False)
    rows = sorted(rows, key=lambda h: (h.published, h.title))
    publishers = sorted({h.publisher for h in rows})
    # Publishers fold onto 40 feeds; each item is numbered (its GUID and page).
    items_of: list[list[tuple[int, Headline]]] = [[] for _ in range(FEEDS)]
    for n, headline in enumerate(rows):
        items_of[publishers.index(headline.publisher) % FEEDS].append((n, headline))
    start, end = rows[0].published, rows[-1].published
    cuts = [start + (end - start) * (k + 1) / REFRESHES for k in range(REFRESHES)]

    db_path = tmp_path / "soak.db"
    runner = CliRunner()
    with LoopbackServer() as server:
        config = tmp_path / "feeds.toml"
        config.write_text("".join(
            f'[[outlet]]\nname = "Publisher {f:02d}"\n'
            f'feeds = [{{ url = "{server.url(f"/feed{f}.xml")}", full_text = false }}]\n'
            for f in range(FEEDS)
        ))
        seen: set[int] = set()
        for k, cut in enumerate(cuts):
            for f, items in enumerate(items_of):
                arrived = [item for item in items if item[1].published <= cut]
                latest = arrived[-LATEST:]
                seen.update(n for n, _ in latest)
                feed = _rss(f"Publisher {f:02d}", latest, server.base_url)
                server.set(f"/feed{f}.xml", body=feed, etag=f'"{k}-{len(arrived)}"')
            result = runner.invoke(main, ["--config", str(config), "--db", str(db_path),
                                          "refresh", "--no-extract", "--quiet"])
            assert result.exit_code == 0, f"refresh {k + 1}: {result.output}"
            db = store.connect(db_path)
            assert store.unclustered_ids(db) == [], f"refresh {k + 1} left articles out"
            db.close()

    db = store.connect(db_path)
    gold_of = {f"{server_url_path(n)}": rows[n].story for n in seen}
    articles = store.list_articles(db)
    assert len(articles) == len(seen)
    gold = {a.id: gold_of[_path_of(a.url)] for a in articles}
    incremental = store.stories_of_articles(db, gold)
    # The same stored articles clustered at once, through the CLI's JSON-lines command.
    lines = "".join(
        json.dumps({"id": a.id, "title": a.title, "outlet": a.outlet, "text": a.text,
                    "published": a.published.isoformat() if a.published else None}) + "\n"
        for a in articles
    )
    batch_run = runner.invoke(main, ["cluster-jsonl", "-"], input=lines)
    assert batch_run.exit_code == 0, batch_run.output
    at_once = {row["id"]: row["cluster"]
               for row in map(json.loads, batch_run.stdout.splitlines())}
    f1_incremental = bcubed(incremental, gold)[2]
    f1_at_once = bcubed(at_once, gold)[2]
    print(f"\nsoak ({source}, {len(articles)} articles, {REFRESHES} refreshes): B3-F1 "
          f"incremental {f1_incremental:.3f}, at once {f1_at_once:.3f}")
    assert f1_incremental >= f1_at_once - 0.03


def server_url_path(n: int) -> str:
    return f"/a/{n}.html"


def _path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]
