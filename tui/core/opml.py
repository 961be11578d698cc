"""OPML in and out: subscriptions from other readers (newsboat, Feedly, Inoreader,
NetNewsWire) become outlets of feeds.toml, and feeds.toml exports as OPML 2.0.

Import reads with listparser, but only after pressdiff's own strict check: listparser,
when lxml is installed, reads broken XML as HTML and recovers, and it does not check URL
schemes. So the file is capped in size, every DOCTYPE is removed (no entity can expand,
no external file or URL is read), it must be well-formed XML whose root is <opml>, and
every feed URL must be http(s); titles are sanitised like feed text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from tui.core.config import Config
from tui.core.feeds import strip_doctypes
from tui.core.sanitize import clean_line

MAX_OPML_BYTES = 16 * 1024 * 1024
TAG = "pressdiff-tag"  # category path of an outlet tag in pressdiff's own exports
OPTION = "pressdiff-feed"  # category path of a feed option (enabled, full_text)


class OpmlError(Exception):
    """The file cannot be imported (one line naming the file and the problem)."""


@dataclass
class ImportedFeed:
    url: str
    outlet: str
    tags: dict[str, str] = field(default_factory=dict)
    enabled: bool = True
    full_text: bool = True


@dataclass
class Imported:
    feeds: list[ImportedFeed]
    skipped: list[tuple[str, str]]  # (what, why)


def read(path: Path) -> Imported:
    """The feeds of an OPML file, or OpmlError."""
    try:
        size = path.stat().st_size
        if size > MAX_OPML_BYTES:
            raise OpmlError(f"{path}: larger than {MAX_OPML_BYTES // 2**20} MiB; not an OPML "
                            "subscription list pressdiff will read")
        data = path.read_bytes()
    except FileNotFoundError:
        raise OpmlError(f"{path}: file not found") from None
    except OSError as exc:
        raise OpmlError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return parse(data, str(path))


def parse(data: bytes, name: str = "OPML") -> Imported:
    if not data.strip():
        raise OpmlError(f"{name}: the file is empty")
    data, _, _ = strip_doctypes(data)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line = getattr(exc, "position", (None,))[0]
        where = f" at line {line}" if line else ""
        raise OpmlError(f"{name}: not well-formed XML{where} ({_short(exc)})") from None
    if root.tag.lower() != "opml":
        raise OpmlError(f"{name}: not an OPML file (the document is <{clean_line(root.tag, 40)}>)")
    import listparser

    # listparser reads titles and categories; the document order, duplicates and entries
    # without an address come from the checked tree (listparser drops or merges those).
    meta = {}
    for item in listparser.parse(data).feeds:
        meta.setdefault((item.get("url") or "").strip(), item)
    feeds: list[ImportedFeed] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()
    for url, folder, attrs in _entries(root):
        item = meta.get(url, {})
        title = clean_line(item.get("title") or attrs.get("title") or attrs.get("text") or "",
                           120)
        label = clean_line(title or url, 200) or "(an entry)"
        if not url:
            skipped.append((label, "no feed address (xmlUrl)"))
        elif url in seen:
            skipped.append((label, "listed twice"))
        elif (urlsplit(url).scheme.lower() not in ("http", "https")
              or not urlsplit(url).hostname
              or any(ch.isspace() or ord(ch) < 32 for ch in url)):
            skipped.append((label, "not an http(s) feed address"))
        else:
            categories = [c for c in item.get("categories") or [] if c != folder]
            feeds.append(_feed(url, title, folder, categories))
        seen.add(url)
    return Imported(feeds, skipped)


def _entries(root: ET.Element) -> list[tuple[str, list[str], dict[str, str]]]:
    """Every feed entry in document order: (xmlUrl, folder path, attributes). A feed entry
    is an outline without children that has an xmlUrl, htmlUrl or type."""
    out: list[tuple[str, list[str], dict[str, str]]] = []

    def walk(element: ET.Element, path: list[str]) -> None:
        for child in element:
            if child.tag.lower() != "outline":
                continue
            attrs = {k.lower(): v for k, v in child.attrib.items()}
            if len(child):
                name = (attrs.get("text") or attrs.get("title") or "").strip()
                walk(child, path + [name] if name else path)
            elif attrs.get("xmlurl") or attrs.get("htmlurl") or attrs.get("type"):
                out.append(((attrs.get("xmlurl") or "").strip(), path, attrs))

    for body in root.iter():
        if body.tag.lower() == "body":
            walk(body, [])
            break
    return out


def _feed(url: str, title: str, folder: list[str], categories: list[list[str]]
          ) -> ImportedFeed:
    outlet = title or (urlsplit(url).hostname or url)
    feed = ImportedFeed(url=url, outlet=outlet)
    other: list[str] = []
    for path in categories:
        parts = [clean_line(unquote(p), 80) for p in path if p]
        if len(parts) == 3 and parts[0] == TAG:
            feed.tags[parts[1][:40]] = parts[2]
        elif len(parts) == 3 and parts[0] == OPTION and parts[1] in ("enabled", "full_text"):
            setattr(feed, parts[1], parts[2] != "false")
        elif parts:
            other.append("/" + "/".join(parts))
    folder = [clean_line(name, 80) for name in folder]
    if folder and folder[-1] == title:
        folder = folder[:-1]  # the outlet's own grouping (pressdiff's exports), not a folder
    if folder:
        feed.tags.setdefault("folder", "/".join(folder)[:80])
    if other:
        feed.tags.setdefault("category", ",".join(other)[:80])
    return feed


def export(config: Config, now: datetime | None = None) -> str:
    """OPML 2.0: an outline per outlet holding an outline per feed; the outlet's tags and
    the feed's options ride along as categories, so importing the export gives back the
    same outlets, feeds and tags."""
    now = now or datetime.now(UTC)
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "pressdiff feeds"
    ET.SubElement(head, "dateCreated").text = format_datetime(now, usegmt=True)
    body = ET.SubElement(root, "body")
    for outlet in config.outlets:
        group = ET.SubElement(body, "outline", text=outlet.name, title=outlet.name)
        tags = [f"/{TAG}/{_part(k)}/{_part(v)}" for k, v in outlet.tags.items()]
        for feed in outlet.feeds:
            categories = list(tags)
            if not feed.enabled:
                categories.append(f"/{OPTION}/enabled/false")
            if not feed.full_text:
                categories.append(f"/{OPTION}/full_text/false")
            attrs = {"type": "rss", "text": outlet.name, "title": outlet.name,
                     "xmlUrl": feed.url}
            if categories:
                attrs["category"] = ",".join(categories)
            ET.SubElement(group, "outline", attrs)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _part(value: str) -> str:
    """A category path segment: "/" and "," would split it."""
    return quote(value, safe=" -_.:@()'&")


def _short(exc: BaseException) -> str:
    return clean_line(str(exc), 120)
