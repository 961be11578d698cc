"""Markdown that says only what it quotes: feed text escaped for CommonMark (never a link,
HTML, a heading or a table break), YAML strings for front matter, and safe links."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from tui.core.sanitize import clean_line

# Characters that can start emphasis, code, links, HTML, tables, strikethrough, headings or
# (GitHub, Obsidian) $math$ anywhere in a line. Escaping them all is cheap and renders the same.
_INLINE = re.compile(r"([\\`*_\[\]<>|~#$])")
# Obsidian: %%comment%% hides text and ==mark== highlights it; break the pairs.
_OBSIDIAN = re.compile(r"([%=])(?=\1)")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Block markers that only matter at the start of a line: lists, quotes, setext underlines.
_LINE_START = re.compile(r"^([-+=>])|^(\d{1,9})([.)])")


def escape_inline(value: str | None, limit: int = 10_000) -> str:
    """One line of literal text, safe inside a paragraph, heading, list item or table cell."""
    text = clean_line(value, limit=limit)
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _OBSIDIAN.sub(r"\1\\", text)
    return _escape_line_start(text)


def escape_line(value: str) -> str:
    """A line of body text (not shortened): inline escapes plus block markers at the start."""
    return escape_inline(value, limit=len(value) + 1)


def _escape_line_start(text: str) -> str:
    match = _LINE_START.match(text)
    if not match:
        return text
    if match.group(1):
        return "\\" + text
    digits = match.group(2)
    return f"{digits}\\{text[len(digits):]}"


def yaml_string(value: str | None) -> str:
    """A YAML double-quoted scalar: safe whatever the title contains (colons, quotes, #, -)."""
    text = clean_line(value, limit=10_000)
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


# Everything else is percent-encoded: space, ( ) < > " ` backslash { } | ^ and non-ASCII.
_URL_SAFE = "/:?#[]@!$&'*+,;=%~-._"


def markdown_link(label: str, url: str | None) -> str:
    """``[label](url)`` for http(s) URLs; anything else is shown as escaped text, unlinked."""
    url = clean_line(url, limit=4000)
    parts = urlsplit(url) if url else None
    if not parts or parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return escape_inline(url) if url else "(no link)"
    # Percent-encode spaces, parentheses, angle brackets, backslashes and non-ASCII so the
    # destination cannot end early or smuggle markup.
    encoded = quote(url, safe=_URL_SAFE)
    # CommonMark decodes entities ("&amp;") inside a destination; a backslash keeps "&" literal.
    encoded = _ENTITY.sub(r"\\&", encoded)
    return f"[{escape_inline(label)}]({encoded})"


def table_cell(value: str | None) -> str:
    """Table cell: one line, pipes escaped (escape_inline does both)."""
    return escape_inline(value) or " "
