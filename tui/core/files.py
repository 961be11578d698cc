"""Files pressdiff writes for the analyst (briefs, digests, exports): safe names made from
titles, and writing that is whole or nothing and never replaces a file unless asked."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from tui.core.models import Story
from tui.core.sanitize import clean_line


class ExportError(Exception):
    """Writing failed; the message names the path and the problem."""


_TRANSLIT = str.maketrans({
    "ə": "e", "Ə": "E", "ı": "i", "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O",
    "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "œ": "oe", "Œ": "OE",
    **dict(zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
        strict=True,
    )),
})
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}
_MAX_STEM = 80


def _slug(value: str) -> str:
    value = clean_line(value).lower().translate(_TRANSLIT).replace("_", "")
    ascii_only = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def default_filename(story: Story) -> str:
    """``story-<id>-<slug>.md``: ASCII letters, digits and hyphens, at most 80 chars + .md."""
    prefix = f"story-{_slug(str(story.id)) or '0'}"
    slug = _slug(story.title)
    stem = f"{prefix}-{slug}" if slug else prefix
    if len(stem) > _MAX_STEM:
        stem = stem[:_MAX_STEM]
        if "-" in stem[len(prefix):]:
            stem = stem[: stem.rfind("-")]  # cut at a word boundary
        stem = stem.rstrip("-")
    if stem.lower() in _RESERVED:  # cannot happen with the prefix; guard the invariant
        stem = f"{stem}-story"
    return f"{stem}.md"


# --------------------------------------------------------------------------- writing


def write_export(text: str, path: Path, force: bool = False) -> Path:
    """Write atomically: a temp file in the same directory, then rename over ``path``."""
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path} is a directory; give a file name")
    if path.exists() and not force:
        raise ExportError(f"{path} exists; use --force to overwrite")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the brief from colleagues
        if force:
            os.replace(tmp, path)
        else:
            _place_new(tmp, path)
    except ExportError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def _place_new(tmp: Path, path: Path) -> None:
    """Move tmp to a path that must not exist yet, without a window to clobber a new file."""
    try:
        os.link(tmp, path)  # fails if path appeared since the check
    except FileExistsError as exc:
        raise ExportError(f"{path} exists; use --force to overwrite") from exc
    except OSError:
        os.replace(tmp, path)  # file system without hard links: best effort
        return
    tmp.unlink(missing_ok=True)
