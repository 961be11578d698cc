"""What pressdiff says to people, worded once: counts with the right plural, and the line
that ends a refresh (the CLI prints it, the app shows it, the progress event carries it)."""

from __future__ import annotations

from typing import Any, Protocol


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``count(1, "outlet")`` -> "1 outlet"; ``count(3, "story", "stories")`` -> "3 stories"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


class _Report(Protocol):
    feeds_ok: int
    feeds_not_modified: int
    feeds_failed: list
    new_articles: int
    updated_articles: int
    extracted: int
    new_stories: int
    stories_error: str | None
    cancelled: bool
    seconds: float

    def slowest_phase(self) -> tuple[str, Any] | None: ...


def refresh_summary(report: _Report) -> str:
    """One line for the end of a refresh: what was fetched, what came in, what failed.

    A refresh where every feed failed does not call itself refreshed."""
    failed = len(report.feeds_failed)
    tried = report.feeds_ok + failed
    if report.cancelled:
        head = "Refresh cancelled"
    elif failed and not report.feeds_ok:
        head = f"Refresh failed: {'the feed' if failed == 1 else f'all {failed} feeds'} failed"
        return head + (f" ({report.seconds:.1f} s)" if report.seconds else "")
    else:
        head = "Refreshed " + count(tried, "feed")
    notes = []
    if report.feeds_not_modified:
        notes.append(f"{report.feeds_not_modified} not modified")
    if failed:
        notes.append(f"{failed} failed")
    if notes:
        head += f" ({', '.join(notes)})"
    parts = [
        f"{count(report.new_articles, 'new article')}, {report.updated_articles} updated",
    ]
    if report.extracted:
        parts.append(count(report.extracted, "page") + " extracted")
    if report.stories_error:
        parts.append("stories not updated")
    else:
        parts.append(count(report.new_stories, "new story", "new stories"))
    if getattr(report, "pruned", 0):
        parts.append(count(report.pruned, "old article") + " pruned")
    if getattr(report, "prune_error", None):
        parts.append("old articles not pruned")
    line = f"{head}: {'; '.join(parts)} in {report.seconds:.1f} s"
    slowest = report.slowest_phase() if report.seconds > SLOW_REFRESH_SECONDS else None
    if slowest is not None:
        name, phase = slowest
        line += f" (slowest: {PHASE_NAMES.get(name, name)} {phase.wall:.1f} s)"
    return line


# A refresh slower than this names its slowest phase, so the analyst sees where time went.
SLOW_REFRESH_SECONDS = 5.0
PHASE_NAMES = {"fetch": "fetching", "parse": "parsing feeds", "store": "storing",
               "extract": "extracting pages", "cluster": "clustering"}
