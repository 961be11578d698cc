"""Make text from feeds and pages safe to store, print and display.

Everything from a feed is hostile: escape sequences (ANSI CSI, OSC including
OSC 52 clipboard writes, DCS/APC/PM strings) and C0/C1 control characters are
removed before anything is stored or shown. Markup is *not* escaped here: the
UI renders plain ``rich.text.Text`` and never parses feed text as markup, and
the Markdown export escapes for CommonMark itself.
"""

from __future__ import annotations

import re
import unicodedata

# ESC-introduced sequences, in their 7-bit and 8-bit (C1) forms:
#   CSI  ESC [ ... final byte         | \x9b ... final
#   OSC  ESC ] ... (BEL | ESC \ | ST) | \x9d ...
#   DCS/SOS/PM/APC  ESC P|X|^|_ ... ST
#   two-character escapes ESC <0x20-0x7e>
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?                       # CSI (final byte may be missing)
  | (?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|$)  # OSC, DCS, SOS, PM, APC
  | \x1b[ -~]?                                              # other ESC sequences / lone ESC
    """,
    re.VERBOSE | re.DOTALL,
)
# C0 except \t and \n, DEL, C1; plus Unicode bidi overrides and other format
# characters that can disguise text in a terminal (keep ZWJ/ZWNJ for scripts
# that need them).
# Lone surrogates (from numeric character references like &#xD800;) cannot be encoded
# as UTF-8: they would break SQLite, JSON output and the terminal; U+FFFE/U+FFFF are
# noncharacters.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff"
    "\ud800-\udfff\ufffe\uffff]"
)
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def strip_controls(value: str) -> str:
    """Remove escape sequences and control characters; keep newlines and tabs."""
    if not value:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _ESCAPES.sub("", value)
    return _CONTROLS.sub("", value)


def clean_text(value: str | None) -> str:
    """Body text: controls removed, NFC, runs of spaces folded, paragraphs kept."""
    if not value:
        return ""
    value = unicodedata.normalize("NFC", strip_controls(value)).replace("\t", " ")
    lines = [_SPACES.sub(" ", line).strip() for line in value.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_line(value: str | None, limit: int = 1000) -> str:
    """A one-line field (title, author, outlet name): no newlines, bounded length."""
    if not value:
        return ""
    value = unicodedata.normalize("NFC", strip_controls(value))
    value = _SPACES.sub(" ", value.replace("\n", " ")).strip()
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value


def is_clean(value: str) -> bool:
    """True when `value` holds no control characters that `strip_controls` would remove."""
    return strip_controls(value) == value.replace("\r\n", "\n").replace("\r", "\n")
