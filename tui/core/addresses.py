"""Which addresses pressdiff may connect to. Article links from a public feed must not reach
loopback or private hosts (an intranet, the analyst's own machine): each hop is checked
before connecting, and the connection itself goes only to a public address that was checked
(no DNS rebinding between the check and the connect)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from typing import Any

import httpcore
import httpx

from tui.core.sanitize import clean_line


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
    except (OSError, UnicodeError):  # UnicodeError: a name IDNA cannot encode
        return False  # the connection attempt will report the failure itself
    return any(is_private_address(info[4][0]) for info in infos)


class PrivateAddressRefused(httpcore.ConnectError):
    """A connection to a private or loopback address that the request did not allow."""


class _PublicOnlyBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself and connects to the address it checked, and only to a
    public one: a name that resolves to a public address when `resolves_private` asks
    and to 127.0.0.1 a moment later (DNS rebinding) still cannot reach a private host.
    TLS keeps verifying the host name (httpcore passes it separately as SNI)."""

    def __init__(self) -> None:
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None,
        local_address: str | None = None, socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"{host}: {exc}") from exc
        addresses = [info[4][0] for info in infos]
        if not addresses or any(is_private_address(a) for a in addresses):
            raise PrivateAddressRefused(
                f"refusing to fetch {clean_line(host, 100)}: it resolves to a private or "
                "loopback address (set allow_private_links = true in [settings] to allow)"
            )
        return await self.inner.connect_tcp(
            addresses[0], port, timeout=timeout, local_address=local_address,
            socket_options=socket_options,
        )

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> Any:
        raise httpcore.ConnectError("unix sockets are never used")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


_VERIFIED: ssl.SSLContext | None = None
_PLAIN: ssl.SSLContext | None = None


def _tls_context(tls: bool) -> ssl.SSLContext:
    """The one verifying TLS context of the process (loading the CA bundle costs ~13 ms, so
    it is made once, and only when an https address is met); for plain http origins, whose
    pools never start TLS, an empty context that costs nothing."""
    global _VERIFIED, _PLAIN
    if tls:
        if _VERIFIED is None:
            _VERIFIED = httpx.create_ssl_context(trust_env=False)
        return _VERIFIED
    if _PLAIN is None:
        _PLAIN = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return _PLAIN


def public_only_transport(limits: httpx.Limits, tls: bool = True
                          ) -> httpx.AsyncHTTPTransport:
    """An httpx transport that connects only to public addresses (see _PublicOnlyBackend)."""
    context = _tls_context(tls)
    transport = httpx.AsyncHTTPTransport(verify=context, limits=limits, trust_env=False)
    # httpx has no public switch for the network backend: swap in a pool that has ours.
    transport._pool = httpcore.AsyncConnectionPool(  # noqa: SLF001
        ssl_context=context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_PublicOnlyBackend(),
    )
    return transport


class PerOriginTransport(httpx.AsyncBaseTransport):
    """A small connection pool per origin (scheme, host, port) instead of one for all.

    httpcore's pool looks through every connection it holds for each request it places, so
    one pool for a refresh's 60 hosts x 4 connections spends its time scanning (measured: a
    sixth of a refresh where every feed answers 304). Each pool may open as many connections
    as the whole refresh may (``concurrency``; the fetcher's slots bound what is really in
    flight, so a redirect into a busy host never waits on the pool), and keeps ``per_host``
    alive.
    """

    def __init__(self, concurrency: int, per_host: int, public_only: bool = False) -> None:
        self._limits = httpx.Limits(max_connections=concurrency,
                                    max_keepalive_connections=per_host)
        self._public_only = public_only
        self._pools: dict[tuple[str, str, int | None], httpx.AsyncHTTPTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.scheme, url.host, url.port)
        pool = self._pools.get(key)
        if pool is None:
            tls = url.scheme != "http"
            if self._public_only:
                pool = public_only_transport(self._limits, tls)
            else:
                pool = httpx.AsyncHTTPTransport(
                    verify=_tls_context(tls), limits=self._limits, trust_env=False)
            self._pools[key] = pool
        return await pool.handle_async_request(request)

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()
