"""A real HTTP server on 127.0.0.1 for tests, with per-path switches.

Each path gets a `Route`: status, body, headers, delay, a slow drip, an ETag /
Last-Modified for conditional GET, gzip, a redirect, or a custom handler. The
server records every request so tests can prove what the client did (e.g. that
a second refresh sent If-None-Match and got a 304 with no body).
"""

from __future__ import annotations

import gzip
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

MAX_HANDLER_SECONDS = 20.0  # no handler may hold a test hostage longer than this


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    drip: float | None = None  # seconds between body bytes (slow server)
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False  # compress when the client accepts gzip
    raw_gzip: bytes | None = None  # send these bytes as a gzip body (e.g. a bomb)
    redirect: str | None = None  # Location for a 302
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    status: int


class LoopbackServer:
    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.ssl_context = ssl_context  # serve HTTPS with this server-side context
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle -------------------------------------------------------------------------------
    def start(self) -> LoopbackServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server._serve(self)

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        if self.ssl_context is not None:
            self._httpd.socket = self.ssl_context.wrap_socket(
                self._httpd.socket, server_side=True
            )
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # configuration ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._httpd is not None
        scheme = "https" if self.ssl_context is not None else "http"
        return f"{scheme}://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def set(self, path: str, **route: object) -> str:
        self.routes[path] = Route(**route)  # type: ignore[arg-type]
        return self.url(path)

    def seen(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    # serving ---------------------------------------------------------------------------------
    def _record(self, request: BaseHTTPRequestHandler, path: str, status: int) -> None:
        with self._lock:
            self.hits[path] += 1
            self.requests.append(Seen(path, {k.lower(): v for k, v in request.headers.items()},
                                      status))

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        path = urlsplit(request.path).path
        route = self.routes.get(path)
        if route is None:
            self._record(request, path, 404)
            _send(request, 404, b"not found", {"Content-Type": "text/plain"})
            return
        if route.delay:
            time.sleep(min(route.delay, MAX_HANDLER_SECONDS))
        if route.handler is not None:
            self._record(request, path, route.status)
            route.handler(request)
            return
        if route.redirect is not None:
            self._record(request, path, route.status if route.status in (301, 302, 303, 307, 308)
                         else 302)
            _send(request, route.status if route.status >= 300 else 302, b"",
                  {"Location": route.redirect})
            return
        conditional = (
            route.etag is not None and request.headers.get("If-None-Match") == route.etag
        ) or (
            route.last_modified is not None
            and request.headers.get("If-Modified-Since") == route.last_modified
        )
        validators = {}
        if route.etag:
            validators["ETag"] = route.etag
        if route.last_modified:
            validators["Last-Modified"] = route.last_modified
        if conditional and route.status == 200:
            self._record(request, path, 304)
            _send(request, 304, b"", validators)
            return
        self._record(request, path, route.status)
        headers = {"Content-Type": route.content_type, **validators, **route.headers}
        body = route.body
        accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
        if route.raw_gzip is not None:
            body = route.raw_gzip
            headers["Content-Encoding"] = "gzip"
        elif route.gzip and accepts_gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        if route.drip is not None:
            _drip(request, route.status, body, headers, route.drip)
            return
        _send(request, route.status, body, headers)


class _QuietServer(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops connections when a test opens dozens at
    # once (the client then retries its SYN a second later and times out).
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        # A client hanging up mid-request (a timeout test, a TLS probe) is expected here.
        if not isinstance(sys.exc_info()[1], ConnectionError | ssl.SSLError):
            super().handle_error(request, client_address)


def _send(request: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict) -> None:
    try:
        request.send_response(status)
        for key, value in headers.items():
            request.send_header(key, value)
        if status != 304:
            request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        if status != 304 and body:
            request.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _drip(request, status: int, body: bytes, headers: dict, interval: float) -> None:
    """Send headers, then the body one byte per `interval`, for at most MAX_HANDLER_SECONDS."""
    deadline = time.monotonic() + MAX_HANDLER_SECONDS
    try:
        request.send_response(status)
        for key, value in headers.items():
            request.send_header(key, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.flush()
        for i in range(len(body)):
            if time.monotonic() > deadline:
                break
            request.wfile.write(body[i : i + 1])
            request.wfile.flush()
            time.sleep(interval)
    except (BrokenPipeError, ConnectionResetError):
        pass
    request.close_connection = True


def rss(items: list[dict], title: str = "Test feed") -> bytes:
    """A small RSS 2.0 document from dicts with title, link, guid, date, description."""
    from xml.sax.saxutils import escape

    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>http://127.0.0.1/</link>",
        "<description>fixture</description>",
    ]
    for item in items:
        parts.append("<item>")
        for key in ("title", "link", "guid", "description", "author"):
            if item.get(key) is not None:
                parts.append(f"<{key}>{escape(str(item[key]))}</{key}>")
        if item.get("date"):
            parts.append(f"<pubDate>{escape(item['date'])}</pubDate>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


def page(title: str, paragraphs: list[str]) -> bytes:
    """An article page with some furniture, for extraction."""
    from html import escape

    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<div class='cookie'>We use cookies to improve your experience. Accept all?</div>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Copyright Test Outlet. All rights reserved.</footer></body></html>"
    ).encode()
