"""Read feeds.toml into typed objects, and find the config and database files.

Errors are one line naming the file and line, e.g.
``feeds.toml:12: outlet "X": feed URL must be http(s)``.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from tui.core.sanitize import clean_line

APP_NAME = "pressdiff"
MAX_CONFIG_BYTES = 2 * 1024 * 1024  # an outlet list is kilobytes; refuse anything absurd


class ConfigError(Exception):
    """A problem in feeds.toml, with the file and (where known) the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class FeedConfig:
    url: str
    enabled: bool = True
    full_text: bool = True  # fetch each article page and extract its text


@dataclass(frozen=True)
class OutletConfig:
    name: str
    tags: dict[str, str]
    feeds: tuple[FeedConfig, ...]

    @property
    def kind(self) -> str | None:
        return self.tags.get("kind")


@dataclass(frozen=True)
class Settings:
    """Limits for fetching; every one can be set in a `[settings]` table."""

    timeout: float = 15.0  # seconds per request (connect, read, and the whole body)
    max_feed_bytes: int = 10 * 1024 * 1024
    max_page_bytes: int = 5 * 1024 * 1024
    # Requests in flight in total (each host still gets per_host); at most half the
    # process's open-file limit (see fetch.effective_concurrency).
    concurrency: int = 256
    per_host: int = 4  # requests in flight per host
    max_redirects: int = 5
    max_retry_after: float = 10.0  # longest Retry-After pressdiff will wait, in seconds
    allow_private_links: bool = False  # article links to private/loopback hosts from public feeds
    user_agent: str = ""  # empty: pressdiff's own descriptive User-Agent
    keep_days: int | None = None  # prune articles older than this after each refresh


@dataclass(frozen=True)
class Config:
    path: Path
    outlets: tuple[OutletConfig, ...]
    settings: Settings = field(default_factory=Settings)

    def outlet(self, name: str) -> OutletConfig | None:
        wanted = name.casefold()
        for outlet in self.outlets:
            if outlet.name.casefold() == wanted:
                return outlet
        return None


_OUTLET_KEYS = {"name", "tags", "feeds"}
_FEED_KEYS = {"url", "enabled", "full_text"}
_SETTING_TYPES: dict[str, tuple[type, ...]] = {
    "timeout": (int, float),
    "max_feed_bytes": (int,),
    "max_page_bytes": (int,),
    "concurrency": (int,),
    "per_host": (int,),
    "max_redirects": (int,),
    "max_retry_after": (int, float),
    "allow_private_links": (bool,),
    "user_agent": (str,),
    "keep_days": (int,),
}


class _Lines:
    """Find the line of a key in the source: tomllib reports values, not positions."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.outlet_starts = [
            i + 1 for i, line in enumerate(self.lines) if re.match(r"\s*\[\[\s*outlet\s*\]\]", line)
        ]

    def outlet(self, index: int) -> int | None:
        return self.outlet_starts[index] if index < len(self.outlet_starts) else None

    def find(self, needle: str, index: int | None = None) -> int | None:
        """First line containing `needle`, within outlet `index` when given."""
        start, end = 0, len(self.lines)
        if index is not None and index < len(self.outlet_starts):
            start = self.outlet_starts[index] - 1
            if index + 1 < len(self.outlet_starts):
                end = self.outlet_starts[index + 1] - 1
        for i in range(start, end):
            if needle in self.lines[i]:
                return i + 1
        return self.outlet(index) if index is not None else None

    def key(self, key: str, index: int | None = None) -> int | None:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=|[{{,]\s*{re.escape(key)}\s*=")
        start = self.outlet_starts[index] - 1 if index is not None and self.outlet_starts else 0
        end = len(self.lines)
        if index is not None and index + 1 < len(self.outlet_starts):
            end = self.outlet_starts[index + 1] - 1
        for i in range(start, end):
            if pattern.search(self.lines[i]):
                return i + 1
        return self.outlet(index) if index is not None else None


def _check_url(url: str) -> str | None:
    """Why `url` is not a fetchable feed URL, or None when it is."""
    if not url.strip():
        return "feed URL is empty"
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return f"feed URL {url!r} contains spaces or control characters"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return f"feed URL {url!r} must start with http:// or https://"
    if not parts.hostname:
        return f"feed URL {url!r} has no host"
    return None


def parse_config(text: str, path: Path | str = "feeds.toml") -> Config:
    """Validate the text of a feeds.toml; raises ConfigError naming file and line."""
    path = Path(path)
    if len(text) > MAX_CONFIG_BYTES:
        raise ConfigError(path, f"file is larger than {MAX_CONFIG_BYTES // 1024} KiB")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise ConfigError(path, f"TOML syntax error: {message}", line) from None
    except RecursionError:
        raise ConfigError(path, "TOML is nested too deeply", _deepest_line(text)) from None
    lines = _Lines(text)

    unknown = sorted(set(data) - {"outlet", "settings"})
    if unknown:
        key = unknown[0]
        raise ConfigError(
            path,
            f'unknown top-level key "{clean_line(key, 80)}" (expected [[outlet]] or [settings])',
            lines.key(key) or lines.find(f"[{key}"),
        )
    settings = _parse_settings(data.get("settings", {}), path, lines)
    raw_outlets = data.get("outlet", [])
    if not isinstance(raw_outlets, list):
        raise ConfigError(
            path, "outlets must be written as [[outlet]] tables", lines.find("outlet")
        )
    outlets: list[OutletConfig] = []
    seen_names: dict[str, int] = {}
    seen_urls: dict[str, str] = {}
    for index, raw in enumerate(raw_outlets):
        outlet = _parse_outlet(raw, index, path, lines)
        folded = outlet.name.casefold()
        if folded in seen_names:
            raise ConfigError(
                path,
                f'duplicate outlet "{outlet.name}" (first defined at line {seen_names[folded]})',
                lines.outlet(index),
            )
        seen_names[folded] = lines.outlet(index) or 0
        for feed in outlet.feeds:
            if feed.url in seen_urls:
                raise ConfigError(
                    path,
                    f'feed {feed.url} is listed twice (also under "{seen_urls[feed.url]}")',
                    lines.find(feed.url, index),
                )
            seen_urls[feed.url] = outlet.name
        outlets.append(outlet)
    return Config(path=path, outlets=tuple(outlets), settings=settings)


def _key_name(key: str) -> str:
    """A key as the analyst can read it, even one made only of control characters."""
    readable = clean_line(key, 80)
    return f'"{readable}"' if readable == key else ascii(key)


def _deepest_line(text: str) -> int | None:
    """The line where bracket nesting is deepest: where a too-deep document went wrong."""
    depth = best = 0
    best_line, line = None, 1
    for char in text:
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > best:
                best, best_line = depth, line
        elif char in "]}":
            depth = max(0, depth - 1)
    return best_line


def _parse_settings(raw: Any, path: Path, lines: _Lines) -> Settings:
    if not isinstance(raw, dict):
        raise ConfigError(path, "[settings] must be a table", lines.find("settings"))
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _SETTING_TYPES:
            known = ", ".join(sorted(_SETTING_TYPES))
            raise ConfigError(
                path, f"unknown setting {_key_name(key)} (known: {known})", lines.key(key)
            )
        types = _SETTING_TYPES[key]
        if isinstance(value, bool) and bool not in types or not isinstance(value, types):
            raise ConfigError(
                path, f'setting "{key}" must be {types[0].__name__}', lines.key(key)
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(path, f'setting "{key}" must be a finite number', lines.key(key))
        if types[0] in (int, float) and value <= 0:
            raise ConfigError(path, f'setting "{key}" must be greater than 0', lines.key(key))
        values[key] = value
    return Settings(**values)


def _parse_outlet(raw: Any, index: int, path: Path, lines: _Lines) -> OutletConfig:
    at = lines.outlet(index)
    if not isinstance(raw, dict):
        raise ConfigError(path, "each [[outlet]] must be a table", at)
    unknown = sorted(set(raw) - _OUTLET_KEYS)
    if unknown:
        raise ConfigError(
            path,
            f'unknown key "{clean_line(unknown[0], 80)}" in [[outlet]] '
            "(expected name, tags, feeds)",
            lines.key(unknown[0], index),
        )
    name = raw.get("name")
    if not isinstance(name, str) or not clean_line(name):
        raise ConfigError(path, "outlet has no name (name = \"...\")", at)
    name = clean_line(name, 120)
    tags_raw = raw.get("tags", {})
    if not isinstance(tags_raw, dict):
        raise ConfigError(path, f'outlet "{name}": tags must be a table', lines.key("tags", index))
    tags: dict[str, str] = {}
    for key, value in tags_raw.items():
        if not isinstance(value, str | int | float | bool) or isinstance(value, dict | list):
            raise ConfigError(
                path,
                f'outlet "{name}": tag "{clean_line(key, 80)}" must be a string',
                lines.key("tags", index),
            )
        tags[clean_line(str(key), 40)] = clean_line(str(value), 80)
    feeds_raw = raw.get("feeds")
    if feeds_raw is None:
        raise ConfigError(path, f'outlet "{name}" has no feeds (feeds = ["https://..."])', at)
    if isinstance(feeds_raw, str | dict):
        feeds_raw = [feeds_raw]
    if not isinstance(feeds_raw, list) or not feeds_raw:
        raise ConfigError(
            path, f'outlet "{name}": feeds must be a list of URLs', lines.key("feeds", index)
        )
    feeds = tuple(_parse_feed(item, name, index, path, lines) for item in feeds_raw)
    return OutletConfig(name=name, tags=tags, feeds=feeds)


def _parse_feed(item: Any, outlet: str, index: int, path: Path, lines: _Lines) -> FeedConfig:
    if isinstance(item, str):
        item = {"url": item}
    if not isinstance(item, dict):
        raise ConfigError(
            path,
            f'outlet "{outlet}": each feed is a URL string or {{ url = "...", ... }}',
            lines.key("feeds", index),
        )
    unknown = sorted(set(item) - _FEED_KEYS)
    if unknown:
        raise ConfigError(
            path,
            f'outlet "{outlet}": unknown feed option "{clean_line(unknown[0], 80)}" '
            "(expected url, enabled, full_text)",
            lines.key(unknown[0], index),
        )
    url = item.get("url")
    if not isinstance(url, str):
        raise ConfigError(path, f'outlet "{outlet}": a feed has no url', lines.key("feeds", index))
    problem = _check_url(url)
    if problem:
        raise ConfigError(path, f'outlet "{outlet}": {problem}', lines.find(url, index))
    for flag in ("enabled", "full_text"):
        if flag in item and not isinstance(item[flag], bool):
            raise ConfigError(
                path,
                f'outlet "{outlet}": {flag} must be true or false',
                lines.key(flag, index),
            )
    return FeedConfig(
        url=url.strip(),
        enabled=item.get("enabled", True),
        full_text=item.get("full_text", True),
    )


def load_config(path: Path | str) -> Config:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_CONFIG_BYTES:
            raise ConfigError(path, f"file is larger than {MAX_CONFIG_BYTES // 1024} KiB")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MissingConfig(path) from None
    except IsADirectoryError:
        raise ConfigError(path, "is a directory, not a feeds.toml file") from None
    except PermissionError:
        raise ConfigError(path, "permission denied") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(path, "not valid UTF-8", line) from None
    return parse_config(text, path)


# --- where things live ------------------------------------------------------------------------


class MissingConfig(ConfigError):
    """No feeds.toml where pressdiff looked: say how to get one."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(path, "")
        self.message = ("run 'pressdiff init' for a starter list, or 'pressdiff add URL'")
        self.args = (f"no feeds.toml at {self.path}: {self.message}",)


def starter_text() -> str:
    """The commented starter feeds.toml shipped with pressdiff (16 outlets)."""
    from importlib.resources import files

    return files("tui").joinpath("feeds.toml").read_text(encoding="utf-8")


def write_starter(path: Path, force: bool = False) -> Path:
    """Write the starter feeds.toml to ``path``; never over an existing file unless
    ``force``. Written whole or not at all (a temporary file, then a rename)."""
    if path.exists() and not force:
        raise ConfigError(path, "already exists; use --force to replace it with the starter list")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(starter_text(), encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


def find_config(explicit: str | Path | None = None) -> Path:
    """--config, then $PRESSDIFF_CONFIG, then the user config dir, then ./feeds.toml.

    Returns the first that exists; when none does, the user config path (so the
    error message tells the analyst where pressdiff looked first).
    """
    if explicit:
        return Path(explicit)
    env = os.environ.get("PRESSDIFF_CONFIG")
    if env:
        return Path(env)
    user = config_dir() / "feeds.toml"
    if user.exists():
        return user
    local = Path.cwd() / "feeds.toml"
    if local.exists():
        return local
    return user


def find_db(explicit: str | Path | None = None) -> Path:
    """--db, then $PRESSDIFF_DB, then pressdiff.db in the user data dir."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("PRESSDIFF_DB")
    if env:
        return Path(env)
    return data_dir() / "pressdiff.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"
