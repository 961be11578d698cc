"""Refresh = fetch -> parse -> store -> extract -> cluster, emitting progress events.

Feeds are fetched concurrently (bounded by the Fetcher); each feed's entries are
stored in one transaction as soon as it arrives; new article pages are fetched
and extracted in worker processes while other feeds are still downloading;
clustering runs last on whatever is new. A failing feed is recorded against
that feed and never stops the others.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

import sqlite_utils

from tui.core import store
from tui.core.config import Config
from tui.core.extract import Extraction, extract_page
from tui.core.fetch import Fetcher, resolves_private
from tui.core.processes import measured, new_pool, shutdown, stop_on_signals
from tui.core.refresh_report import PHASES, Emit, Event, PhaseTime, RefreshReport  # noqa: F401
from tui.core.sanitize import clean_line
from tui.core.wording import refresh_summary

if TYPE_CHECKING:
    from tui.core.feeds import ParsedFeed

# Parsing (feedparser) and clustering (tui.core.cluster, the places index) are imported
# when a refresh has a feed to parse or an article to cluster: a refresh where every feed
# answers 304 needs neither, and a cron job runs it every few minutes.

T = TypeVar("T")

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
PENDING_PAGE_LIMIT = 2000  # pages left from an interrupted refresh, picked up next time
# Article pages fetched per feed in one refresh: a feed with thousands of new entries must
# not hold the whole refresh (and a cron job) for an hour; later refreshes fetch the rest.
MAX_PAGES_PER_FEED = 200
PARSE_IN_PROCESSES_FROM = 16  # feeds in one refresh; fewer are parsed in a thread
LIVE_BATCH = 300  # new articles handed to the clustering worker at a time


class PipelineError(Exception):
    """A refresh that cannot start (unknown outlet, no feeds)."""


def refresh(
    db_path: Path | str,
    config: Config,
    *,
    outlet: str | None = None,
    feed_url: str | None = None,
    extract: bool = True,
    on_event: Emit | None = None,
    cancel: threading.Event | None = None,
) -> RefreshReport:
    """Refresh the feeds of `config` into the database at `db_path` (opened here, so it
    can run in any thread). Never raises for a feed's own failure."""
    if outlet and config.outlet(outlet) is None:
        names = ", ".join(o.name for o in config.outlets) or "none"
        raise PipelineError(f'no outlet named "{outlet}" in {config.path} (outlets: {names})')
    db = store.connect(db_path)
    cancel = cancel or threading.Event()
    stopped_by: list[int] = []
    try:
        store.sync_config(db, config)
        feeds = [f for f in store.active_feeds(db, outlet) if f.enabled]
        if feed_url:
            feeds = [f for f in feeds if f.url == feed_url]
            if not feeds:
                raise PipelineError(f"no enabled feed {feed_url} in {config.path}")
        run = _Refresh(db, config, extract, on_event or (lambda event: None), cancel,
                       db_path=None if str(db_path) == ":memory:" else str(db_path))
        with stop_on_signals(cancel, stopped_by):
            report = asyncio.run(run.run(feeds))
        if stopped_by:
            report.interrupted_by = stopped_by[0]
            report.pages_left = store.count_pending_pages(db)
        return report
    finally:
        db.close()


class _Refresh:
    def __init__(
        self,
        db: sqlite_utils.Database,
        config: Config,
        extract: bool,
        emit: Emit,
        cancel: threading.Event | None,
        db_path: str | None = None,
    ) -> None:
        self.db = db
        self.db_path = db_path
        # Live clustering: new articles are clustered in a worker process of their own while
        # the other feeds download (big refreshes only: a process costs ~0.3 s to start).
        self.live_pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.live_ids: list[int] = []
        # Feeds answer in whatever order the network gives; their articles go to the worker
        # in the order of the feed list, so that the same feeds give the same stories.
        self.live_order: list[int] = []  # feed ids, as listed
        self.live_next = 0  # index in live_order of the first feed not yet handed over
        self.live_arrived: dict[int, list[int]] = {}  # feed id -> its new article ids
        self.live_jobs: list[asyncio.Future] = []
        self.settings = config.settings
        self.extract = extract
        self.emit = emit
        self.cancel = cancel or threading.Event()
        self.report = RefreshReport()
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.pages_total = 0
        self.pages_done = 0
        self.feeds_total = 0
        self.feeds_done = 0
        self.page_tasks: list[asyncio.Task] = []
        self.pages_per_feed: Counter[int] = Counter()
        # Per refresh, so a long-running app sees DNS changes at its next refresh.
        self.private_hosts: dict[str, bool] = {}

    async def run(self, feeds: list[store.FeedRow]) -> RefreshReport:
        started = time.monotonic()
        self.started, self.cpu_started = time.perf_counter(), time.thread_time()
        process_cpu = time.process_time()
        self.feeds_total = len(feeds)
        self.live_order = [feed.id for feed in feeds]
        self.emit(Event("phase", "fetching", 0, len(feeds), message=f"{len(feeds)} feeds"))
        work = asyncio.create_task(self._work(feeds))
        watcher = asyncio.create_task(self._watch_cancel())
        try:
            await asyncio.wait({work, watcher}, return_when=asyncio.FIRST_COMPLETED)
            if not work.done():
                work.cancel()
                for task in self.page_tasks:
                    task.cancel()
                await asyncio.gather(work, *self.page_tasks, return_exceptions=True)
                self.report.cancelled = True
            else:
                work.result()
        finally:
            watcher.cancel()
            if self.pool is not None:
                shutdown(self.pool, abandon=self.report.cancelled)
                self.pool = None
        if not self.report.cancelled:
            with self._timed("cluster"):
                await self._cluster()
            self._prune()
        if self.live_pool is not None:
            shutdown(self.live_pool, abandon=True)
            self.live_pool = None
        self.report.seconds = time.monotonic() - started
        phases = self.report.phases
        self.report.cpu_seconds = (time.process_time() - process_cpu + phases["parse"].cpu
                                   + phases["extract"].cpu)
        self.emit(Event("finished", "done", 1, 1, message=refresh_summary(self.report)))
        return self.report

    def _prune(self) -> None:
        """`[settings] keep_days`: the prune rule of `pressdiff prune` after each refresh
        (stories the analyst worked on keep every article)."""
        keep_days = self.settings.keep_days
        if not keep_days:
            return
        try:
            removal = store.prune(self.db, store.clock.now_utc() - timedelta(days=keep_days))
        except sqlite3.Error as exc:  # the refresh itself is stored; say it, go on
            self.report.prune_error = str(exc)
            return
        self.report.pruned = removal.articles

    async def _cluster(self) -> None:
        """The clustering step. Feeds, articles and pages are committed by now, and
        clustering is one transaction of its own: if it fails, nothing stored is lost, the
        failure is reported, and the next refresh clusters the same articles again."""
        self.emit(Event("phase", "clustering", 0, 1))
        try:
            live = await self._finish_live()
            # Whatever live clustering did not place (it stood down, or articles came from
            # elsewhere) is clustered the usual way.
            rest = 0
            if store.unclustered_ids(self.db):
                from tui.core.story_builder import cluster_new_articles

                rest = cluster_new_articles(self.db)
            self.report.new_stories = (live or 0) + rest
        except Exception as exc:  # a clustering bug must not take the refresh with it
            detail = clean_line(f"{type(exc).__name__}: {exc}", 200)
            self.report.stories_error = (
                f"clustering failed ({detail}); the articles are stored and the next refresh"
                " tries again ('pressdiff recluster' rebuilds every story)"
            )
            self.emit(Event("stories-failed", "clustering", 1, 1,
                            message=self.report.stories_error))
            return
        self.emit(Event("clustered", "clustering", 1, 1,
                        message=f"{self.report.new_stories} new stories"))

    def _cluster_live(self, feed_id: int, ids: list[int]) -> None:
        """Hand a finished feed's new articles to the clustering worker, in batches of
        LIVE_BATCH and in the order of the feed list: a feed that answers early waits for
        the feeds listed before it. Clustering one article after another depends on the
        order (a story's first report decides what later ones are matched against), and
        which server answers first is chance: handed over as they came, the same 300 feeds
        made 98, 101 or 106 stories on three runs."""
        if self.db_path is None or self.feeds_total < PARSE_IN_PROCESSES_FROM:
            return
        self.live_arrived[feed_id] = ids
        self._release_live()

    def _release_live(self, held_back: bool = False) -> None:
        """Hand over, in list order, the articles of the feeds that have answered, up to the
        first that has not; ``held_back``: of every feed left (the refresh is over)."""
        order = self.live_order
        while self.live_next < len(order) and (
                held_back or order[self.live_next] in self.live_arrived):
            self.live_ids += self.live_arrived.pop(order[self.live_next], [])
            self.live_next += 1
            if len(self.live_ids) >= LIVE_BATCH:  # batches end at the same feeds every time
                self._send_live()

    def _send_live(self) -> None:
        from tui.core.story_builder import live_add

        if self.live_pool is None:
            self.live_pool = new_pool(workers=1)
        job = functools.partial(live_add, self.db_path, self.live_ids)
        self.live_jobs.append(asyncio.get_running_loop().run_in_executor(self.live_pool, job))
        self.live_ids = []

    async def _finish_live(self) -> int | None:
        """Wait for the clustering worker and have it write the stories; None when it did
        not (a failed batch, or the stories changed meanwhile)."""
        # Every feed has answered by now: what is still held back goes, in list order.
        self._release_live(held_back=True)
        if self.live_ids:
            self._send_live()
        if self.live_pool is None:
            return None
        from tui.core.story_builder import live_finish

        loop = asyncio.get_running_loop()
        phase = self.report.phases["cluster"]
        try:
            for wall, cpu in await asyncio.gather(*self.live_jobs):
                phase.add(wall, cpu)
            new, wall, cpu = await loop.run_in_executor(
                self.live_pool, functools.partial(live_finish, self.db_path))
        except (BrokenProcessPool, sqlite3.Error):
            return None  # the usual way below does the work (and reports a real failure)
        phase.add(wall, cpu)
        return new

    @contextlib.contextmanager
    def _timed(self, phase: str) -> Iterator[None]:
        """Time work done on this thread (the event loop's) as part of ``phase``."""
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            yield
        finally:
            self.report.phases[phase].add(time.perf_counter() - wall, time.thread_time() - cpu)

    def _fetch_done(self) -> None:
        """The last feed has answered: the fetch phase is the time until now, and the event
        loop's CPU in it less what storing took."""
        fetch = self.report.phases["fetch"]
        fetch.wall = time.perf_counter() - self.started
        fetch.cpu = max(0.0, time.thread_time() - self.cpu_started
                        - self.report.phases["store"].cpu)

    async def _watch_cancel(self) -> None:
        while not self.cancel.is_set():
            await asyncio.sleep(0.05)

    async def _work(self, feeds: list[store.FeedRow]) -> None:
        async with Fetcher(self.settings) as fetcher:
            self.fetcher = fetcher
            if self.extract:
                # Pages an interrupted refresh left behind: finish them now.
                feed_ids = {f.id for f in feeds}
                leftovers = [
                    p for p in store.pending_pages(self.db, PENDING_PAGE_LIMIT)
                    if p.feed_id in feed_ids
                ]
                self._schedule_pages(leftovers)
            await self._feeds(feeds)
            self._fetch_done()
            if self.page_tasks:
                self.emit(
                    Event("phase", "extracting", self.pages_done, self.pages_total,
                          message="waiting for article pages")
                )
                await asyncio.gather(*self.page_tasks)

    async def _feeds(self, feeds: list[store.FeedRow]) -> None:
        """Every feed, each started one turn of the event loop after the one before, so the
        first requests connect and leave while later ones are prepared. Started together,
        300 feeds' requests left only once the last had been prepared (~70 ms of the event
        loop on two cores), and every answer came that much later."""
        tasks: list[asyncio.Task] = []
        try:
            for feed in feeds:
                tasks.append(asyncio.create_task(self._feed(feed)))
                await asyncio.sleep(0)  # one turn of the loop: earlier feeds connect, send
            await asyncio.gather(*tasks)
        finally:
            # Cancelled (or a bug in one feed): none of the others may run on unawaited.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _feed(self, feed: store.FeedRow) -> None:
        self.emit(Event("feed-started", "fetching", self.feeds_done, self.feeds_total,
                        outlet=feed.outlet, feed_url=feed.url))
        started_at = store.clock.now_utc()
        if feed.retry_after_until and feed.retry_after_until > datetime.now(UTC):
            reason = (
                "skipped: the server asked pressdiff to wait until "
                f"{feed.retry_after_until:%H:%M} UTC (Retry-After)"
            )
            self._feed_finished(feed, "deferred", reason, 0, 0)
            self._cluster_live(feed.id, [])
            return
        result = await self.fetcher.get(
            feed.url, etag=feed.etag, last_modified=feed.last_modified,
            max_bytes=self.settings.max_feed_bytes, accept=FEED_ACCEPT,
        )
        outcome = store.FeedOutcome(
            status="ok", started_at=started_at, duration_ms=result.elapsed_ms,
            http_status=result.status, etag=result.etag, last_modified=result.last_modified,
            bytes=len(result.body), retry_after_until=result.retry_after_until,
        )
        entries = []
        if result.error:
            outcome.status, outcome.error = "failed", result.error
        elif result.not_modified:
            outcome.status = "not-modified"
        else:
            from tui.core.feeds import FeedParseError

            try:
                parsed = await self._parse(result.body, result.final_url, result.content_type)
            except FeedParseError as exc:
                outcome.status, outcome.error = "failed", str(exc)
            except Exception as exc:  # feedparser on hostile bytes: report, never crash
                outcome.status = "failed"
                outcome.error = f"could not parse the feed ({type(exc).__name__})"
            else:
                entries = parsed.entries
                outcome.warnings = parsed.warnings
                outcome.status = "warning" if parsed.warnings else "ok"
        with self._timed("store"):
            saved = store.save_feed_refresh(self.db, feed, outcome, entries)
        self.report.new_articles += len(saved.new_ids)
        self._cluster_live(feed.id, saved.new_ids)
        self.report.updated_articles += len(saved.updated_ids)
        if saved.new_ids or saved.updated_ids:
            self.emit(Event("articles", "fetching", self.feeds_done, self.feeds_total,
                            outlet=feed.outlet, feed_url=feed.url,
                            message=_counts(len(saved.new_ids), len(saved.updated_ids))))
        self._feed_finished(
            feed, outcome.status, outcome.error or "; ".join(outcome.warnings),
            len(saved.new_ids), len(saved.updated_ids),
        )
        if self.extract and saved.new_ids and not self.cancel.is_set():
            self._schedule_pages(store.pages_to_extract(self.db, saved.new_ids))

    def _feed_finished(
        self, feed: store.FeedRow, status: str, detail: str, new: int, updated: int
    ) -> None:
        self.feeds_done += 1
        self.report.feed_results.append(
            {"outlet": feed.outlet, "url": feed.url, "status": status, "detail": detail,
             "new": new, "updated": updated}
        )
        if status == "failed":
            self.report.feeds_failed.append((feed.outlet, feed.url, detail))
            self.emit(Event("feed-failed", "fetching", self.feeds_done, self.feeds_total,
                            outlet=feed.outlet, feed_url=feed.url, message=detail))
            return
        if status == "not-modified":
            self.report.feeds_not_modified += 1
        self.report.feeds_ok += status != "deferred"
        message = {
            "not-modified": "not modified",
            "deferred": detail,
        }.get(status, _counts(new, updated) + (f" ({detail})" if detail else ""))
        self.emit(Event("feed-done", "fetching", self.feeds_done, self.feeds_total,
                        outlet=feed.outlet, feed_url=feed.url, message=message))

    def _schedule_pages(self, pages: list[store.PendingPage]) -> None:
        for page in pages:
            if self.pages_per_feed[page.feed_id] >= MAX_PAGES_PER_FEED:
                continue  # stays pending (page_fetched_at is NULL): the next refresh gets it
            self.pages_per_feed[page.feed_id] += 1
            self.pages_total += 1
            self.page_tasks.append(asyncio.create_task(self._page(page)))

    async def _page(self, page: store.PendingPage) -> None:
        allow = self.settings.allow_private_links or await _feed_is_private(
            page.feed_url, self.private_hosts
        )
        result = await self.fetcher.get(
            page.url, max_bytes=self.settings.max_page_bytes, accept=PAGE_ACCEPT,
            allow_private=allow,
        )
        feed_text = store.article_text(self.db, page.article_id)
        if result.error:
            extraction = Extraction(None, f"page not fetched: {result.error}")
        elif "html" not in result.content_type.lower() and result.content_type:
            kind = clean_line(result.content_type.split(";")[0], 60)
            extraction = Extraction(None, f"page is not HTML ({kind})")
        else:
            job = functools.partial(extract_page, result.body, result.final_url, feed_text)
            try:
                extraction = await self._in_worker(job, "extract")
            except BrokenProcessPool:
                extraction = Extraction(None, "extraction crashed on this page")
        with self._timed("store"):
            store.save_page_text(
                self.db, page.article_id, text=extraction.text, reason=extraction.reason,
                page_status=result.status, author=extraction.author,
                published=extraction.published if extraction.text else None,
                language=extraction.language,
            )
        self.pages_done += 1
        if extraction.text:
            self.report.extracted += 1
        else:
            self.report.extraction_fallbacks += 1
        self.emit(Event("extracted", "extracting", self.pages_done, self.pages_total,
                        outlet=page.outlet, feed_url=page.feed_url, message=extraction.reason))

    async def _parse(self, body: bytes, url: str, content_type: str) -> ParsedFeed:
        """Parse in a worker process when there are many feeds: feedparser is pure Python,
        and in threads it holds the GIL the event loop and SQLite need (300 feeds take
        seconds of CPU). For a few feeds a worker's start-up costs more than it saves."""
        from tui.core.feeds import parse_feed

        job = functools.partial(parse_feed, body, url, content_type=content_type)
        if self.feeds_total < PARSE_IN_PROCESSES_FROM:
            return await self._in_thread(job, "parse")
        try:
            return await self._in_worker(job, "parse")
        except BrokenProcessPool:
            # Parse this one in a thread, exactly as a small refresh would.
            return await self._in_thread(job, "parse")

    async def _in_thread(self, job: Callable[[], T], phase: str) -> T:
        result, wall, cpu = await asyncio.to_thread(measured, job)
        self.report.phases[phase].add(wall, cpu)
        return result

    async def _in_worker(self, job: Callable[[], T], phase: str) -> T:
        """Run `job` in the worker pool, timed as part of ``phase``. A worker that dies
        (perhaps on this very input) breaks the whole pool: drop it so later jobs get a
        fresh one, and re-raise."""
        pool = self._pool()
        try:
            result, wall, cpu = await asyncio.get_running_loop().run_in_executor(
                pool, functools.partial(measured, job)
            )
        except BrokenProcessPool:
            if self.pool is pool:
                self.pool = None
            raise
        self.report.phases[phase].add(wall, cpu)
        return result

    def _pool(self) -> concurrent.futures.ProcessPoolExecutor:
        if self.pool is None:
            self.pool = new_pool()
        return self.pool


async def _feed_is_private(feed_url: str, cache: dict[str, bool]) -> bool:
    """Pages linked from a feed on a private/loopback host may be private too (the demo,
    an intranet); links from a public feed to such addresses are refused. `cache` holds
    the answers of one refresh."""
    host = urlsplit(feed_url).hostname or ""
    if host not in cache:
        cache[host] = await resolves_private(host)
    return cache[host]


def _counts(new: int, updated: int) -> str:
    return f"{new} new, {updated} updated"
