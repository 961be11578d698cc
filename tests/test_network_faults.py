"""Network faults are bounded: each ends within the configured time with a clear reason,
and no hostile server holds a refresh (or the machine's memory) hostage.

One real refresh of a good feed (on its own server) plus one feed per fault; then unit
tests of the fetcher for the size caps, compression bombs and the private-address policy.
"""

from __future__ import annotations

import asyncio
import threading
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.hostile_server import (
    HostileServer,
    Refreshed,
    SilentServer,
    closed_port,
    deflate_bomb,
    gzip_bomb,
    refresh_cases,
    self_signed_cert,
    tls_context,
)
from tests.loopback import LoopbackServer, rss
from tui.cli import main
from tui.core import addresses, fetch, pipeline, store
from tui.core.config import Settings, parse_config
from tui.core.fetch import Fetcher, FetchResult, parse_retry_after

# What the analyst reads for each fault (exact, where the text does not come from the OS).
EXPECTED = {
    "http-404": "HTTP 404 Not Found",
    "http-410": "HTTP 410 Gone",
    "http-500": "HTTP 500 Internal Server Error",
    "http-503-retry-later": "HTTP 503 Service Unavailable; retry after 3600 s",
    "http-503-retry-soon": "HTTP 503 Service Unavailable; retry after 1 s",
    "http-429": "HTTP 429 Too Many Requests",
    "retry-after-huge": "HTTP 503 Service Unavailable; retry after 604800 s",
    "retry-after-unicode-digit": "HTTP 429 Too Many Requests",
    "slow-drip": "timed out after 3 s",
    "redirect-loop-a": "more than 5 redirects (a loop?)",
    "redirect-to-file": "refusing to fetch a non-http(s) address (file:)",
    "redirect-no-location": "HTTP 302 redirect without a Location",
    "oversize-declared": "body of 204800 KiB exceeds the 4096 KiB limit",
    "oversize-endless": "body larger than the 4096 KiB limit",
    "gzip-bomb": "body larger than the 4096 KiB limit",
    "deflate-bomb": "body larger than the 4096 KiB limit",
    "unsupported-encoding": "unsupported Content-Encoding 'br'",
    "refused": "connection refused",
    "silent": "timed out waiting for the server",
}
# Faults whose wording comes partly from a library or the OS: a stable fragment.
FRAGMENTS = {
    "never-finishes": "timed out",
    "redirect-to-javascript": "refusing to follow a redirect to an invalid address",
    "redirect-bad-url": "invalid url in location header",
    "corrupt-gzip": "corrupt compressed body",
    "garbage-http": "the server broke the HTTP protocol",
    "truncated-body": "the server broke the HTTP protocol",
    "huge-headers": "the server broke the HTTP protocol",
    "https-to-http": "TLS error",
    "self-signed": "TLS error ([SSL: CERTIFICATE_VERIFY_FAILED]",
}
HOSTILE_CASES = [
    name for name in [*EXPECTED, *FRAGMENTS]
    if name not in ("refused", "silent", "https-to-http", "self-signed")
]
SLOW = ("silent", "never-finishes", "slow-drip")


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Refreshed]:
    directory = tmp_path_factory.mktemp("network-faults")
    cert = self_signed_cert(directory)
    tls = LoopbackServer(ssl_context=tls_context(*cert)) if cert else None
    with HostileServer() as hostile, LoopbackServer() as good, SilentServer() as silent:
        extra = [
            ("refused", f"http://127.0.0.1:{closed_port()}/feed", False),
            ("silent", f"http://127.0.0.1:{silent.port}/feed", False),
            ("https-to-http", hostile.url("/utf16").replace("http://", "https://"), False),
        ]
        if tls is not None:
            tls.start()
            tls.set("/feed", body=rss([]))
            extra.append(("self-signed", tls.url("/feed"), False))
        done = threading.Event()
        outcome: list[Refreshed] = []

        def run() -> None:
            outcome.append(refresh_cases(directory, hostile, good, HOSTILE_CASES, extra))
            done.set()

        # A hang guard, far above the 3 s budget: a fault must never block the refresh.
        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        assert done.wait(60), "the refresh did not finish: some fault is unbounded"
        outcome[0].hostile = hostile  # type: ignore[attr-defined]
        yield outcome[0]
        if tls is not None:
            tls.stop()


@pytest.fixture(scope="module")
def statuses(refreshed: Refreshed) -> dict[str, store.FeedStatus]:
    db = store.connect(refreshed.db)
    try:
        return {s.outlet: s for s in store.feed_statuses(db)}
    finally:
        db.close()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fault_fails_with_a_clear_reason(
    statuses: dict[str, store.FeedStatus], name: str
) -> None:
    assert (statuses[name].status, statuses[name].error) == ("failed", EXPECTED[name])


@pytest.mark.parametrize("name", sorted(FRAGMENTS))
def test_each_library_worded_fault_fails_with_a_clear_reason(
    statuses: dict[str, store.FeedStatus], name: str
) -> None:
    if name not in statuses:
        pytest.skip("no openssl to make a self-signed certificate")
    status = statuses[name]
    assert status.status == "failed"
    assert FRAGMENTS[name].lower() in (status.error or "").lower()


def test_the_good_feed_is_not_held_hostage(
    refreshed: Refreshed, statuses: dict[str, store.FeedStatus]
) -> None:
    assert statuses["good"].status == "ok" and statuses["good"].article_count == 3
    order = [
        e.outlet for e in refreshed.events
        if e.kind in ("feed-done", "feed-failed")
    ]
    # The good feed is stored while the slow servers are still being waited for.
    assert all(order.index("good") < order.index(slow) for slow in SLOW)
    failed = {outlet for outlet, _, _ in refreshed.report.feeds_failed}
    assert failed == set(HOSTILE_CASES) | {"refused", "silent", "https-to-http"} | (
        {"self-signed"} if "self-signed" in statuses else set()
    )


def test_a_short_retry_after_is_honoured_once(refreshed: Refreshed) -> None:
    hostile = refreshed.hostile  # type: ignore[attr-defined]
    assert hostile.hits["/http-503-retry-soon"] == 2
    assert hostile.hits["/http-503-retry-later"] == 1


def test_a_long_retry_after_defers_the_next_refresh(refreshed: Refreshed) -> None:
    hostile = refreshed.hostile  # type: ignore[attr-defined]
    config = parse_config(refreshed.config.read_text("utf-8"), refreshed.config)
    report = pipeline.refresh(refreshed.db, config, outlet="http-503-retry-later")
    assert hostile.hits["/http-503-retry-later"] == 1  # not asked again
    [result] = report.feed_results
    assert result["status"] == "deferred"
    assert result["detail"].startswith("skipped: the server asked pressdiff to wait until ")


def test_feeds_command_lists_each_failure_with_its_reason(
    refreshed: Refreshed, statuses: dict[str, store.FeedStatus]
) -> None:
    result = CliRunner().invoke(
        main, ["feeds", "--db", str(refreshed.db), "--config", str(refreshed.config)]
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    for name, reason in EXPECTED.items():
        # Each feed: a line with its status and URL, then a line with the reason.
        at = next(i for i, line in enumerate(lines) if line.endswith(f"  {statuses[name].url}"))
        assert lines[at].startswith("failed ")
        assert lines[at + 1].strip() == reason


def test_cli_refresh_exits_1_and_names_failures_on_stderr(refreshed: Refreshed) -> None:
    result = CliRunner().invoke(
        main, ["refresh", "--quiet", "--outlet", "http-404", "--no-extract",
               "--db", str(refreshed.db), "--config", str(refreshed.config)],
    )
    assert result.exit_code == 1
    assert "failed  http-404  " in result.stderr and "HTTP 404 Not Found" in result.stderr


def test_a_huge_feed_fetches_a_bounded_number_of_pages_per_refresh(
    server: LoopbackServer, tmp_path: Path
) -> None:
    count = pipeline.MAX_PAGES_PER_FEED + 50
    items = [{"title": f"Item {i}", "link": server.url(f"/p/{i}")} for i in range(count)]
    feed = server.set("/big.xml", body=rss(items))
    config = parse_config(
        f'[settings]\ntimeout = 2\n[[outlet]]\nname = "Big"\nfeeds = ["{feed}"]\n'
    )
    db = tmp_path / "big.db"
    first = pipeline.refresh(db, config)
    pages = sum(1 for seen in server.requests if seen.path.startswith("/p/"))
    assert (first.new_articles, pages) == (count, pipeline.MAX_PAGES_PER_FEED)
    pipeline.refresh(db, config)  # the next refresh picks up the rest
    pages = sum(1 for seen in server.requests if seen.path.startswith("/p/"))
    assert pages == count
    conn = store.connect(db)
    assert store.pending_pages(conn, 10_000) == []
    conn.close()


# --- the fetcher on its own ---------------------------------------------------------------------


async def _get(url: str, settings: Settings, **kwargs: object) -> FetchResult:
    async with Fetcher(settings) as fetcher:
        return await fetcher.get(url, **kwargs)  # type: ignore[arg-type]


def _peak_while(coro_factory) -> tuple[FetchResult, int]:
    tracemalloc.start()
    try:
        result = asyncio.run(coro_factory())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_a_compression_bomb_costs_kilobytes_not_gigabytes(
    server: LoopbackServer, coding: str
) -> None:
    bomb = gzip_bomb(100) if coding == "gzip" else deflate_bomb(100)  # 100 MiB of zeros
    assert len(bomb) < 200 * 1024
    if coding == "gzip":
        url = server.set("/bomb", raw_gzip=bomb)
    else:
        from tests.hostile_server import _deflate

        url = server.set("/bomb", handler=_deflate(bomb))
    settings = Settings(timeout=5, max_page_bytes=1024 * 1024)
    result, peak = _peak_while(lambda: _get(url, settings))
    assert result.error == "body larger than the 1024 KiB limit" and result.body == b""
    assert peak < 8 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB while refusing a bomb"


def test_a_body_just_under_the_cap_after_decompression_is_kept(server: LoopbackServer) -> None:
    body = rss([{"title": "x" * 1000, "link": "http://127.0.0.1/a"}]) * 50
    url = server.set("/ok", body=body, gzip=True)
    result = asyncio.run(_get(url, Settings(timeout=5, max_page_bytes=len(body))))
    assert result.ok and result.body == body


def test_a_raw_deflate_body_is_decoded(server: LoopbackServer) -> None:
    import zlib

    from tests.hostile_server import _deflate

    body = rss([{"title": "Raw deflate", "link": "http://127.0.0.1/a"}])
    stream = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    url = server.set("/raw", handler=_deflate(stream.compress(body) + stream.flush()))
    result = asyncio.run(_get(url, Settings(timeout=5)))
    assert result.ok and result.body == body


def test_waiting_for_a_slot_on_a_busy_host_does_not_count_against_the_timeout(
    server: LoopbackServer,
) -> None:
    # One request at a time on this host, each taking 0.8 s of a 1.5 s budget: the third
    # waits 1.6 s for its turn and must still succeed.
    urls = [server.set(f"/q{i}", body=rss([]), delay=0.8) for i in range(3)]
    settings = Settings(timeout=1, per_host=1)

    async def run() -> list[FetchResult]:
        async with Fetcher(settings) as fetcher:
            return await asyncio.gather(*(fetcher.get(url) for url in urls))

    results = asyncio.run(run())
    assert [r.error for r in results] == [None, None, None]


def test_a_hostname_idna_cannot_encode_is_a_reason_not_a_crash() -> None:
    result = asyncio.run(_get(f"http://{'a' * 70}.example/feed", Settings(timeout=2),
                              allow_private=False))
    assert result.error and "Traceback" not in result.error
    assert asyncio.run(fetch.resolves_private("a" * 70 + ".example")) is False


def test_non_finite_timeouts_fall_back_to_the_defaults(server: LoopbackServer) -> None:
    url = server.set("/feed", body=rss([]))
    settings = Settings(timeout=float("nan"), max_retry_after=float("inf"))
    result = asyncio.run(_get(url, settings))
    assert result.ok


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("120", 120.0), ("9" * 40, 604800.0), ("\u00b2", None), ("soon", None), ("", None),
     ("Fri, 31 Dec 9999 23:59:59 GMT", 604800.0), ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0)],
)
def test_retry_after_is_read_safely(header: str, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


# --- only http(s), and no private addresses from public feeds -----------------------------------


def test_a_private_address_is_refused_when_not_allowed(server: LoopbackServer) -> None:
    url = server.set("/page", body=b"<html></html>", content_type="text/html")
    result = asyncio.run(_get(url, Settings(timeout=5), allow_private=False))
    assert result.error == (
        "refusing to fetch 127.0.0.1: a private or loopback address "
        "(set allow_private_links = true in [settings] to allow)"
    )
    assert server.hits["/page"] == 0


def test_redirects_are_checked_hop_by_hop(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pretend 127.0.0.1 is a public address, so the first hop is allowed; the redirect
    # then points at "localhost", which is private: refused before connecting.
    original = addresses.is_private_address
    monkeypatch.setattr(
        addresses, "is_private_address", lambda host: host != "127.0.0.1" and original(host)
    )
    port = server.base_url.rsplit(":", 1)[1]
    target = server.set("/internal", body=b"secret", content_type="text/plain")
    url = server.set("/public", redirect=f"http://localhost:{port}/internal")
    result = asyncio.run(_get(url, Settings(timeout=5), allow_private=False))
    assert result.error is not None and result.error.startswith("refusing to fetch localhost")
    assert server.hits["/public"] == 1 and server.hits["/internal"] == 0
    assert target.endswith("/internal")


def test_dns_rebinding_cannot_reach_a_private_address(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check before connecting is fooled (as by a name that resolves to a public
    # address once, then to 127.0.0.1): the connection itself still refuses.
    async def fooled(host: str) -> bool:
        return False

    monkeypatch.setattr(fetch, "resolves_private", fooled)
    url = server.set("/admin", body=b"secret", content_type="text/plain")
    result = asyncio.run(_get(url, Settings(timeout=5), allow_private=False))
    assert result.error == (
        "refusing to fetch 127.0.0.1: it resolves to a private or loopback address "
        "(set allow_private_links = true in [settings] to allow)"
    )
    assert server.hits["/admin"] == 0 and result.body == b""
    # The same fetcher still reaches it when private addresses are allowed (a private feed).
    assert asyncio.run(_get(url, Settings(timeout=5), allow_private=True)).body == b"secret"


@pytest.mark.parametrize(
    ("host", "private"),
    [("127.0.0.1", True), ("localhost", True), ("10.1.2.3", True), ("192.168.0.1", True),
     ("169.254.169.254", True), ("[::1]", True), ("::ffff:127.0.0.1", True), ("0.0.0.0", True),
     ("8.8.8.8", False), ("2001:4860:4860::8888", False)],
)
def test_address_classification(host: str, private: bool) -> None:
    assert fetch.is_private_address(host) is private


def test_the_pipeline_allows_private_links_only_from_private_feeds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def resolver(host: str) -> bool:  # a stub DNS: only *.internal is private
        return host.endswith(".internal")

    monkeypatch.setattr(pipeline, "resolves_private", resolver)
    cache: dict[str, bool] = {}
    intranet = asyncio.run(pipeline._feed_is_private("https://intranet.internal/rss", cache))
    assert intranet is True
    assert asyncio.run(pipeline._feed_is_private("https://news.example/rss", cache)) is False


def test_links_from_a_public_feed_to_loopback_are_refused(
    server: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def public(host: str) -> bool:  # the feed's host counts as public
        return False

    monkeypatch.setattr(pipeline, "resolves_private", public)
    server.set("/a", body=b"<html><body><p>private</p></body></html>", content_type="text/html")
    feed = server.set("/feed", body=rss([{"title": "Inside", "link": server.url("/a")}]))
    config = parse_config(f'[settings]\ntimeout = 2\n[[outlet]]\nname = "P"\nfeeds = ["{feed}"]\n')
    pipeline.refresh(tmp_path / "p.db", config)
    db = store.connect(tmp_path / "p.db")
    [article] = store.list_articles(db)
    assert article.text_reason.startswith("page not fetched: refusing to fetch 127.0.0.1")
    assert server.hits["/a"] == 0
    db.close()
    # ... unless the analyst allows it.
    allowed = parse_config(
        f'[settings]\ntimeout = 2\nallow_private_links = true\n'
        f'[[outlet]]\nname = "P"\nfeeds = ["{feed}"]\n'
    )
    pipeline.refresh(tmp_path / "q.db", allowed)
    assert server.hits["/a"] == 1
