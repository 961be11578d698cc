"""Serve the demo corpus over loopback HTTP: feeds, article pages and an index, all pre-rendered.

Real HTTP semantics that a fetcher must handle: strong ETags, Last-Modified, 304 responses,
gzip content coding and 404s.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from tui.demo.corpus import Corpus, load_corpus
from tui.demo.render import (
    home_route,
    newest,
    render_feed,
    render_home,
    render_index,
    render_page,
)

CONTENT_TYPES = {
    "rss2": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "rss1": "application/rdf+xml; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class Resource:
    """One pre-rendered response body with its validators."""

    body: bytes
    gzipped: bytes
    content_type: str
    etag: str  # strong ETag of the identity body, quoted
    last_modified: datetime

    @property
    def gzip_etag(self) -> str:
        # A strong ETag names one representation, so the gzip coding gets its own.
        return self.etag[:-1] + '-gz"'


def _resource(body: bytes, content_type: str, last_modified: datetime) -> Resource:
    digest = hashlib.sha256(body).hexdigest()[:32]
    return Resource(
        body=body,
        gzipped=gzip.compress(body, mtime=0),
        content_type=content_type,
        etag=f'"{digest}"',
        last_modified=last_modified.replace(microsecond=0),
    )


class DemoServer:
    """Loopback HTTP server for the demo corpus, run in a daemon thread.

    >>> with DemoServer() as srv:
    ...     urls = srv.feed_urls()
    """

    def __init__(
        self,
        corpus: Corpus | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        root: Path | None = None,
    ) -> None:
        self.corpus = corpus or load_corpus(root)
        self.host = host
        self.port = port
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._resources: dict[str, Resource] = {}

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> DemoServer:
        if self._httpd is not None:
            return self
        httpd = ThreadingHTTPServer((self.host, self.port), _make_handler(self))
        httpd.daemon_threads = True
        self.port = httpd.server_address[1]
        self._httpd = httpd
        # URLs in feeds and pages embed the port, so render after binding.
        self._resources = self._render_all()
        self._thread = threading.Thread(
            target=httpd.serve_forever, name="pressdiff-demo-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ public info

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("DemoServer is not running; call start() first")
        return f"http://{self.host}:{self.port}"

    def feed_urls(self) -> dict[str, list[str]]:
        """Outlet display name -> its feed URLs."""
        base = self.base_url
        return {o.name: [base + f.route for f in o.feeds] for o in self.corpus.outlets}

    def feeds_toml(self) -> str:
        """A feeds.toml pointing at this server, one [[outlet]] per demo outlet."""
        urls = self.feed_urls()
        blocks = []
        for outlet in self.corpus.outlets:
            tags = ", ".join(f"{k} = {_toml_str(v)}" for k, v in outlet.tags.items())
            feeds = ", ".join(_toml_str(u) for u in urls[outlet.name])
            blocks.append(
                "[[outlet]]\n"
                f"name = {_toml_str(outlet.name)}\n"
                f"tags = {{ {tags} }}\n"
                f"feeds = [{feeds}]\n"
            )
        return "# Demo outlets served by pressdiff's loopback server.\n\n" + "\n".join(blocks)

    def page_url(self, article_path: str) -> str:
        """Page URL of an article given its "outlet/slug" path."""
        return self.base_url + self.corpus.article(article_path).route

    # ------------------------------------------------------------------ internals

    def _render_all(self) -> dict[str, Resource]:
        base = f"http://{self.host}:{self.port}"
        corpus = self.corpus
        resources: dict[str, Resource] = {}
        first = datetime(2026, 11, 16, tzinfo=UTC)
        everything = newest(corpus.articles) or first
        resources["/"] = _resource(render_index(corpus, base), CONTENT_TYPES["html"], everything)
        for outlet in corpus.outlets:
            home = newest(corpus.articles_of(outlet.slug)) or first
            resources[home_route(outlet)] = _resource(
                render_home(corpus, outlet, base), CONTENT_TYPES["html"], home)
            for feed in outlet.feeds:
                body = render_feed(corpus, outlet, feed, base)
                last = newest(corpus.articles_of(outlet.slug, feed.name)) or first
                resources[feed.route] = _resource(body, CONTENT_TYPES[feed.format], last)
        for article in corpus.articles:
            body = render_page(corpus, article, base)
            resources[article.route] = _resource(body, CONTENT_TYPES["html"], article.published)
        return resources

    def _lookup(self, path: str) -> Resource | None:
        return self._resources.get(path)

    def _count(self, path: str, *, not_modified: bool) -> None:
        with self._lock:
            self.hits[path] += 1
            if not_modified:
                self.not_modified[path] += 1


def _toml_str(value: str) -> str:
    # JSON string escapes are a subset of TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def _accepts_gzip(header: str | None) -> bool:
    for part in (header or "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip", "*"):
            q = params.strip().lower()
            if q.startswith("q="):
                try:
                    return float(q[2:]) > 0
                except ValueError:
                    return False
            return True
    return False


def _not_modified(resource: Resource, if_none_match: str | None, if_modified: str | None) -> bool:
    if if_none_match is not None:
        # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2); weak comparison.
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or bool(tags & {resource.etag, resource.gzip_etag})
    if if_modified:
        try:
            since = parsedate_to_datetime(if_modified)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return resource.last_modified <= since
    return False


def _make_handler(server: DemoServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "pressdiff-demo/1.0"

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            self._respond(send_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._respond(send_body=False)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return  # keep the terminal UI clean: no request log on stderr

        def _respond(self, *, send_body: bool) -> None:
            path = urlsplit(self.path).path or "/"
            resource = server._lookup(path)
            if resource is None:
                server._count(path, not_modified=False)
                self._send(404, b"not found\n", "text/plain; charset=utf-8", send_body)
                return
            zipped = _accepts_gzip(self.headers.get("Accept-Encoding"))
            etag = resource.gzip_etag if zipped else resource.etag
            fresh = _not_modified(
                resource, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            )
            server._count(path, not_modified=fresh)
            extra = {
                "ETag": etag,
                "Last-Modified": format_datetime(resource.last_modified, usegmt=True),
                "Vary": "Accept-Encoding",
                "Cache-Control": "no-cache",
            }
            if fresh:
                self.send_response(304)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                return
            if zipped:
                extra["Content-Encoding"] = "gzip"
            body = resource.gzipped if zipped else resource.body
            self._send(200, body, resource.content_type, send_body, extra)

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str,
            send_body: bool,
            extra: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if send_body:
                self.wfile.write(body)

    return Handler
