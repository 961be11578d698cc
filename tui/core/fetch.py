"""HTTP for feeds and pages (httpx, async): bounded concurrency, caps and politeness.

- only http(s), redirects followed by hand (each hop checked, at most N);
- conditional GET with the stored ETag / Last-Modified (an unchanged feed costs one 304);
- a time cap on the network time of a request, all hops together (a server that trickles
  a byte a second still ends; waiting for a free slot behind slow servers does not count);
- a size cap on the body *after* decompression, decoded here with bounded output so a
  compression bomb costs kilobytes;
- 429/503 with a short Retry-After are retried once; a long one is reported (capped at a
  week, so no header can overflow the date arithmetic);
- article links to loopback/private addresses are refused unless allowed: each hop is
  checked before connecting, and the connection itself goes only to a public address it
  resolved (no DNS rebinding between the check and the connect);
- `Fetcher.get` never raises for anything a server does; errors are one clean line.
"""

from __future__ import annotations

import asyncio
import email.utils
import math
import re
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

import httpx

from tui import __version__
from tui.core.addresses import (  # noqa: F401 - resolves_private: callers import it here
    PerOriginTransport,
    PrivateAddressRefused,
    is_private_address,
    resolves_private,
)
from tui.core.config import Settings
from tui.core.sanitize import clean_line

USER_AGENT = (
    f"pressdiff/{__version__} (terminal news comparison for analysts; "
    "+https://pypi.org/project/pressdiff/)"
)
_REDIRECTS = {301, 302, 303, 307, 308}
# A server asking for more than a week is treated as asking for a week (and a huge
# number must not overflow the date arithmetic).
MAX_RETRY_AFTER = 7 * 24 * 3600.0
MAX_BODY_CAP = 1 << 30  # no body is read beyond 1 GiB, whatever feeds.toml says


class FetchError(Exception):
    """A fetch that failed, with a reason a person understands."""


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: int | None = None
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    error: str | None = None
    elapsed_ms: int = 0
    retry_after_until: datetime | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), at most
    MAX_RETRY_AFTER; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"[0-9]+", value):  # ASCII digits only: str.isdigit accepts '²'
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - (now or time.time())
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    return min(max(0.0, seconds), MAX_RETRY_AFTER)


def _header_value(value: str) -> str:
    """One line of printable ASCII (httpx refuses anything else in a header)."""
    return clean_line(value, 300).encode("ascii", "ignore").decode()


def _finite(value: float, default: float, low: float, high: float) -> float:
    if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        return default
    return min(max(float(value), low), high)


class _Decoder:
    """Content-Encoding decoding with a hard cap on the decoded size.

    Each input chunk is inflated with `max_length`, so a compression bomb never
    produces more than `limit` + one chunk of output before it is refused.
    """

    def __init__(self, encoding: str, limit: int) -> None:
        encoding = encoding.lower().strip()
        self.limit = limit
        self.size = 0
        # 'deflate' should be zlib-wrapped, but some servers send raw deflate.
        self.raw_fallback = encoding == "deflate"
        self.head = b""  # the first input bytes, to retry as raw deflate
        if encoding in ("gzip", "x-gzip"):
            self.zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.zlib = zlib.decompressobj(zlib.MAX_WBITS + 32)  # zlib or gzip header
        elif encoding in ("", "identity"):
            self.zlib = None
        else:
            raise FetchError(f"unsupported Content-Encoding {clean_line(encoding, 40)!r}")
        self.parts: list[bytes] = []

    def feed(self, data: bytes) -> None:
        if self.zlib is None:
            self._add(data)
            return
        if self.raw_fallback and len(self.head) < 1024:
            self.head += data
        try:
            self._inflate(data)
        except zlib.error as exc:
            if self.raw_fallback and self.size == 0 and len(self.head) < 1024:
                self.raw_fallback = False
                self.zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                try:
                    self._inflate(self.head)
                    return
                except zlib.error:
                    pass
            raise FetchError(f"corrupt compressed body ({exc})") from None

    def _inflate(self, data: bytes) -> None:
        assert self.zlib is not None
        while data:
            out = self.zlib.decompress(data, self.limit - self.size + 1)
            self._add(out)
            data = self.zlib.unconsumed_tail
            if self.zlib.eof:
                break  # trailing bytes after the stream end are ignored

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(f"body larger than the {self.limit // 1024} KiB limit")
        self.parts.append(data)

    def finish(self) -> bytes:
        if self.zlib is not None:
            self._add(self.zlib.flush())
        return b"".join(self.parts)


def effective_concurrency(configured: int) -> int:
    """``concurrency`` within half the open-file limit: every request in flight is a socket,
    and the database, the workers' pipes and the page being extracted need files too (a
    macOS shell's default limit is 256, Linux's 1,024)."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return configured
    if soft == resource.RLIM_INFINITY or soft <= 0:
        return configured
    return max(1, min(configured, soft // 2))


class Fetcher:
    """One async HTTP client for a refresh; use as `async with Fetcher(settings) as f`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # A hostile or mistyped feeds.toml may hold inf or nan: fall back to the defaults.
        self.timeout = _finite(settings.timeout, Settings.timeout, 0.1, 3600.0)
        self.max_retry_after = _finite(
            settings.max_retry_after, Settings.max_retry_after, 0.0, 3600.0
        )
        self.concurrency = effective_concurrency(settings.concurrency)
        self._global = asyncio.Semaphore(self.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(settings.per_host)
        )
        self._timeout = httpx.Timeout(self.timeout, connect=min(10.0, self.timeout))
        self.client = self._client(settings, self._timeout, PerOriginTransport(
            self.concurrency, settings.per_host))
        self._public_client: httpx.AsyncClient | None = None

    @property
    def public_client(self) -> httpx.AsyncClient:
        """Pages linked from public feeds go through a client that can only connect to
        public addresses, whatever DNS answers at connect time (see _PublicOnlyBackend).
        Made when first needed: a refresh where every feed answers 304 fetches no page."""
        if self._public_client is None:
            settings = self.settings
            self._public_client = self._client(settings, self._timeout, PerOriginTransport(
                self.concurrency, settings.per_host, public_only=True))
        return self._public_client

    @staticmethod
    def _client(
        settings: Settings, timeout: httpx.Timeout, transport: httpx.AsyncBaseTransport | None
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            headers={
                # A CR/LF or escape in a configured User-Agent must not break (or inject
                # into) every request's headers.
                "User-Agent": _header_value(settings.user_agent) or USER_AGENT,
                "Accept-Encoding": "gzip, deflate",
            },
            trust_env=False,
            transport=transport,
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()
        if self._public_client is not None:
            await self._public_client.aclose()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        accept: str = "*/*",
        allow_private: bool = True,
    ) -> FetchResult:
        """GET `url`; never raises for network or HTTP trouble: the result carries `error`.

        The time cap counts only time spent talking to servers (all hops together):
        waiting for a free connection slot or sleeping on a short Retry-After does not
        use it up, so a feed queued behind slow ones is not failed for their slowness.
        """
        started = time.monotonic()
        result = FetchResult(url=url, final_url=url)
        # Bounded above too: zlib takes a C size for its output cap.
        limit = min(max_bytes or self.settings.max_page_bytes, MAX_BODY_CAP)
        try:
            await self._get(result, etag, last_modified, limit, accept, allow_private)
        except TimeoutError:
            result.error = f"timed out after {self.budget:g} s"
        except FetchError as exc:
            result.error = str(exc)
        except httpx.TooManyRedirects:
            result.error = "too many redirects"
        except httpx.ConnectTimeout:
            result.error = "timed out connecting"
        except httpx.ReadTimeout:
            result.error = "timed out waiting for the server"
        except httpx.ConnectError as exc:
            result.error = _connect_reason(exc)
        except httpx.RemoteProtocolError as exc:
            result.error = f"the server broke the HTTP protocol ({_short(exc)})"
        except httpx.InvalidURL as exc:
            # The address itself was checked: httpx choked on a redirect's Location.
            result.error = f"refusing to follow a redirect to an invalid address ({_short(exc)})"
        except httpx.HTTPError as exc:
            result.error = f"network error ({type(exc).__name__}: {_short(exc)})"
        except (OSError, ValueError) as exc:
            result.error = f"network error ({_short(exc)})"
        except Exception as exc:  # noqa: BLE001 - one hostile server must never end a refresh
            result.error = f"unexpected error ({type(exc).__name__}: {_short(exc)})"
        if result.error:
            # Error texts quote servers (reasons, header values): never let them carry controls.
            result.error = clean_line(result.error, 300)
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
        return result

    @property
    def budget(self) -> float:
        """Seconds of network time one `get` may use, across all its redirect hops."""
        return self.timeout * 1.5

    async def _get(
        self, result: FetchResult, etag, last_modified, limit, accept, allow_private
    ) -> None:
        url = result.url
        retried = False
        hops = 0
        spent = 0.0
        while True:
            parts = urlsplit(url)
            if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
                scheme = clean_line(parts.scheme, 20) or "?"
                raise FetchError(f"refusing to fetch a non-http(s) address ({scheme}:)")
            if not allow_private and await resolves_private(parts.hostname):
                raise FetchError(
                    f"refusing to fetch {clean_line(parts.hostname, 100)}: a private or "
                    "loopback address (set allow_private_links = true in [settings] to allow)"
                )
            try:
                httpx.URL(url)
            except httpx.InvalidURL as exc:
                raise FetchError(f"invalid address ({_short(exc)})") from None
            headers = {"Accept": accept}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            # The host's slot first, then a global one: a feed waiting for its busy host
            # must not hold a global slot that a request to an idle host could use.
            async with self._hosts[parts.netloc.lower()], self._global:
                remaining = self.budget - spent
                if remaining <= 0:
                    raise TimeoutError
                began = time.monotonic()
                try:
                    async with asyncio.timeout(remaining):
                        client = self.client if allow_private else self.public_client
                        step = await self._attempt(client, result, url, headers, etag,
                                                   last_modified, limit)
                finally:
                    spent += time.monotonic() - began
            kind, value = step
            if kind == "done":
                return
            if kind == "redirect":
                hops += 1
                if hops > self.settings.max_redirects:
                    raise FetchError(f"more than {self.settings.max_redirects} redirects (a loop?)")
                url = urljoin(url, value)
                result.redirects.append(url)
                continue
            # kind == "retry": a 429/503 with a short Retry-After; wait without holding a slot.
            wait = float(value)
            if retried or wait > self.max_retry_after:
                raise FetchError(result.error or f"HTTP {result.status}")
            retried = True
            result.error = None
            await asyncio.sleep(wait)

    async def _attempt(
        self, client: httpx.AsyncClient, result: FetchResult, url: str,
        headers: dict[str, str], etag, last_modified, limit: int,
    ) -> tuple[str, str]:
        """One request: ("done", ""), ("redirect", location) or ("retry", seconds)."""
        async with client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            result.status = status
            result.final_url = url
            if status in _REDIRECTS:
                location = response.headers.get("location", "").strip()
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location")
                return "redirect", location
            if status == 304:
                result.not_modified = True
                result.etag = response.headers.get("etag") or etag
                result.last_modified = response.headers.get("last-modified") or last_modified
                return "done", ""
            if status in (429, 503):
                wait = parse_retry_after(response.headers.get("retry-after"))
                wait_text = f"; retry after {wait:.0f} s" if wait is not None else ""
                message = f"HTTP {status} {_reason(status)}{wait_text}"
                if wait is None:
                    raise FetchError(message)
                result.retry_after_until = datetime.now(UTC) + timedelta(seconds=wait)
                result.error = message  # kept if the retry is not made
                return "retry", str(wait)
            if status >= 400:
                raise FetchError(f"HTTP {status} {_reason(status)}".rstrip())
            declared = response.headers.get("content-length", "").strip()
            encoding = response.headers.get("content-encoding", "")
            if declared.isascii() and declared.isdigit() and not encoding and int(declared) > limit:
                raise FetchError(
                    f"body of {int(declared) // 1024} KiB exceeds the {limit // 1024} KiB limit"
                )
            decoder = _Decoder(encoding, limit)
            async for chunk in response.aiter_raw():
                decoder.feed(chunk)
            result.body = decoder.finish()
            result.content_type = clean_line(response.headers.get("content-type", ""), 200)
            result.etag = response.headers.get("etag")
            result.last_modified = response.headers.get("last-modified")
            result.retry_after_until = None
            return "done", ""


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "…"


def _connect_reason(exc: httpx.ConnectError) -> str:
    text = str(exc)
    lowered = text.lower()
    cause: BaseException | None = exc
    while cause is not None:  # anyio words a refusal "All connection attempts failed"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, PrivateAddressRefused):
            return str(cause)
        cause = cause.__cause__ or cause.__context__
    if "refused" in lowered:
        return "connection refused"
    if "name or service not known" in lowered or "nodename" in lowered or "getaddrinfo" in lowered:
        return "host not found (DNS)"
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return f"TLS error ({_short(exc)})"
    return f"cannot connect ({_short(exc)})"
