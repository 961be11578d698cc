"""Properties of the sanitiser, URL canonicalisation and export file names (hypothesis).

Whatever a feed sends, what pressdiff stores and prints holds no escape sequence or
control character; clean text passes through unchanged; canonical URLs are http(s) or
nothing, without tracking parameters; export names are safe on every file system.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.core.export import default_filename
from tui.core.feeds import canonical_url
from tui.core.models import Story
from tui.core.sanitize import clean_line, clean_text, is_clean, strip_controls

# Anything a terminal acts on: ESC, BEL and the other C0 controls but \n and \t, DEL, C1;
# lone surrogates (unencodable), bidi overrides (disguise text).
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
FRAGMENTS = [
    "\x1b[31m", "\x1b[2J", "\x1b]52;c;cm0gLXJm\x07", "\x1b]0;title\x1b\\", "\x1bP+q\x1b\\",
    "\x9b31m", "\x9d8;;http://x\x9c", "\x1b", "\x07", "\x00", "\r\n", "\r", "\t", "\n",
    "\u202e", "\ud800", "\x85", "\x7f", "[bold]", "[@click=app.quit]", "é", "e\u0301", "…",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(blacklist_categories=()))),
    max_size=12,
).map("".join)
# Text with nothing to remove: no controls, format or surrogate characters.
plain_char = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))


@given(hostile_text)
@example("\x1b\x00[31m")
@example("\x9d unterminated OSC")
def test_strip_controls_leaves_nothing_a_terminal_acts_on(value: str) -> None:
    out = strip_controls(value)
    assert FORBIDDEN.search(out) is None
    assert strip_controls(out) == out
    out.encode("utf-8")  # storable and printable


@given(hostile_text)
def test_clean_text_is_safe_and_idempotent(value: str) -> None:
    out = clean_text(value)
    assert FORBIDDEN.search(out) is None and "\t" not in out
    assert clean_text(out) == out
    assert is_clean(out)


@given(hostile_text, st.integers(min_value=2, max_value=300))
def test_clean_line_is_one_safe_bounded_line(value: str, limit: int) -> None:
    out = clean_line(value, limit)
    assert FORBIDDEN.search(out) is None and "\n" not in out and "\t" not in out
    assert len(out) <= limit
    assert clean_line(out, limit) == out


@given(st.text(plain_char | st.sampled_from("\n\t")))
def test_strip_controls_keeps_plain_text(value: str) -> None:
    assert strip_controls(value) == value


@given(st.lists(st.text(plain_char.filter(lambda c: not c.isspace()), min_size=1), max_size=20))
def test_clean_line_keeps_a_plain_line(words: list[str]) -> None:
    line = unicodedata.normalize("NFC", " ".join(words))
    if line == line.strip() and "  " not in line and len(line) <= 1000:
        assert clean_line(line) == line


# --- canonical URLs -----------------------------------------------------------------------------

schemes = st.sampled_from(["http", "https", "HTTP", "Https", "ftp", "file", "javascript",
                           "data", "mailto", ""])
hosts = st.one_of(
    st.sampled_from(["news.example", "NEWS.Example.", "127.0.0.1", "[::1]", "xn--bcher-kva.de",
                     "bücher.de", "", "a b", "host:99999", "host:0", "[::1", "user@host"]),
    st.text(max_size=12),
)
query_keys = st.one_of(
    st.sampled_from(["utm_source", "UTM_Medium", "utm_campaign", "fbclid", "gclid", "id", "page",
                     "q", "ref", "mc_eid"]),
    st.text(max_size=6),
)
queries = st.lists(st.tuples(query_keys, st.text(max_size=8)), max_size=5).map(
    lambda pairs: "&".join(f"{k}={v}" for k, v in pairs)
)
urls = st.one_of(
    st.builds(
        lambda scheme, host, path, query, fragment: (
            f"{scheme}://{host}/{path}" + (f"?{query}" if query else "") + fragment
        ),
        schemes, hosts, st.text(max_size=15), queries,
        st.sampled_from(["", "#top", "#\x1b[31m"]),
    ),
    st.text(max_size=40),
    st.sampled_from(FRAGMENTS).map(lambda f: f"https://news.example/a{f}b"),
)


@given(urls, st.sampled_from([None, "https://news.example/feed", "http://127.0.0.1:8765/x/"]))
@settings(max_examples=300)
@example("javascript:alert(1)", None)
@example("//evil.example/a", "https://news.example/feed")
@example("https://news.example/a?utm_source=x&id=3&UTM_MEDIUM=y#frag", None)
@example("http://news.example/??utm_source=", None)
def test_canonical_url_properties(url: str, base: str | None) -> None:
    out = canonical_url(url, base)  # never raises
    if out is None:
        return
    assert out.startswith(("http://", "https://"))
    assert "#" not in out and is_clean(out)
    assert not any(ch.isspace() for ch in out)
    keys = [k.lower() for k, _ in parse_qsl(urlsplit(out).query, keep_blank_values=True)]
    assert not any(k.startswith("utm_") or k in ("fbclid", "gclid") for k in keys)
    assert canonical_url(out) == out


def test_canonical_url_examples() -> None:
    assert canonical_url("https://News.Example:443/a?utm_source=x&id=3#frag") == (
        "https://news.example/a?id=3"
    )
    assert canonical_url("file:///etc/passwd") is None
    assert canonical_url("https://news.example/\u202eevil") is None
    assert canonical_url("https://news.example/a\x85b") is None
    assert canonical_url("http://./") is None  # a host of only its root dot is none
    assert canonical_url("http://news.example./a") == "http://news.example/a"


# --- export file names --------------------------------------------------------------------------

WHEN = datetime(2026, 11, 28, tzinfo=UTC)


@given(
    st.one_of(
        hostile_text,
        st.sampled_from(["../../etc/passwd", "..", ".", "CON", "nul.txt", "a/b\\c", "/",
                         "x" * 10_000, "~/.bashrc", "-rf", "story-1-a.md"]),
    ),
    st.integers(min_value=0, max_value=10**12),
)
def test_export_file_names_are_safe(title: str, story_id: int) -> None:
    name = default_filename(Story(story_id, title, WHEN, WHEN, ()))
    assert re.fullmatch(r"story-[0-9]+(-[a-z0-9]+(-[a-z0-9]+)*)?\.md", name), name
    assert len(name.encode()) <= 100 and ".." not in name
