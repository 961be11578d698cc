"""cluster-jsonl: cluster articles given as JSON lines and write one cluster id per article.

Input: one JSON object per line with ``id`` and ``title`` (required) and optionally ``outlet``,
``published`` (ISO 8601 string, or epoch milliseconds as a number), ``text``, ``summary``,
``url``, ``country`` (the outlet's country: an ISO code or a name) and ``kind`` (the
outlet's kind, as feeds.toml tags it: "opinion", "wire"...); blank lines are
skipped. Everything is read and checked before anything is written.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any, TextIO

from tui.core.cluster import ClusterConfig, Doc, cluster_docs, outlet_kind
from tui.core.places import gazetteer
from tui.core.sanitize import clean_line, clean_text

_OPTIONAL_TEXT = ("outlet", "text", "summary", "url", "country", "kind")
_DEFAULT_CONFIG = ClusterConfig()  # frozen: safe as a shared default


class ClusterInputError(ValueError):
    """A malformed input line; ``str()`` reads like ``line 7: "title" is missing``."""

    def __init__(self, line_no: int, message: str) -> None:
        super().__init__(f"line {line_no}: {message}")
        self.line_no = line_no
        self.message = message


def _parse_published(value: Any, line_no: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ClusterInputError(line_no, '"published" must be an ISO 8601 string or epoch ms')
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ClusterInputError(line_no, '"published" is not a finite number')
        return float(value) / 1000.0
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ClusterInputError(
                line_no, f'"published" is not an ISO 8601 date: {clean_line(value, 60)!r}'
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)  # no offset given: read it as UTC
        return moment.timestamp()
    raise ClusterInputError(line_no, '"published" must be an ISO 8601 string or epoch ms')


def _parse_record(line: str, line_no: int) -> tuple[Any, Doc]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ClusterInputError(line_no, f"invalid JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise ClusterInputError(line_no, "not a JSON object")
    if "id" not in record or record["id"] is None:
        raise ClusterInputError(line_no, '"id" is missing')
    doc_id = record["id"]
    if isinstance(doc_id, bool) or not isinstance(doc_id, int | str):
        raise ClusterInputError(line_no, '"id" must be a string or an integer')
    if isinstance(doc_id, str) and not doc_id.strip():
        raise ClusterInputError(line_no, '"id" is empty')
    if "title" not in record or record["title"] is None:
        raise ClusterInputError(line_no, '"title" is missing')
    if not isinstance(record["title"], str):
        raise ClusterInputError(line_no, '"title" must be a string')
    title = clean_line(record["title"])
    if not title:
        raise ClusterInputError(line_no, '"title" is empty')
    for key in _OPTIONAL_TEXT:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise ClusterInputError(line_no, f'"{key}" must be a string')
    published = _parse_published(record.get("published"), line_no)
    text = clean_text(record.get("text") or record.get("summary") or "")
    outlet = clean_line(record.get("outlet")) or None
    country = record.get("country")
    code = gazetteer().code(country) if country else None
    if country and code is None:
        raise ClusterInputError(line_no, f'"country" {clean_line(country, 40)!r} names no country')
    return doc_id, Doc(id=doc_id, title=title, text=text, outlet=outlet, published=published,
                       country=code, kind=outlet_kind(record.get("kind")))


def read_docs(infile: TextIO) -> list[Doc]:
    """Parse and validate every line; raises ClusterInputError on the first bad one."""
    docs: list[Doc] = []
    seen: dict[Any, int] = {}
    for line_no, line in enumerate(infile, start=1):
        if not line.strip():
            continue
        doc_id, doc = _parse_record(line, line_no)
        if doc_id in seen:
            raise ClusterInputError(
                line_no, f'duplicate "id" {clean_line(str(doc_id), 60)!r} (first on line '
                f"{seen[doc_id]})"
            )
        seen[doc_id] = line_no
        docs.append(doc)
    return docs


def run(infile: TextIO, outfile: TextIO, config: ClusterConfig = _DEFAULT_CONFIG) -> int:
    """Cluster the records of ``infile``; write ``{"id": ..., "cluster": ...}`` per record, in
    input order, to ``outfile``. Returns the number of records."""
    docs = read_docs(infile)
    placements = cluster_docs(docs, config)
    for placement in placements:
        outfile.write(json.dumps({"id": placement.doc_id, "cluster": placement.cluster_id},
                                 ensure_ascii=False) + "\n")
    return len(placements)
