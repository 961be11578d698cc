"""The fetcher against a real loopback server: validators and conditional GET, redirects,
HTTP errors in words, gzip, the size cap, the User-Agent and per-host politeness."""

from __future__ import annotations

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest

from tests.loopback import LoopbackServer, _send, rss
from tui.core.config import Settings
from tui.core.fetch import USER_AGENT, Fetcher, FetchResult

FEED = rss([{"title": "Port reopens", "link": "http://127.0.0.1/a", "guid": "a"}])
LAST_MODIFIED = "Tue, 24 Nov 2026 08:00:00 GMT"


async def fetch(url: str, settings: Settings | None = None, **kwargs) -> FetchResult:
    async with Fetcher(settings or Settings(timeout=5)) as fetcher:
        return await fetcher.get(url, **kwargs)


async def test_200_returns_body_and_validators(server: LoopbackServer) -> None:
    url = server.set("/feed", body=FEED, etag='"v1"', last_modified=LAST_MODIFIED)
    result = await fetch(url)
    assert result.ok and result.status == 200 and not result.not_modified
    assert result.body == FEED
    assert result.etag == '"v1"' and result.last_modified == LAST_MODIFIED
    assert result.content_type.startswith("application/rss+xml")
    assert result.final_url == url


async def test_conditional_get_with_etag_gets_a_304_and_no_body(server: LoopbackServer) -> None:
    url = server.set("/feed", body=FEED, etag='"v1"', last_modified=LAST_MODIFIED)
    result = await fetch(url, etag='"v1"', last_modified=LAST_MODIFIED)
    assert result.ok and result.not_modified and result.status == 304
    assert result.body == b""
    assert result.etag == '"v1"'
    seen = server.seen("/feed")
    assert seen[-1].headers["if-none-match"] == '"v1"'
    assert seen[-1].headers["if-modified-since"] == LAST_MODIFIED
    assert seen[-1].status == 304


async def test_conditional_get_with_last_modified_only(server: LoopbackServer) -> None:
    url = server.set("/feed", body=FEED, last_modified=LAST_MODIFIED)
    result = await fetch(url, last_modified=LAST_MODIFIED)
    assert result.not_modified and result.last_modified == LAST_MODIFIED
    assert "if-none-match" not in server.seen("/feed")[-1].headers


async def test_changed_etag_downloads_again(server: LoopbackServer) -> None:
    url = server.set("/feed", body=FEED, etag='"v2"')
    result = await fetch(url, etag='"v1"')
    assert not result.not_modified and result.body == FEED and result.etag == '"v2"'


async def test_redirects_are_followed_and_the_final_url_reported(server: LoopbackServer) -> None:
    final = server.set("/new/feed", body=FEED)
    server.set("/hop2", status=301, redirect="/new/feed")
    server.set("/hop1", status=308, redirect=server.url("/hop2"))
    start = server.set("/old/feed", status=302, redirect="/hop1")
    result = await fetch(start)
    assert result.ok and result.body == FEED
    assert result.final_url == final
    assert result.redirects == [server.url("/hop1"), server.url("/hop2"), final]


async def test_redirects_beyond_the_cap_fail(server: LoopbackServer) -> None:
    server.set("/end", body=FEED)
    for i in range(3):
        server.set(f"/r{i}", redirect=f"/r{i + 1}" if i < 2 else "/end")
    result = await fetch(server.url("/r0"), Settings(timeout=5, max_redirects=2))
    assert not result.ok and result.error == "more than 2 redirects (a loop?)"
    assert server.hits["/end"] == 0
    # Within the cap the same chain works.
    assert (await fetch(server.url("/r0"), Settings(timeout=5, max_redirects=3))).ok


async def test_a_redirect_loop_fails_with_a_clear_message(server: LoopbackServer) -> None:
    server.set("/a", redirect="/b")
    server.set("/b", redirect="/a")
    result = await fetch(server.url("/a"))
    assert result.error == "more than 5 redirects (a loop?)"
    assert server.hits["/a"] + server.hits["/b"] == 6


async def test_redirect_without_location_is_reported(server: LoopbackServer) -> None:
    def no_location(request: BaseHTTPRequestHandler) -> None:
        _send(request, 302, b"", {})

    url = server.set("/broken", handler=no_location)
    assert (await fetch(url)).error == "HTTP 302 redirect without a Location"


@pytest.mark.parametrize(
    "status,message",
    [(404, "HTTP 404 Not Found"), (410, "HTTP 410 Gone"), (403, "HTTP 403 Forbidden"),
     (500, "HTTP 500 Internal Server Error"), (502, "HTTP 502 Bad Gateway")],
)
async def test_http_errors_are_named(server: LoopbackServer, status: int, message: str) -> None:
    url = server.set("/feed", status=status, body=b"oops", content_type="text/plain")
    result = await fetch(url)
    assert not result.ok and result.error == message and result.status == status
    assert result.body == b""


async def test_unrouted_path_is_a_404(server: LoopbackServer) -> None:
    assert (await fetch(server.url("/missing"))).error == "HTTP 404 Not Found"


async def test_gzip_is_decoded(server: LoopbackServer) -> None:
    big = FEED * 50
    url = server.set("/feed", body=big, gzip=True)
    result = await fetch(url)
    assert result.ok and result.body == big
    assert "gzip" in server.seen("/feed")[-1].headers["accept-encoding"]


async def test_declared_size_over_the_cap_is_refused(server: LoopbackServer) -> None:
    url = server.set("/big", body=b"x" * 4096, content_type="text/html")
    result = await fetch(url, max_bytes=1024)
    assert result.error == "body of 4 KiB exceeds the 1 KiB limit"
    assert (await fetch(url, max_bytes=8192)).body == b"x" * 4096


async def test_decompressed_size_over_the_cap_is_refused(server: LoopbackServer) -> None:
    url = server.set("/big", body=b"a" * 50_000, gzip=True)
    result = await fetch(url, max_bytes=10_000)
    assert result.error == "body larger than the 9 KiB limit"


async def test_user_agent_is_descriptive(server: LoopbackServer) -> None:
    url = server.set("/feed", body=FEED)
    await fetch(url)
    agent = server.seen("/feed")[-1].headers["user-agent"]
    assert agent == USER_AGENT
    assert agent.startswith("pressdiff/") and "+https://" in agent
    await fetch(url, Settings(timeout=5, user_agent="newsroom-bot/2 (+mailto:it@x.example)"))
    assert server.seen("/feed")[-1].headers["user-agent"] == "newsroom-bot/2 (+mailto:it@x.example)"


async def test_accept_header_is_sent(server: LoopbackServer) -> None:
    url = server.set("/feed", body=FEED)
    await fetch(url, accept="application/rss+xml")
    assert server.seen("/feed")[-1].headers["accept"] == "application/rss+xml"


async def test_non_http_urls_are_refused_before_any_connection() -> None:
    result = await fetch("ftp://127.0.0.1/feed")
    assert result.error == "refusing to fetch a non-http(s) address (ftp:)"


async def test_private_addresses_are_refused_when_not_allowed(server: LoopbackServer) -> None:
    url = server.set("/page", body=b"<html></html>", content_type="text/html")
    result = await fetch(url, allow_private=False)
    assert result.error is not None and result.error.startswith("refusing to fetch 127.0.0.1")
    assert server.hits["/page"] == 0


async def test_per_host_concurrency_is_bounded(server: LoopbackServer) -> None:
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def counting(request: BaseHTTPRequestHandler) -> None:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.15)  # long enough for queued requests to pile up if the bound leaked
        with lock:
            state["now"] -= 1
        _send(request, 200, FEED, {"Content-Type": "application/rss+xml"})

    for i in range(10):
        server.set(f"/f{i}", handler=counting)
    settings = Settings(timeout=10, per_host=3, concurrency=32)
    async with Fetcher(settings) as fetcher:
        results = await asyncio.gather(*(fetcher.get(server.url(f"/f{i}")) for i in range(10)))
    assert all(r.ok for r in results)
    assert 1 < state["max"] <= 3  # concurrent, but never beyond the bound


async def test_a_busy_host_does_not_starve_the_others(server: LoopbackServer) -> None:
    """Twenty slow feeds of one outlet queued before two feeds of another: the other
    outlet's feeds are fetched at once, not after the busy host's queue (a request waits
    for its host's slot before it takes one of the global slots)."""
    with LoopbackServer() as other:
        busy = [server.set(f"/busy/{n}", body=FEED, delay=0.3) for n in range(20)]
        quick = [other.set(f"/quick/{n}", body=FEED) for n in range(2)]
        done: list[str] = []
        settings = Settings(timeout=10, concurrency=4, per_host=2)
        async with Fetcher(settings) as fetcher:

            async def get(url: str) -> None:
                assert (await fetcher.get(url)).ok
                done.append(url)

            tasks = [asyncio.create_task(get(url)) for url in busy]
            await asyncio.sleep(0.05)  # the busy host's requests are all queued first
            tasks += [asyncio.create_task(get(url)) for url in quick]
            await asyncio.gather(*tasks)
        positions = sorted(done.index(url) for url in quick)
        # With the global slot taken first, the quick feeds waited behind all twenty.
        assert positions == [0, 1], done


def test_concurrency_stays_within_half_the_open_file_limit(monkeypatch) -> None:
    """Every request in flight is a socket: a default of 256 in a shell allowed 256 open
    files (macOS) would fail feeds with "too many open files"."""
    import resource

    from tui.core.fetch import effective_concurrency

    monkeypatch.setattr(resource, "getrlimit", lambda which: (256, 4096))
    assert effective_concurrency(256) == 128
    assert effective_concurrency(32) == 32
    monkeypatch.setattr(resource, "getrlimit", lambda which: (1024, 4096))
    assert effective_concurrency(256) == 256
    monkeypatch.setattr(resource, "getrlimit", lambda which: (resource.RLIM_INFINITY,) * 2)
    assert effective_concurrency(1000) == 1000


async def test_feeds_of_many_hosts_and_a_redirect_between_them_all_arrive() -> None:
    """Connections are pooled per origin: a redirect into a host whose own requests are in
    flight still gets a connection, and every host's feeds arrive."""
    import asyncio

    from tests.loopback import LoopbackServer

    with LoopbackServer() as one, LoopbackServer() as two:
        target = two.set("/feed", body=FEED, delay=0.2)
        moved = one.set("/old", status=301, redirect=target)
        slow = [two.set(f"/slow{i}", body=FEED, delay=0.2) for i in range(3)]
        local = [one.set(f"/feed{i}", body=FEED) for i in range(3)]
        settings = Settings(timeout=5, per_host=2, concurrency=4)
        async with Fetcher(settings) as fetcher:
            results = await asyncio.gather(*(fetcher.get(u) for u in [moved, *slow, *local]))
        assert [r.error for r in results] == [None] * 7
        assert results[0].final_url == target and results[0].body == FEED
