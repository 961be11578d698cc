"""Hostile feeds and servers on 127.0.0.1, one URL per case, for the robustness tests.

`HostileServer` builds on `tests.loopback.LoopbackServer`: every case is a path with
its own misbehaviour (broken XML, wrong charsets, entity attacks, slow drips, bombs,
redirect tricks). `SilentServer` accepts connections and never answers. Every body
and every wait is bounded (see `MAX_HANDLER_SECONDS` in loopback.py).
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.loopback import LoopbackServer, page, rss

ESC = "\x1b"
# Titles a feed could use to act on a terminal or on a markup parser.
HOSTILE_TITLE = (
    f"{ESC}[2J{ESC}[31mRed alert{ESC}[0m {ESC}]52;c;cm0gLXJmIH4K\x07clipboard "
    f"{ESC}]0;owned title\x1b\\ [bold]bold[/bold] [@click=app.quit]quit[/] "
    "[link=file:///etc/passwd]link[/link] \x9b31m C1 \x07 bell \x00 nul end"
)
HOSTILE_AUTHOR = f"Mallory {ESC}[5mblink\x9d8;;http://evil.example\x9c \u202eevil"
PATH_TITLE = "../../etc/passwd/..\\..\\win.ini\x1b[31m/\x00." + "very long title " * 625
PASSWD_MARKERS = ("root:", "/bin/sh", "/bin/bash", "nologin")


def _items(base: str, prefix: str, count: int, **extra: str) -> list[dict]:
    return [
        {
            "title": f"{prefix} item {i}",
            "link": f"{base}/{prefix}/{i}",
            "guid": f"{base}/{prefix}/{i}",
            "date": "Fri, 27 Nov 2026 10:00:00 GMT",
            "description": f"Summary of {prefix} item {i}.",
            **extra,
        }
        for i in range(count)
    ]


def big_feed(base: str, count: int) -> bytes:
    """An RSS feed with `count` small, distinct entries."""
    return rss(_items(base, "many", count), title="Ten thousand entries")


def gzip_bomb(megabytes: int) -> bytes:
    """`megabytes` MiB of zeros, gzip-compressed (about 1 KiB per MiB)."""
    stream = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(1024 * 1024)
    parts = [stream.compress(chunk) for _ in range(megabytes)]
    parts.append(stream.flush())
    return b"".join(parts)


def deflate_bomb(megabytes: int) -> bytes:
    stream = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS)
    chunk = bytes(1024 * 1024)
    return b"".join([stream.compress(chunk) for _ in range(megabytes)] + [stream.flush()])


XXE_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY % remote SYSTEM "file:///etc/passwd">
]>
<rss version="2.0"><channel><title>XXE &xxe;</title><link>http://127.0.0.1/</link>
<description>d</description>
<item><title>Leak &xxe;</title><link>http://127.0.0.1/xxe/1</link>
<description>Here: &xxe;</description><author>&xxe;</author></item>
</channel></rss>"""


def billion_laughs(tag_trick: bool = False) -> bytes:
    """The classic entity bomb: 10 levels of 10 references, 10^9 'lol's if expanded.

    With `tag_trick` the first entity's value contains markup, which defeats a
    prolog scan that stops at the first '<' followed by a letter."""
    lol0 = "<b>lol</b>" if tag_trick else "lol"
    decls = [f'<!ENTITY lol0 "{lol0}">']
    for level in range(1, 10):
        refs = f"&lol{level - 1};" * 10
        decls.append(f'<!ENTITY lol{level} "{refs}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(decls) + "\n]>\n"
        '<rss version="2.0"><channel><title>Laughs</title><link>http://127.0.0.1/</link>'
        "<description>d</description>"
        f"<item><title>Laugh &lol9;</title><link>http://127.0.0.1/laugh/{int(tag_trick)}</link>"
        "<description>&lol9;</description></item></channel></rss>"
    ).encode()


def quadratic_blowup() -> bytes:
    """One 50 KB entity referenced 5,000 times: 250 MB if expanded."""
    value = "A" * 50_000
    refs = "&big;" * 5_000
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY big "{value}">]>\n'
        '<rss version="2.0"><channel><title>Quadratic</title><link>http://127.0.0.1/</link>'
        "<description>d</description>"
        f"<item><title>Blow {refs}</title><link>http://127.0.0.1/quad/1</link></item>"
        "</channel></rss>"
    ).encode()


@dataclass(frozen=True)
class Case:
    """One hostile feed: the outlet name used for it and what the user must see."""

    name: str
    path: str
    expect_status: str  # "ok" | "warning" | "failed"
    expect_text: str = ""  # a fragment of the error/warning text (case-insensitive)
    full_text: bool = False  # fetch article pages (most cases need not)


class SilentServer:
    """Accepts TCP connections on 127.0.0.1 and never sends a byte."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.held.append(conn)

    def __enter__(self) -> SilentServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.thread.join(timeout=2)
        for conn in self.held:
            conn.close()
        self.sock.close()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _raw(response: bytes, then_close: bool = True) -> Callable[[BaseHTTPRequestHandler], None]:
    """A handler that writes `response` verbatim (broken HTTP on purpose)."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        try:
            request.wfile.write(response)
            request.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        request.close_connection = then_close

    return handler


def _endless(limit: int) -> Callable[[BaseHTTPRequestHandler], None]:
    """No Content-Length, body until the connection closes: up to `limit` bytes of 'x'."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        try:
            request.send_response(200)
            request.send_header("Content-Type", "application/rss+xml")
            request.send_header("Connection", "close")
            request.end_headers()
            chunk = b"<!-- " + b"x" * 65_000 + b" -->"
            sent = 0
            while sent < limit:
                request.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        request.close_connection = True

    return handler


def _deflate(body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    def handler(request: BaseHTTPRequestHandler) -> None:
        try:
            request.send_response(200)
            request.send_header("Content-Type", "application/rss+xml")
            request.send_header("Content-Encoding", "deflate")
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    return handler


class HostileServer(LoopbackServer):
    """A loopback server with every hostile case installed; see `install`."""

    def install(self, bomb_megabytes: int = 10, max_feed_bytes: int = 1024 * 1024) -> list[Case]:
        base = self.base_url
        cases: list[Case] = []

        def add(name: str, expect: str, text: str = "", full_text: bool = False,
                **route: object) -> None:
            path = f"/{name}"
            self.set(path, **route)
            cases.append(Case(name, path, expect, text, full_text))

        # --- bad feeds -----------------------------------------------------------------------
        malformed = (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>'
            b"<item><title>Unclosed & unescaped <b>bold</title><link>" + base.encode()
            + b"/broken/1</link></item><item><title>Second</title><link>" + base.encode()
            + b"/broken/2</link></channel>"
        )
        add("malformed-xml", "warning", "not well-formed", body=malformed)
        cyrillic = "Новости: правительство закрыло офисы"
        wrong_charset = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Wrong charset</title><item><title>{cyrillic}</title>"
            f"<link>{base}/cp1251/1</link></item></channel></rss>"
        ).encode("cp1251")
        add("wrong-charset", "warning", "encoding", body=wrong_charset,
            content_type="application/rss+xml; charset=utf-8")
        no_charset = (
            "<rss version=\"2.0\"><channel><title>Caf\u00e9</title><item>"
            f"<title>Caf\u00e9 society</title><link>{base}/latin1/1</link></item>"
            "</channel></rss>"
        ).encode("latin-1")
        add("missing-charset", "warning", "encoding", body=no_charset, content_type="text/xml")
        latin_claim = (
            '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel>'
            f"<title>Claims Latin-1</title><item><title>Caf\u00e9 \u00fcber Stra\u00dfe</title>"
            f"<link>{base}/latin-claim/1</link></item></channel></rss>"
        ).encode()
        add("utf8-declared-latin1", "warning", "read as UTF-8", body=latin_claim,
            content_type="application/rss+xml; charset=ISO-8859-1")
        utf16 = (
            '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel>'
            "<title>UTF-16 feed</title><item><title>Ünïcödé from a UTF-16 feed</title>"
            f"<link>{base}/utf16/1</link><pubDate>Fri, 27 Nov 2026 09:00:00 GMT</pubDate>"
            "</item></channel></rss>"
        ).encode("utf-16")
        add("utf16", "ok", body=utf16, content_type="application/rss+xml")
        add("html-page", "failed", "HTML page, not a feed",
            body=b"<!DOCTYPE html><html><head><title>Home</title></head><body>Hi</body></html>",
            content_type="text/html; charset=utf-8")
        add("empty-body", "failed", "empty body", body=b"")
        add("binary-garbage", "failed", "not an RSS or Atom feed",
            body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            content_type="image/png")
        missing = rss([
            {"description": "No title, no link, no date."},
            {"title": "Only a title"},
            {"link": f"{base}/missing/3", "description": "Link but no title or date."},
        ])
        add("missing-fields", "warning", "no link", body=missing)
        duplicate = rss([
            {"title": "First", "link": f"{base}/dup/1", "guid": "same-guid"},
            {"title": "Second", "link": f"{base}/dup/2", "guid": "same-guid"},
            {"title": "Third", "link": f"{base}/dup/1", "guid": "other-guid"},
        ])
        add("duplicate-guids", "warning", "repeats some entries", body=duplicate)
        dates = rss([
            {"title": "From the future", "link": f"{base}/dates/1",
             "date": "Mon, 01 Jan 2099 10:00:00 GMT"},
            {"title": "Unreadable date", "link": f"{base}/dates/2", "date": "the day after soon"},
            {"title": "Out of range", "link": f"{base}/dates/3",
             "date": "Fri, 31 Dec 99999 23:59:59 GMT"},
        ])
        add("bad-dates", "warning", "future", body=dates)
        add("ten-thousand", "warning", "only the first", body=big_feed(base, 10_000))
        hostile_text = rss([
            {"title": HOSTILE_TITLE, "link": f"{base}/text/1", "author": HOSTILE_AUTHOR,
             "description": f"<p>Body {ESC}[31mred{ESC}[0m [b]markup[/b] \x9b2J</p>"
                            f"<script>alert(1)</script>{ESC}]52;c;ZXZpbA==\x07 done"},
            {"title": "Script link", "link": "javascript:alert(document.cookie)"},
            {"title": "File link", "link": "file:///etc/passwd"},
            {"title": "Data link", "link": "data:text/html;base64,PHNjcmlwdD4="},
            {"title": "C1 in link", "link": f"{base}/text/\u00852"},
            {"title": PATH_TITLE, "link": f"{base}/text/path-title",
             "description": "A title made of path separators, dots and controls."},
        ], title=f"Feed {ESC}[31mtitle")
        add("hostile-text", "warning", "non-http(s)", body=hostile_text)

        # --- XML attacks ---------------------------------------------------------------------
        add("xxe", "warning", "", body=XXE_FEED)
        add("billion-laughs", "warning", "", body=billion_laughs())
        add("billion-laughs-tags", "warning", "", body=billion_laughs(tag_trick=True))
        add("quadratic-blowup", "warning", "", body=quadratic_blowup())

        # --- HTTP errors ---------------------------------------------------------------------
        add("http-404", "failed", "HTTP 404 Not Found", status=404, body=b"gone")
        add("http-410", "failed", "HTTP 410 Gone", status=410, body=b"gone")
        add("http-500", "failed", "HTTP 500 Internal Server Error", status=500, body=b"oops")
        add("http-503-retry-later", "failed", "retry after 3600 s", status=503,
            headers={"Retry-After": "3600"})
        add("http-503-retry-soon", "failed", "HTTP 503", status=503,
            headers={"Retry-After": "1"})
        add("http-429", "failed", "HTTP 429 Too Many Requests", status=429)
        add("retry-after-huge", "failed", "HTTP 503", status=503,
            headers={"Retry-After": "9" * 40})
        add("retry-after-unicode-digit", "failed", "HTTP 429", status=429,
            headers={"Retry-After": "\u00b2"})

        # --- slow, broken and oversized responses --------------------------------------------
        add("never-finishes", "failed", "timed out", delay=15)
        add("slow-drip", "failed", "timed out", body=rss(_items(base, "drip", 3)), drip=1.0)
        add("redirect-loop-a", "failed", "redirects", redirect=f"{base}/redirect-loop-b")
        self.set("/redirect-loop-b", redirect=f"{base}/redirect-loop-a")
        add("redirect-to-file", "failed", "non-http(s)", redirect="file:///etc/passwd")
        add("redirect-to-javascript", "failed", "non-http(s)", redirect="javascript:alert(1)")
        add("redirect-no-location", "failed", "without a Location",
            handler=_raw(b"HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n"))
        add("redirect-bad-url", "failed", "",
            handler=_raw(b"HTTP/1.1 302 Found\r\nLocation: http://[::1\r\n"
                         b"Content-Length: 0\r\n\r\n"))
        add("oversize-declared", "failed", "exceeds the",
            handler=_raw(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                         + f"Content-Length: {max_feed_bytes * 50}\r\n\r\n".encode()
                         + b"<rss>"))
        add("oversize-endless", "failed", "larger than", handler=_endless(max_feed_bytes * 3))
        add("gzip-bomb", "failed", "larger than", raw_gzip=gzip_bomb(bomb_megabytes))
        add("deflate-bomb", "failed", "larger than", handler=_deflate(deflate_bomb(bomb_megabytes)))
        add("corrupt-gzip", "failed", "corrupt compressed body",
            raw_gzip=b"\x1f\x8b\x08\x00" + b"not really gzip at all" * 10)
        add("unsupported-encoding", "failed", "Content-Encoding",
            body=rss([]), headers={"Content-Encoding": "br"})
        add("garbage-http", "failed", "", handler=_raw(b"HELLO \x1b[31mWORLD\r\n\r\n"))
        add("huge-headers", "failed", "",
            handler=_raw(b"HTTP/1.1 200 OK\r\n"
                         + b"".join(b"X-Filler-%d: %s\r\n" % (i, b"y" * 1000)
                                    for i in range(200))
                         + b"Content-Length: 0\r\n\r\n"))
        add("rss-as-text-html", "ok", "", body=rss(_items(base, "texthtml", 2)),
            content_type="text/html; charset=utf-8")
        add("truncated-body", "failed", "",
            handler=_raw(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                         b"Content-Length: 5000\r\n\r\n<rss version"))
        # --- hostile article pages behind a well-formed feed --------------------------------
        ansi_page = page(f"Page {ESC}[31mred", [
            f"Paragraph with an escape {ESC}]52;c;ZXZpbA==\x07 and a bell \x07 and C1 \x9b2J "
            "and Textual markup [bold]not bold[/bold] [@click=app.quit]quit[/] in running "
            "text that is long enough to be kept as the article text by the extractor, with "
            "more words describing the commission and its negotiations over the winter months.",
            "A second paragraph continues the report with further details about the talks, "
            "the delegations and the schedule agreed by both sides after a long session.",
        ])
        pages = {
            "page-bomb": {"raw_gzip": gzip_bomb(bomb_megabytes),
                          "content_type": "text/html"},
            "page-to-file": {"redirect": "file:///etc/passwd"},
            "page-png": {"body": b"\x89PNG\r\n", "content_type": "image/png"},
            "page-404": {"status": 404, "body": b"nope", "content_type": "text/html"},
            "page-drip": {"body": b"<html>" + b"x" * 200, "drip": 1.0,
                          "content_type": "text/html"},
            "page-ansi": {"body": ansi_page, "content_type": "text/html; charset=utf-8"},
        }
        items = []
        for name, route in pages.items():
            self.set(f"/pages/{name}", **route)
            items.append({"title": f"Article behind {name}", "link": f"{base}/pages/{name}",
                          "description": f"Feed summary for {name}."})
        add("hostile-pages", "ok", full_text=True, body=rss(items, title="Pages"))
        return cases


def feeds_toml(outlets: list[tuple[str, str, bool]], **settings: object) -> str:
    """A feeds.toml with one outlet per (name, url, full_text) and a [settings] table."""
    lines = ["[settings]"]
    for key, value in settings.items():
        lines.append(f"{key} = {str(value).lower() if isinstance(value, bool) else value}")
    for name, url, full_text in outlets:
        lines += ["", "[[outlet]]", f'name = "{name}"',
                  f'feeds = [{{ url = "{url}", full_text = {str(full_text).lower()} }}]']
    return "\n".join(lines) + "\n"


TEST_SETTINGS: dict[str, object] = {
    "timeout": 2,
    "max_feed_bytes": 4 * 1024 * 1024,
    "max_page_bytes": 1024 * 1024,
    "per_host": 64,
    "concurrency": 64,
    "max_retry_after": 1.5,
}


@dataclass
class Refreshed:
    """The outcome of one refresh of hostile cases (plus one good feed) into `db`."""

    db: Path
    config: Path
    report: object  # pipeline.RefreshReport
    events: list  # pipeline.Event, in order
    cases: dict[str, Case]


def refresh_cases(
    directory: Path,
    hostile: HostileServer,
    good: LoopbackServer,
    names: list[str],
    extra: list[tuple[str, str, bool]] = (),  # type: ignore[assignment]
    **settings: object,
) -> Refreshed:
    """Install every case on `hostile`, then refresh `names` (and `extra` outlets, and a
    good feed on its own server) through the real pipeline."""
    from tui.core import pipeline
    from tui.core.config import parse_config

    cases = {c.name: c for c in hostile.install(max_feed_bytes=4 * 1024 * 1024)}
    outlets = [("good", good_feed(good), True)]
    outlets += [(n, hostile.url(cases[n].path), cases[n].full_text) for n in names]
    outlets += list(extra)
    config_path = directory / "feeds.toml"
    config_path.write_text(feeds_toml(outlets, **{**TEST_SETTINGS, **settings}), "utf-8")
    config = parse_config(config_path.read_text("utf-8"), config_path)
    db = directory / "pressdiff.db"
    events: list = []
    report = pipeline.refresh(db, config, on_event=events.append)
    return Refreshed(db, config_path, report, events, cases)


def good_feed(server: LoopbackServer, outlet: str = "good", count: int = 3) -> str:
    """A healthy feed with `count` articles and their pages, on `server`."""
    paragraphs = [
        "The commission met in the capital on Thursday and agreed a new schedule for the "
        "talks, officials from both delegations said after the session ended late at night.",
        "Negotiators described the atmosphere as businesslike and said that technical groups "
        "would continue to work on the remaining sections of the document over the winter.",
        "Observers noted that the agreement leaves several disputed points open and that the "
        "next round is expected to start in the spring, after local elections in the region.",
    ]
    items = []
    for i in range(count):
        path = f"/{outlet}/article-{i}"
        server.set(path, body=page(f"Good article {i}", paragraphs),
                   content_type="text/html; charset=utf-8")
        items.append({
            "title": f"Border commission agrees schedule, part {i}",
            "link": server.url(path),
            "guid": server.url(path),
            "date": f"Fri, 27 Nov 2026 {10 + i:02d}:00:00 GMT",
            "description": "The commission agreed a new schedule for the talks.",
        })
    return server.set(f"/{outlet}/feed.xml", body=rss(items, title="Good feed"))


# --- TLS ---------------------------------------------------------------------------------------


def self_signed_cert(directory: Path) -> tuple[Path, Path] | None:
    """A self-signed certificate for 127.0.0.1, made with the system `openssl`
    (None when it is not available: the TLS case is then skipped)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    try:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True, timeout=20,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return cert, key


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    """A server-side context for `LoopbackServer(ssl_context=...)`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context
