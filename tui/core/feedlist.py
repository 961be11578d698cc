"""Edits to the analyst's feeds.toml that keep everything else as it was: comments, order,
blank lines and layout survive (tomlkit), every edit is checked by the same validation as a
refresh before it is written, the file is replaced whole, and a feeds.toml that changed on
disk since it was read (another editor, another pressdiff) is not overwritten."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import tomlkit
from tomlkit.items import AoT, Array, InlineTable, Table

from tui.core.config import Config, ConfigError, parse_config
from tui.core.sanitize import clean_line

if TYPE_CHECKING:
    from tui.core.discover import Candidate


class FeedListError(ConfigError):
    """An edit that cannot be made (unknown outlet, a URL already listed, ...)."""


class FeedListChanged(FeedListError):
    """feeds.toml changed on disk since it was read: nothing was written."""


@dataclass(frozen=True)
class Target:
    """What a disable/enable/rm names: one feed (by URL) or a whole outlet (by name)."""

    outlet: str
    url: str | None  # None: every feed of the outlet


class FeedList:
    """feeds.toml as text to edit; ``save()`` writes it back."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.original = text
        self.digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self.doc = tomlkit.parse(text)
        self.config = parse_config(text, path)

    @classmethod
    def load(cls, path: Path) -> FeedList:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = ""  # adding to a list that does not exist yet starts one
        return cls(path, text)

    # --------------------------------------------------------------- reading
    def find(self, name_or_url: str) -> Target:
        """A feed by its URL, else an outlet by its name (case-insensitive)."""
        for outlet in self.config.outlets:
            for feed in outlet.feeds:
                if feed.url == name_or_url.strip():
                    return Target(outlet.name, feed.url)
        outlet = self.config.outlet(name_or_url.strip())
        if outlet is None:
            raise FeedListError(self.path, f"no feed or outlet {name_or_url!r} in the list")
        return Target(outlet.name, None)

    def has_url(self, url: str) -> str | None:
        """The outlet that already lists ``url``, if one does."""
        for outlet in self.config.outlets:
            if any(feed.url == url for feed in outlet.feeds):
                return outlet.name
        return None

    # --------------------------------------------------------------- edits
    def add(self, outlet: str, url: str, tags: dict[str, str] | None = None,
            full_text: bool = True, enabled: bool = True) -> bool:
        """Add a feed to an outlet (a new outlet at the end when none has that name).
        Returns True when the outlet is new. Tags given for an existing outlet are added
        to its tags."""
        if (owner := self.has_url(url)) is not None:
            raise FeedListError(self.path, f"{url} is already listed (outlet {owner!r})")
        entry: str | InlineTable = url
        if not full_text or not enabled:
            entry = tomlkit.inline_table()
            entry["url"] = url
            if not enabled:
                entry["enabled"] = False
            if not full_text:
                entry["full_text"] = False
        table = self._outlet_table(outlet)
        if table is None:
            new = tomlkit.table()
            new.trivia.indent = "\n"  # a blank line before [[outlet]], as in the starter list
            new["name"] = outlet
            if tags:
                new["tags"] = _inline(tags)
            feeds = tomlkit.array()
            feeds.append(entry)
            new["feeds"] = feeds
            self._outlets().append(new)
            self._reread()
            return True
        feeds = table.get("feeds")
        if isinstance(feeds, str | InlineTable):  # feeds = "url": make it a list
            single = feeds
            feeds = tomlkit.array()
            feeds.append(single)
            table["feeds"] = feeds
        feeds.append(entry)
        if tags:
            current = table.get("tags")
            if current is None:
                table["tags"] = _inline(tags)
            else:
                current.update(tags)
        self._reread()
        return False

    def add_candidate(self, candidate: Candidate, outlet: str | None = None,
                      tags: dict[str, str] | None = None,
                      full_text: bool = True) -> tuple[str, bool]:
        """Add a discovered feed under ``outlet`` (default: the feed's title, else its host;
        an existing outlet of that name, in any case, gets the feed). Returns the outlet's
        name and whether the outlet is new."""
        name = clean_line(outlet or candidate.title or urlsplit(candidate.url).hostname or "",
                          120)
        existing = self.config.outlet(name)
        name = existing.name if existing else name
        return name, self.add(name, candidate.url, tags, full_text=full_text)

    def set_enabled(self, target: Target, enabled: bool) -> int:
        """Enable or disable one feed or every feed of an outlet; how many changed."""
        changed = 0
        feeds = self._feeds_of(target.outlet)
        for index, entry in enumerate(list(feeds)):
            url = entry if isinstance(entry, str) else entry.get("url")
            if target.url is not None and url != target.url:
                continue
            current = True if isinstance(entry, str) else entry.get("enabled", True)
            if current == enabled:
                continue
            if isinstance(entry, str):
                table = tomlkit.inline_table()
                table.update({"url": entry, "enabled": enabled})
                feeds[index] = table
            elif enabled:
                del entry["enabled"]
            else:
                entry["enabled"] = enabled
            changed += 1
        self._reread()
        return changed

    def remove(self, target: Target) -> list[str]:
        """Remove one feed (its outlet too when it was the last) or a whole outlet; the
        URLs removed."""
        outlets = self._outlets()
        index = self._outlet_index(target.outlet)
        config = self.config.outlet(target.outlet)
        assert config is not None
        urls = [f.url for f in config.feeds]
        if target.url is None or urls == [target.url]:
            del outlets[index]
            self._reread()
            return urls
        feeds = self._feeds_of(target.outlet)
        for position, entry in enumerate(list(feeds)):
            url = entry if isinstance(entry, str) else entry.get("url")
            if url == target.url:
                del feeds[position]
        self._reread()
        return [target.url]

    def set_tags(self, outlet: str, tags: dict[str, str]) -> None:
        """Replace an outlet's tags (empty: no tags)."""
        table = self._outlet_table(outlet)
        if table is None:
            raise FeedListError(self.path, f"no outlet {outlet!r} in the list")
        if tags:
            table["tags"] = _inline(tags)
        elif "tags" in table:
            del table["tags"]
        self._reread()

    # --------------------------------------------------------------- writing
    def text(self) -> str:
        return tomlkit.dumps(self.doc)

    def save(self) -> Config:
        """Validate the edited text, then replace the file whole; refuses when the file
        changed on disk since it was read. Returns the new configuration."""
        text = self.text()
        config = parse_config(text, self.path)  # never write a list a refresh would refuse
        try:
            now = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            now = ""
        if hashlib.sha256(now.encode("utf-8")).hexdigest() != self.digest:
            raise FeedListChanged(self.path, "changed on disk since it was read; nothing was "
                                  "written (run the command again)")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, self.path)
        finally:
            temporary.unlink(missing_ok=True)
        self.original, self.digest, self.config = text, hashlib.sha256(
            text.encode("utf-8")).hexdigest(), config
        return config

    # --------------------------------------------------------------- internals
    def _reread(self) -> None:
        """Every edit is checked at once, and later edits see it."""
        self.config = parse_config(self.text(), self.path)

    def _outlets(self) -> AoT:
        outlets = self.doc.get("outlet")
        if outlets is None:
            outlets = tomlkit.aot()
            self.doc.append("outlet", outlets)
        return outlets

    def _outlet_index(self, name: str) -> int:
        wanted = name.casefold()
        for index, table in enumerate(self._outlets()):
            if str(table.get("name", "")).strip().casefold() == wanted:
                return index
        raise FeedListError(self.path, f"no outlet {name!r} in the list")

    def _outlet_table(self, name: str) -> Table | None:
        try:
            return self._outlets()[self._outlet_index(name)]
        except FeedListError:
            return None

    def _feeds_of(self, outlet: str) -> Array:
        table = self._outlet_table(outlet)
        if table is None:
            raise FeedListError(self.path, f"no outlet {outlet!r} in the list")
        feeds = table["feeds"]
        if not isinstance(feeds, Array):
            single = feeds
            feeds = tomlkit.array()
            feeds.append(single)
            table["feeds"] = feeds
        return feeds


def parse_tags(words: Iterable[str]) -> dict[str, str]:
    """``["kind=wire", "country=AZ"]`` -> tags; ValueError naming a word that is not
    ``key=value``."""
    tags = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"{clean_line(word, 80)!r}: write key=value, e.g. kind=wire")
        tags[clean_line(key.strip(), 40)] = clean_line(value.strip(), 80)
    return tags


def _inline(values: dict[str, str]) -> InlineTable:
    table = tomlkit.inline_table()
    table.update(values)
    return table
