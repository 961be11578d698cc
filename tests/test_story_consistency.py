"""Stories stay consistent whatever happens to them: stateful property tests.

Hypothesis drives random interleavings of what a database lives through: batches of new
articles (real headlines from the shared UCI set when present, else a generated stand-in),
automatic merges, the analyst's corrections (remove, move, merge) and closing and reopening
the database. After every step the stories must still make sense to an analyst:

* every article is in exactly one live story, and story counts match their members;
* every absorbed story id resolves to a live one (briefs cite ids);
* every live story has a representative headline that is one of its own articles;
* no id is handed out twice: a new story never takes an id seen before;
* corrections hold: a removed article never returns to the story it was removed from, a
  moved one stays where it was put, stories merged by hand stay merged;
* what is stored reloads to the state the clusterer had in memory.

The clusterer machine checks the clustering core alone (what ``add`` reports against what
it holds); the store machine runs the refresh's own clustering step on a real SQLite file.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from tests.headlines import Headline, generated_headlines, headlines_by_story
from tui.core import store, story_builder
from tui.core.cluster import ClusterConfig, Constraints, Doc, Placement, StoryClusterer
from tui.core.config import parse_config
from tui.core.feeds import Entry
from tui.core.recluster import recluster as rebuild

STORIES = headlines_by_story()
DAY = 86400.0
OUTLETS = [f"Outlet {n}" for n in range(6)]

# A batch is what one refresh brings: a few stories, each with up to 40 reports (repeats
# included, as syndicated copies are), arriving some days after their own time (a batch days
# later exercises the clustering window: older stories are then not loaded).
batches = st.tuples(
    st.lists(st.tuples(st.integers(0, len(STORIES) - 1), st.integers(1, 40),
                       st.integers(0, 2**32 - 1)), min_size=1, max_size=6),
    st.sampled_from([0.0, 0.0, 0.0, 0.5, 2.0, 9.0]),
)


# A busy day's refresh: many reports of several stories at once, as real feed lists bring
# (a chain of merges inside one refresh needs this much; small batches rarely reach it).
busy_days = st.tuples(st.integers(0, 2**32 - 1), st.sampled_from([0.0, 0.0, 1.0, 8.0])).map(
    lambda seed_lag: _busy_day(*seed_lag)
)


def _busy_day(seed: int, lag: float, pool: list[list[Headline]] = STORIES):
    rng = random.Random(seed)
    stories = rng.sample(range(len(pool)), min(len(pool), rng.randint(3, 8)))
    return [(story, rng.randint(10, 60), rng.randrange(2**32)) for story in stories], lag


def _draw(batch, pool: list[list[Headline]] = STORIES) -> list[tuple[Headline, float, int]]:
    """(headline, lag in days, outlet index) for each report of a batch."""
    picks, lag = batch
    out = []
    for story, count, seed in picks:
        rng = random.Random(seed)
        for headline in rng.choices(pool[story], k=count):
            out.append((headline, lag, rng.randrange(len(OUTLETS))))
    return out


# ============================================================================ clusterer alone
class ClustererMachine(RuleBasedStateMachine):
    """The clusterer against a model of what the store would hold after applying each
    ``add`` result exactly as ``store.save_placements`` does (merges, then placements)."""

    def __init__(self) -> None:
        super().__init__()
        self.clusterer = StoryClusterer(ClusterConfig(), next_id=1)
        self.docs: dict[int, Doc] = {}
        self.where: dict[int, int] = {}  # doc -> story, as stored
        self.absorbed: dict[int, int] = {}  # absorbed id -> into id, as stored
        self.ever: set[int] = set()  # every id that ever held a doc
        self.constraints = Constraints()
        self.next_doc = 1

    def _resolve(self, cluster_id: int) -> int:
        while cluster_id in self.absorbed:
            cluster_id = self.absorbed[cluster_id]
        return cluster_id

    @initialize(first=busy_days)
    def start(self, first) -> None:
        self.add_batch(first)  # every run starts from a day's worth of stories

    @rule(batch=st.one_of(batches, busy_days))
    def add_batch(self, batch) -> None:
        docs = []
        for headline, lag, outlet in _draw(batch):
            doc = Doc(self.next_doc, headline.title, outlet=OUTLETS[outlet],
                      published=headline.published + lag * DAY)
            self.next_doc += 1
            docs.append(doc)
            self.docs[doc.id] = doc
        before = self.ever | set(self.absorbed)
        result = self.clusterer.add(docs, self.constraints)
        for absorbed, into in result.merges:
            assert absorbed != into
            self.absorbed[absorbed] = into
            for doc_id, cid in self.where.items():
                if cid == absorbed:
                    self.where[doc_id] = into
        for placement in result.placements:
            self.where[placement.doc_id] = placement.cluster_id
        live = set(self.where.values())
        # What add() says it touched is live, and what it names as representative is a
        # member there: the refresh titles these stories from it.
        assert result.touched <= live, result.touched - live
        for cid, rep in result.representatives.items():
            assert cid in result.touched
            assert self.where[rep] == cid
        for doc in docs:
            assert doc.id in self.where, "a new doc was left unplaced"
        fresh = live - before
        if before and fresh:
            # New stories take new ids: above every id seen so far, absorbed ones included.
            reused = {cid for cid in fresh if cid <= max(before)}
            assert not reused, f"ids handed out again: {reused}"
        for cid in live:
            assert cid not in self.absorbed, f"absorbed story {cid} holds articles again"
        self.ever |= live

    @precondition(lambda self: len(self.where) >= 2)
    @rule(data=st.data())
    def pin_and_forbid(self, data: st.DataObject) -> None:
        """The analyst moves an article to another story (the store rewrites the placement,
        the next add gets the pin and the forbidden pair)."""
        doc_id = data.draw(st.sampled_from(sorted(self.where)))
        target = data.draw(st.sampled_from(sorted(set(self.where.values()))))
        source = self.where[doc_id]
        if source == target:
            return
        self.constraints.pinned[doc_id] = target
        self.constraints.forbidden.add((doc_id, source))
        self.where[doc_id] = target
        self._reload()  # the clusterer learns corrections from the store, as a refresh does

    @rule()
    def reload(self) -> None:
        """A fresh clusterer loaded from the stored state holds the same stories."""
        held = {cid: sorted(members) for cid, members in self.clusterer.clusters().items()}
        assert held == self._stories(), "in-memory state differs from what was stored"
        self._reload()
        reloaded = {cid: sorted(m) for cid, m in self.clusterer.clusters().items()}
        assert reloaded == self._stories()

    def _reload(self) -> None:
        self.clusterer = StoryClusterer(ClusterConfig(),
                                        next_id=max(self.ever | set(self.absorbed), default=0) + 1)
        self.clusterer.load(
            list(self.docs.values()),
            [Placement(doc_id, cid, 1.0, ()) for doc_id, cid in self.where.items()],
        )

    def _stories(self) -> dict[int, list[int]]:
        stories: dict[int, list[int]] = {}
        for doc_id, cid in self.where.items():
            stories.setdefault(cid, []).append(doc_id)
        return {cid: sorted(m) for cid, m in stories.items()}

    @invariant()
    def corrections_hold(self) -> None:
        for doc_id, target in self.constraints.pinned.items():
            assert self._resolve(self.where[doc_id]) == self._resolve(target)
        for doc_id, source in self.constraints.forbidden:
            pinned = self.constraints.pinned.get(doc_id)
            if pinned is not None and self._resolve(pinned) == self._resolve(source):
                continue  # moved back by hand later: the newer correction wins
            assert self._resolve(self.where[doc_id]) != self._resolve(source)

    @invariant()
    def absorbed_ids_resolve_to_live_stories(self) -> None:
        live = set(self.where.values())
        for absorbed in self.absorbed:
            assert self._resolve(absorbed) in live or not live


ClustererMachine.TestCase.settings = settings(
    max_examples=100, stateful_step_count=12, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestClusterer = ClustererMachine.TestCase


# ============================================================================ store + refresh
def _config(path: Path):
    text = "\n".join(
        f'[[outlet]]\nname = "{name}"\nfeeds = [{{ url = "http://127.0.0.1:9/f{n}.xml", '
        "full_text = false }]\n"
        for n, name in enumerate(OUTLETS)
    )
    return parse_config(text, path)


class StoryStoreMachine(RuleBasedStateMachine):
    """The refresh's clustering step and the analyst's corrections on a real database."""

    stories = Bundle("stories")

    @initialize(first=busy_days)
    def open_database(self, first) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="pressdiff-sm-"))
        self.path = self.dir / "p.db"
        self.db = store.connect(self.path)
        store.sync_config(self.db, _config(self.dir / "feeds.toml"))
        self.feeds = {f.outlet: f for f in store.active_feeds(self.db)}
        self.seen_ids: set[int] = set()  # every story id that ever held an article
        self.articles = 0
        self.removed: dict[int, int] = {}  # article -> story it was removed from (latest)
        self.moved: dict[int, int] = {}  # article -> story it was put in (latest)
        self.merged: list[tuple[int, int]] = []  # (into, absorbed) by hand
        self.refresh(first)  # every run starts from a day's worth of stories

    def teardown(self) -> None:
        if getattr(self, "db", None) is not None:
            self.db.close()
        shutil.rmtree(getattr(self, "dir", ""), ignore_errors=True)

    # --------------------------------------------------------------- steps
    @rule(batch=st.one_of(batches, busy_days))
    def refresh(self, batch) -> None:
        by_outlet: dict[str, list[Entry]] = {}
        for headline, lag, index in _draw(batch):
            self.articles += 1
            outlet = OUTLETS[index]
            by_outlet.setdefault(outlet, []).append(Entry(
                url=f"http://127.0.0.1:9/a/{self.articles}", link="", guid=None,
                title=headline.title, author=None,
                published=datetime.fromtimestamp(headline.published + lag * DAY, UTC),
                summary=headline.title, content="",
            ))
        for outlet, entries in by_outlet.items():
            outcome = store.FeedOutcome(status="ok", started_at=store.now_utc(), duration_ms=1)
            store.save_feed_refresh(self.db, self.feeds[outlet], outcome, entries)
        before = self.seen_ids | self._absorbed_ids()
        story_builder.cluster_new_articles(self.db)
        live = self._live_ids()
        fresh = live - before
        if before and fresh:
            assert all(cid > max(before) for cid in fresh), f"story ids reused: {fresh}"
        self.seen_ids |= live

    @precondition(lambda self: self.articles > 1)
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        article = data.draw(st.integers(1, self.articles))
        current = self._story_of(article)
        new_id = store.remove_from_story(self.db, article)
        assert new_id > max(self.seen_ids | self._absorbed_ids())
        self.removed[article] = current
        self.moved[article] = new_id
        self.seen_ids.add(new_id)

    @precondition(lambda self: self.articles > 1)
    @rule(data=st.data())
    def move(self, data: st.DataObject) -> None:
        article = data.draw(st.integers(1, self.articles))
        target = data.draw(st.sampled_from(sorted(self._live_ids())))
        current = self._story_of(article)
        store.move_to_story(self.db, article, target)
        if current != target:
            self.removed[article] = current
            self.moved[article] = target

    @precondition(lambda self: self.articles > 1)
    @rule(data=st.data())
    def merge(self, data: st.DataObject) -> None:
        live = sorted(self._live_ids())
        if len(live) < 2:
            return
        into, absorbed = data.draw(st.lists(st.sampled_from(live), min_size=2, max_size=2,
                                            unique=True))
        store.merge_stories(self.db, into, absorbed)
        self.merged.append((into, absorbed))

    @precondition(lambda self: self.articles > 0)
    @rule(data=st.data())
    def recluster(self, data: st.DataObject) -> None:
        """Rebuild stories from scratch (all, or those of articles since some time): ids of
        surviving stories stay, retired ids point somewhere live, corrections hold."""
        times = [r[0] for r in self.db.execute("SELECT sort_ts FROM articles").fetchall()]
        since = data.draw(st.one_of(st.none(), st.sampled_from(sorted(times))))
        before = self.seen_ids | self._absorbed_ids()
        report = rebuild(self.db, since=since)
        live = self._live_ids()
        assert all(cid > max(before) for cid in live - before), "recluster reused an id"
        assert set(report.new_ids) == live - before
        self.seen_ids |= live
        # A second rebuild of the same articles changes nothing.
        again = rebuild(self.db, since=since)
        assert again.changed == 0 and again.moved_articles == 0

    @rule()
    def reopen(self) -> None:
        """Close and reopen: the stories read back the same, and clustering again with
        nothing new changes nothing."""
        before = self._snapshot()
        self.db.close()
        self.db = store.connect(self.path)
        assert self._snapshot() == before
        story_builder.cluster_new_articles(self.db)
        assert self._snapshot() == before

    # --------------------------------------------------------------- invariants
    @invariant()
    def every_article_in_exactly_one_live_story(self) -> None:
        if not hasattr(self, "db"):
            return
        rows = self.db.execute(
            """SELECT a.id, m.cluster_id, c.merged_into FROM articles a
               LEFT JOIN cluster_members m ON m.article_id = a.id
               LEFT JOIN clusters c ON c.id = m.cluster_id"""
        ).fetchall()
        assert len(rows) == self.articles
        for article, cluster_id, merged_into in rows:
            assert cluster_id is not None, f"article {article} is in no story"
            assert merged_into is None, f"article {article} is in absorbed story {cluster_id}"

    @invariant()
    def story_rows_match_members(self) -> None:
        if not hasattr(self, "db"):
            return
        for cid, count, rep, title in self.db.execute(
            "SELECT id, article_count, representative_id, title FROM clusters"
        ).fetchall():
            members = {r[0]: r[1] for r in self.db.execute(
                """SELECT a.id, a.title FROM cluster_members m JOIN articles a
                   ON a.id = m.article_id WHERE m.cluster_id = ?""", [cid]).fetchall()}
            assert count == len(members), f"story {cid} counts {count}, holds {len(members)}"
            if members:
                assert rep in members, f"story {cid} is titled after a non-member"
                assert title == members[rep]

    @invariant()
    def absorbed_ids_resolve_to_live_stories(self) -> None:
        if not hasattr(self, "db"):
            return
        for (absorbed,) in self.db.execute(
            "SELECT id FROM clusters WHERE merged_into IS NOT NULL"
        ).fetchall():
            final = store.resolve_cluster_id(self.db, absorbed)
            row = self.db.execute("SELECT merged_into FROM clusters WHERE id = ?",
                                  [final]).fetchone()
            assert row is not None and row[0] is None, f"{absorbed} resolves nowhere"

    @invariant()
    def corrections_hold(self) -> None:
        if not hasattr(self, "db"):
            return
        resolve = lambda cid: store.resolve_cluster_id(self.db, cid)  # noqa: E731
        for into, absorbed in self.merged:
            assert resolve(into) == resolve(absorbed), "a merge by hand came apart"
        for article, target in self.moved.items():
            assert resolve(self._story_of(article)) == resolve(target), (
                f"article {article} left the story the analyst put it in"
            )
        for article, source in self.removed.items():
            if resolve(source) == resolve(self.moved[article]):
                continue  # the analyst merged them since: the newer correction wins
            assert resolve(self._story_of(article)) != resolve(source), (
                f"article {article} went back to a story it was removed from"
            )

    @invariant()
    def stored_stories_reload_into_the_clusterer(self) -> None:
        """A clusterer loaded from the database holds exactly the stored stories."""
        if not hasattr(self, "db") or not self.articles:
            return
        inputs = store.cluster_inputs(self.db, since=None)
        placements = store.placements_for(self.db, [i.id for i in inputs])
        clusterer = StoryClusterer(ClusterConfig(), next_id=store.next_cluster_id(self.db))
        clusterer.load(
            [Doc(i.id, i.title, i.text, i.outlet, i.published) for i in inputs],
            [Placement(p.doc_id, p.cluster_id, p.score, p.evidence) for p in placements],
        )
        held = {cid: sorted(m) for cid, m in clusterer.clusters().items()}
        stored: dict[int, list[int]] = {}
        for placement in placements:
            stored.setdefault(placement.cluster_id, []).append(placement.doc_id)
        assert held == {cid: sorted(m) for cid, m in stored.items()}

    # --------------------------------------------------------------- helpers
    def _story_of(self, article: int) -> int:
        return self.db.execute(
            "SELECT cluster_id FROM cluster_members WHERE article_id = ?", [article]
        ).fetchone()[0]

    def _live_ids(self) -> set[int]:
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT cluster_id FROM cluster_members").fetchall()}

    def _absorbed_ids(self) -> set[int]:
        return {r[0] for r in self.db.execute(
            "SELECT id FROM clusters WHERE merged_into IS NOT NULL").fetchall()}

    def _snapshot(self) -> tuple:
        members = self.db.execute(
            "SELECT article_id, cluster_id FROM cluster_members ORDER BY article_id"
        ).fetchall()
        clusters = self.db.execute(
            "SELECT id, title, representative_id, article_count, merged_into FROM clusters"
            " ORDER BY id"
        ).fetchall()
        return members, clusters


StoryStoreMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=10, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestStoredStories = StoryStoreMachine.TestCase


# ============================================================================ the first crash
def test_a_chain_of_merges_in_one_refresh_leaves_every_story_live(tmp_path: Path) -> None:
    """The refresh that crashed with KeyError: within one add(), cluster A merged into B and
    then B, re-examined as a survivor, merged into a larger C; the refresh then asked for
    B's representative headline. Fixed data (the generated stand-in, busy day 7) that is
    known to take that path."""
    pool: dict[str, list[Headline]] = {}
    for headline in generated_headlines():
        pool.setdefault(headline.story, []).append(headline)
    stories = [pool[key] for key in sorted(pool)]
    day = _draw(_busy_day(7, 0.0, stories), stories)
    docs = [Doc(n, h.title, outlet=OUTLETS[o], published=h.published)
            for n, (h, _, o) in enumerate(day, 1)]
    result = StoryClusterer().add(docs)
    absorbed = {a for a, _ in result.merges}
    assert any(into in absorbed for _, into in result.merges), "no chain: data changed?"
    live = {p.cluster_id for p in result.placements}
    assert result.touched == live and not live & absorbed
    # Through the store: the same articles reach stories, and every story is live.
    machine = StoryStoreMachine()
    try:
        machine.open_database(([], 0.0))
        by_outlet: dict[str, list[Entry]] = {}
        for n, (h, _, o) in enumerate(day, 1):
            by_outlet.setdefault(OUTLETS[o], []).append(Entry(
                url=f"http://127.0.0.1:9/chain/{n}", link="", guid=None, title=h.title,
                author=None, published=datetime.fromtimestamp(h.published, UTC),
                summary="", content=""))
        for outlet, entries in by_outlet.items():
            outcome = store.FeedOutcome(status="ok", started_at=store.now_utc(), duration_ms=1)
            store.save_feed_refresh(machine.db, machine.feeds[outlet], outcome, entries)
        story_builder.cluster_new_articles(machine.db)
        assert not store.unclustered_ids(machine.db)
        machine.articles = len(day)
        machine.every_article_in_exactly_one_live_story()
        machine.story_rows_match_members()
        machine.absorbed_ids_resolve_to_live_stories()
    finally:
        machine.teardown()
