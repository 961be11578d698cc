"""HTTP for feeds and pages (httpx, async): bounded concurrency, caps and politeness.

- only http(s), redirects followed by hand (each hop checked, at most N);
- conditional GET with the stored ETag / Last-Modified (an unchanged feed costs one 304);
- a time cap on the whole request (a server that trickles a byte a second still ends);
- a size cap on the body *after* decompression, decoded here with bounded output so a
  compression bomb costs kilobytes;
- 429/503 with a short Retry-After are retried once; a long one is reported;
- article links to loopback/private addresses are refused unless allowed.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import socket
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

import httpx

from tui import __version__
from tui.core.config import Settings

USER_AGENT = (
    f"pressdiff/{__version__} (terminal news comparison for analysts; "
    "+https://pypi.org/project/pressdiff/)"
)
_REDIRECTS = {301, 302, 303, 307, 308}


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
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (now or time.time()))


def is_private_address(host: str) -> bool:
    """True for loopback, private, link-local, reserved or unspecified IP literals and
    'localhost' names. Names are resolved by `resolves_private`."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_private or address.is_loopback or address.is_link_local
        or address.is_reserved or address.is_unspecified or address.is_multicast
    )


async def resolves_private(host: str) -> bool:
    """Whether `host` is, or resolves to, a non-public address (checked before connecting)."""
    if is_private_address(host):
        return True
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return False  # the connection attempt will report the DNS failure itself
    return any(is_private_address(info[4][0]) for info in infos)


class _Decoder:
    """Content-Encoding decoding with a hard cap on the decoded size."""

    def __init__(self, encoding: str, limit: int) -> None:
        encoding = encoding.lower().strip()
        self.limit = limit
        self.size = 0
        if encoding in ("gzip", "x-gzip"):
            self.zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.zlib = zlib.decompressobj(zlib.MAX_WBITS + 32)  # zlib or gzip header
        elif encoding in ("", "identity"):
            self.zlib = None
        else:
            raise FetchError(f"unsupported Content-Encoding {encoding!r}")
        self.parts: list[bytes] = []

    def feed(self, data: bytes) -> None:
        if self.zlib is None:
            self._add(data)
            return
        try:
            while data:
                out = self.zlib.decompress(data, self.limit - self.size + 1)
                self._add(out)
                data = self.zlib.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(f"corrupt compressed body ({exc})") from None

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(f"body larger than the {self.limit // 1024} KiB limit")
        self.parts.append(data)

    def finish(self) -> bytes:
        if self.zlib is not None:
            self._add(self.zlib.flush())
        return b"".join(self.parts)


class Fetcher:
    """One async HTTP client for a refresh; use as `async with Fetcher(settings) as f`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._global = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(settings.per_host)
        )
        timeout = httpx.Timeout(settings.timeout, connect=min(10.0, settings.timeout))
        self.client = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            headers={
                "User-Agent": settings.user_agent or USER_AGENT,
                "Accept-Encoding": "gzip, deflate",
            },
            limits=httpx.Limits(
                max_connections=settings.concurrency,
                max_keepalive_connections=settings.concurrency,
            ),
            trust_env=False,
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()

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
        """GET `url`; never raises for network or HTTP trouble: the result carries `error`."""
        started = time.monotonic()
        result = FetchResult(url=url, final_url=url)
        limit = max_bytes or self.settings.max_page_bytes
        try:
            async with asyncio.timeout(self.settings.timeout * 1.5):
                await self._get(result, etag, last_modified, limit, accept, allow_private)
        except TimeoutError:
            result.error = f"timed out after {self.settings.timeout * 1.5:g} s"
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
        except httpx.HTTPError as exc:
            result.error = f"network error ({type(exc).__name__}: {_short(exc)})"
        except (OSError, ValueError) as exc:
            result.error = f"network error ({_short(exc)})"
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
        return result

    async def _get(
        self, result: FetchResult, etag, last_modified, limit, accept, allow_private
    ) -> None:
        url = result.url
        retried = False
        hops = 0
        while True:
            parts = urlsplit(url)
            if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
                scheme = parts.scheme or "?"
                raise FetchError(f"refusing to fetch a non-http(s) address ({scheme}:)")
            if not allow_private and await resolves_private(parts.hostname):
                raise FetchError(
                    f"refusing to fetch {parts.hostname}: a private or loopback address "
                    "(set allow_private_links = true in [settings] to allow)"
                )
            headers = {"Accept": accept}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            async with self._global, self._hosts[parts.netloc.lower()]:
                async with self.client.stream("GET", url, headers=headers) as response:
                    result.status = response.status_code
                    result.final_url = url
                    if response.status_code in _REDIRECTS:
                        location = response.headers.get("location")
                        hops += 1
                        if not location:
                            raise FetchError(
                                f"HTTP {response.status_code} redirect without a Location"
                            )
                        if hops > self.settings.max_redirects:
                            raise FetchError(
                                f"more than {self.settings.max_redirects} redirects (a loop?)"
                            )
                        url = urljoin(url, location.strip())
                        result.redirects.append(url)
                        continue
                    if response.status_code == 304:
                        result.not_modified = True
                        result.etag = response.headers.get("etag") or etag
                        result.last_modified = (
                            response.headers.get("last-modified") or last_modified
                        )
                        return
                    if response.status_code in (429, 503):
                        wait = parse_retry_after(response.headers.get("retry-after"))
                        if wait is not None:
                            result.retry_after_until = datetime.now(UTC) + timedelta(seconds=wait)
                        if (
                            wait is not None and not retried
                            and wait <= self.settings.max_retry_after
                        ):
                            retried = True
                            await asyncio.sleep(wait)
                            continue
                        wait_text = f"; retry after {wait:.0f} s" if wait is not None else ""
                        raise FetchError(
                            f"HTTP {response.status_code} "
                            f"{_reason(response.status_code)}{wait_text}"
                        )
                    if response.status_code >= 400:
                        raise FetchError(
                            f"HTTP {response.status_code} {_reason(response.status_code)}"
                        )
                    declared = response.headers.get("content-length", "")
                    encoding = response.headers.get("content-encoding", "")
                    if declared.isdigit() and not encoding and int(declared) > limit:
                        raise FetchError(
                            f"body of {int(declared) // 1024} KiB exceeds the "
                            f"{limit // 1024} KiB limit"
                        )
                    decoder = _Decoder(encoding, limit)
                    async for chunk in response.aiter_raw():
                        decoder.feed(chunk)
                    result.body = decoder.finish()
                    result.content_type = response.headers.get("content-type", "")
                    result.etag = response.headers.get("etag")
                    result.last_modified = response.headers.get("last-modified")
                    result.retry_after_until = None
                    return


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
    if "refused" in lowered:
        return "connection refused"
    if "name or service not known" in lowered or "nodename" in lowered or "getaddrinfo" in lowered:
        return "host not found (DNS)"
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return f"TLS error ({_short(exc)})"
    return f"cannot connect ({_short(exc)})"
