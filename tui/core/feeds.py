"""Parse fetched feed bytes with feedparser into normalised, sanitised entries.

Handles RSS 0.9x/1.0/2.0 and Atom. URLs are canonicalised (tracking parameters
and fragments removed) so the same article seen twice is one row.
"""

from __future__ import annotations

import calendar
import functools
import html
import re
import threading
import xml.sax
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
import feedparser.api
import feedparser.mixin
import feedparser.urls

from tui.core.sanitize import clean_line, clean_text, is_clean

# Query parameters that identify a campaign or a click, never the article.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "hsa_", "oly_", "vero_", "_hs")
_TRACKING_NAMES = {
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "igshid", "mkt_tok", "ref_src",
    "cmpid", "ncid", "ocid", "sr_share", "at_medium", "at_campaign", "at_custom1", "rss",
    "cid", "xtor", "wt.mc_id", "spm", "_ga", "s_cid",
}
# Future dates beyond this are treated as wrong clocks, not as news from tomorrow.
FUTURE_TOLERANCE = timedelta(days=1)
MAX_ENTRIES = 5000  # a feed with more is truncated (and a warning says so)


@dataclass(frozen=True)
class Entry:
    """One feed item, normalised. All text is plain and sanitised."""

    url: str  # canonical URL
    link: str  # the link exactly as the feed gave it (after resolving relative links)
    guid: str | None
    title: str
    author: str | None
    published: datetime | None  # UTC
    summary: str  # plain text
    content: str  # plain text of full content, when the feed carries it
    tags: tuple[str, ...] = ()


@dataclass
class ParsedFeed:
    title: str
    version: str  # feedparser's name, e.g. "rss20", "atom10"; "" when not a feed
    entries: list[Entry]
    warnings: list[str] = field(default_factory=list)


class FeedParseError(Exception):
    """The body is not a feed at all (HTML page, empty body, garbage)."""


# --- XML entity defence ------------------------------------------------------------------------
#
# feedparser hands the document to expat (strict) or to its own SGML parser (loose). Expat
# honours entities declared in a DOCTYPE, so a feed could expand a "billion laughs" or
# refer to SYSTEM "file:///etc/passwd". feedparser's own DOCTYPE filter is a line regex
# that markup inside an entity value gets past. pressdiff therefore removes *every*
# DOCTYPE declaration, internal subset included, from the UTF-8 bytes feedparser has
# produced, right before either parser sees them (feedparser.api.replace_doctype is the
# one hook between its charset conversion and its parsers). No DOCTYPE, no entities.
# (The stdlib's expat would also refuse external entities, and expat >= 2.4 caps
# amplification; this defence does not rely on either.)

_DOCTYPE_START = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
# Inside a DOCTYPE: quoted literals and comments are skipped whole; brackets nest the
# internal subset; '>' at depth 0 ends the declaration.
_DOCTYPE_TOKEN = re.compile(rb"\"[^\"]*\"|'[^']*'|<!--.*?-->|[\[\]>]", re.DOTALL)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_defused = threading.local()


def _doctype_end(data: bytes, start: int) -> int:
    depth = 0
    for match in _DOCTYPE_TOKEN.finditer(data, start + 9):
        token = match.group()
        if token == b"[":
            depth += 1
        elif token == b"]":
            depth = max(0, depth - 1)
        elif token == b">" and depth == 0:
            return match.end()
    return len(data)  # never closed: everything after it is part of the declaration


def strip_doctypes(data: bytes) -> tuple[bytes, bool, bool]:
    """Remove every DOCTYPE declaration (with its internal subset) from `data`.

    Returns (data, declared_entities, netscape_rss091): whether a removed DOCTYPE
    declared entities, and whether one named the Netscape RSS 0.91 DTD.
    """
    if not _DOCTYPE_START.search(data):
        return data, False, False
    parts: list[bytes] = []
    entities = netscape = False
    position = 0
    while (match := _DOCTYPE_START.search(data, position)) is not None:
        end = _doctype_end(data, match.start())
        declaration = data[match.start() : end]
        entities = entities or _ENTITY_DECL.search(declaration) is not None
        netscape = netscape or b"netscape" in declaration[:300].lower()
        parts.append(data[position : match.start()])
        position = end
    parts.append(data[position:])
    return b"".join(parts), entities, netscape


def _replace_doctype(data: bytes) -> tuple[str | None, bytes, dict[str, str]]:
    """Stand-in for feedparser's replace_doctype: same contract, no entities at all."""
    data, entities, netscape = strip_doctypes(data)
    if entities:
        _defused.entities = True
    return ("rss091n" if netscape else None), data, {}


feedparser.api.replace_doctype = _replace_doctype

# feedparser works out every element's xml:base with make_safe_absolute_uri(base, base): the
# feed's own address joined with itself about ten times per entry, a sixth of its parse time
# on real feeds (benchmarks/README.md, "Refresh"). A pure function of its two strings, so
# each pair is worked out once per process. Only the per-element call in the mixin is
# wrapped; what it answers is unchanged.
feedparser.mixin.make_safe_absolute_uri = functools.lru_cache(maxsize=1024)(
    feedparser.urls.make_safe_absolute_uri)


# Whitespace (\s is str.isspace) and C0/C1 control characters: never inside an address.
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def canonical_url(url: str, base: str | None = None) -> str | None:
    """Absolute http(s) URL without tracking parameters or fragment, or None.

    Lower-cases scheme and host, drops default ports, removes tracking query
    parameters and sorts nothing else (parameter order can matter to a site).
    """
    if not url:
        return None
    url = url.strip()
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # e.g. "http://[::1": an unclosed IPv6 bracket
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    if _SPACE_OR_CONTROL.search(url):
        return None
    if not is_clean(url):  # bidi overrides and other characters that disguise an address
        return None
    host = parts.hostname.lower().rstrip(".")
    if not host:  # "http://./": no host once its root dot is dropped
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port and not (scheme == "http" and port == 80 or scheme == "https" and port == 443):
        host = f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))


# [^<>] rather than [^>]: a run of '<' without '>' must cost linear time, not quadratic
# (a hostile summary of 100,000 '<' would otherwise take minutes).
_TAG = re.compile(r"<[^<>]+>")
_BLOCK = re.compile(r"(?i)</?(p|div|br|li|h[1-6]|blockquote|tr)\b[^<>]*>")
_SCRIPT_OPEN = re.compile(r"(?i)<(script|style)\b")
_SCRIPT_CLOSE = {
    "script": re.compile(r"(?i)</script\s*>"), "style": re.compile(r"(?i)</style\s*>"),
}


def _drop_scripts(value: str) -> str:
    """Remove <script>/<style> elements in one pass (an unclosed one runs to the end,
    as in a browser); a lazy regex would rescan the rest of the text at every '<script'."""
    parts: list[str] = []
    position = 0
    while (opening := _SCRIPT_OPEN.search(value, position)) is not None:
        parts.append(value[position : opening.start()])
        closing = _SCRIPT_CLOSE[opening.group(1).lower()].search(value, opening.end())
        if closing is None:
            return " ".join(parts)
        position = closing.end()
    parts.append(value[position:])
    return " ".join(parts)


def html_to_text(value: str) -> str:
    """Feed summaries often carry HTML: keep paragraphs, drop tags, unescape entities."""
    if not value:
        return ""
    value = _drop_scripts(value)
    value = _BLOCK.sub("\n\n", value)
    value = _TAG.sub("", value)
    return clean_text(html.unescape(value))


def _entry_time(entry: dict, now: datetime, warnings: set[str]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                when = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
            if when > now + FUTURE_TOLERANCE:
                warnings.add("some entries are dated in the future; their dates were ignored")
                return None
            return when
    if entry.get("published") or entry.get("updated"):
        warnings.add("some entry dates could not be read")
    return None


def parse_feed(
    body: bytes, url: str, now: datetime | None = None, *, content_type: str | None = None
) -> ParsedFeed:
    """Parse feed bytes fetched from `url` (served as `content_type`, whose charset
    feedparser weighs against the XML declaration).

    Raises FeedParseError when the body is not a feed. Entries without a usable
    link are skipped with a warning (pressdiff cannot cite them).
    """
    now = now or datetime.now(UTC)
    if not body or not body.strip():
        raise FeedParseError("the server sent an empty body")
    if body.lstrip()[:1] == b"{" or "json" in (content_type or "").lower():
        from tui.core.jsonfeed import parse_json_feed  # it builds on this module

        return parse_json_feed(body, url, now)
    body, content_type, charset_warning = _utf8_declared_as_latin(body, content_type)
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    _defused.entities = False
    # feedparser's HTML sanitising and URI rewriting inside content are skipped: pressdiff
    # never renders feed HTML, html_to_text drops every tag (scripts and styles whole), and
    # entry links are resolved by _normalise. They cost about a sixth of the parse time.
    parsed = feedparser.parse(
        body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    entities_removed = getattr(_defused, "entities", False)
    version = parsed.get("version", "") or ""
    raw_entries = parsed.get("entries", [])
    if not version and not raw_entries:
        head = body[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            raise FeedParseError("the URL serves an HTML page, not a feed")
        reason = parsed.get("bozo_exception")
        detail = f": {_bozo_text(reason)}" if reason else ""
        raise FeedParseError(f"not an RSS or Atom feed{detail}")
    warnings: set[str] = set()
    if parsed.get("bozo"):
        warning = _bozo_warning(parsed.get("bozo_exception"))
        if warning:
            warnings.add(warning)
    if charset_warning:
        warnings.add(charset_warning)
    if entities_removed:
        warnings.add(
            "the feed declares XML entities; they were not expanded "
            "(protection against entity attacks)"
        )
    if len(raw_entries) > MAX_ENTRIES:
        warnings.add(f"feed has {len(raw_entries)} entries; only the first {MAX_ENTRIES} were read")
        raw_entries = raw_entries[:MAX_ENTRIES]
    entries: list[Entry] = []
    seen: set[str] = set()
    for raw in raw_entries:
        entry = _normalise(raw, url, now, warnings)
        if entry is None:
            continue
        key = entry.guid or entry.url
        if key in seen or entry.url in seen:
            warnings.add("the feed repeats some entries (duplicate GUIDs or links)")
            continue
        seen.update({key, entry.url})
        entries.append(entry)
    title = clean_line(parsed.get("feed", {}).get("title", ""), 300)
    return ParsedFeed(title=title, version=version, entries=entries, warnings=sorted(warnings))


_XML_ENCODING = re.compile(
    rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._-]{1,40})(["'])"""
)
_CHARSET_PARAM = re.compile(r"(?i)(;\s*charset\s*=\s*)\"?([A-Za-z0-9._-]{1,40})\"?")
_SINGLE_BYTE = {
    "iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "windows-1252", "cp1252",
    "iso-8859-15", "us-ascii", "ascii",
}


def _utf8_declared_as_latin(
    body: bytes, content_type: str | None
) -> tuple[bytes, str | None, str | None]:
    """A feed that says ISO-8859-1 (or ASCII, or windows-1252) but sends UTF-8 would
    decode without error into mojibake ("CafÃ©"). Non-ASCII bytes that form valid
    UTF-8 are, in practice, never Latin-1 text: read such a feed as UTF-8, and say so.
    Returns (body, content_type, warning or None)."""
    declared = _XML_ENCODING.match(body)
    http = _CHARSET_PARAM.search(content_type or "")
    claims = [m.group(2).decode("ascii").lower() for m in (declared,) if m]
    claims += [http.group(2).lower()] if http else []
    if not claims or any(c not in _SINGLE_BYTE for c in claims) or body.isascii():
        return body, content_type, None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return body, content_type, None
    if declared:
        body = declared.group(1) + b"utf-8" + declared.group(3) + body[declared.end() :]
    if http and content_type:
        content_type = _CHARSET_PARAM.sub(r"\1utf-8", content_type, count=1)
    return body, content_type, (
        f"the feed declares {claims[0]} but its text is UTF-8; it was read as UTF-8"
    )


def _bozo_text(exc: object) -> str:
    """feedparser's complaint in words: SAX errors as 'line L, column C: what'."""
    if isinstance(exc, xml.sax.SAXParseException):
        text = f"line {exc.getLineNumber()}, column {exc.getColumnNumber()}: {exc.getMessage()}"
    else:
        text = str(exc)
    return clean_line(text, 200)


def _bozo_warning(exc: object) -> str | None:
    name = type(exc).__name__
    text = _bozo_text(exc) if exc is not None else ""
    if name == "NonXMLContentType":
        # Many good feeds are served as text/html or text/plain; the entries were read
        # anyway (an HTML page that is not a feed fails on its own), so nothing to report.
        return None
    if name == "CharacterEncodingOverride":
        return f"wrong or missing character encoding declaration ({text})"
    if name == "CharacterEncodingUnknown":
        return f"unknown character encoding ({text})"
    return f"feed is not well-formed XML ({text})" if text else "malformed XML"


def _normalise(raw: dict, feed_url: str, now: datetime, warnings: set[str]) -> Entry | None:
    link = raw.get("link") or ""
    if not link:
        for candidate in raw.get("links", []) or []:
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    guid = clean_line(raw.get("id") or raw.get("guid") or "", 2000) or None
    if not link and guid and guid.startswith(("http://", "https://")):
        link = guid
    try:
        absolute = urljoin(feed_url, link.strip()) if link else ""
    except ValueError:  # one malformed link must not cost the whole feed
        absolute = link
    url = canonical_url(absolute)
    if url is None:
        if link:
            warnings.add("some entries link to non-http(s) addresses and were skipped")
        else:
            warnings.add("some entries have no link and were skipped")
        return None
    title = clean_line(html.unescape(_TAG.sub("", raw.get("title", "") or "")), 500)
    summary = html_to_text(raw.get("summary", "") or "")
    content = ""
    for part in raw.get("content", []) or []:
        text = html_to_text(part.get("value", "") or "")
        if len(text) > len(content):
            content = text
    if summary and content and summary == content:
        # Many RSS feeds put the full text in <description>: that is content, not a summary.
        summary = summary[:600]
    if not title:
        warnings.add("some entries have no title")
        title = clean_line((summary or content)[:120]) or "(untitled)"
    author = clean_line(raw.get("author", "") or "", 200) or None
    tags = tuple(
        t for t in (clean_line(tag.get("term", "") or "", 80) for tag in raw.get("tags", []) or [])
        if t
    )
    return Entry(
        url=url,
        link=absolute,
        guid=guid,
        title=title,
        author=author,
        published=_entry_time(raw, now, warnings),
        summary=summary,
        content=content,
        tags=tags[:20],
    )
