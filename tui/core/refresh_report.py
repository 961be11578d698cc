"""What a refresh tells while it runs (progress events) and when it ends (the report: feeds,
articles, pages, stories, failures, and the time each phase took)."""

from __future__ import annotations

import signal
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    # phase, feed-started, feed-done, feed-failed, articles, extracted, clustered, finished
    kind: str
    phase: str  # fetching | extracting | clustering | done
    done: int
    total: int
    outlet: str | None = None
    feed_url: str | None = None
    message: str = ""


# Where a refresh spends its time. Phases overlap (pages are extracted and feeds parsed
# while others download), so their wall times do not add up to the refresh's.
PHASES = ("fetch", "parse", "store", "extract", "cluster")


@dataclass
class PhaseTime:
    """``wall``: seconds spent in the phase (summed over its jobs for parse and extract,
    which run in worker processes; for fetch, from the start until the last feed answered);
    ``cpu``: CPU seconds it used (in the worker processes for parse and extract)."""

    wall: float = 0.0
    cpu: float = 0.0

    def add(self, wall: float, cpu: float) -> None:
        self.wall += wall
        self.cpu += cpu


@dataclass
class RefreshReport:
    feeds_ok: int = 0
    feeds_failed: list[tuple[str, str, str]] = field(default_factory=list)  # outlet, url, reason
    feeds_not_modified: int = 0
    new_articles: int = 0
    updated_articles: int = 0
    extracted: int = 0
    extraction_fallbacks: int = 0
    new_stories: int = 0
    # Why the stories were not updated (clustering raised); the articles are stored and
    # the next refresh clusters them. None when clustering ran.
    stories_error: str | None = None
    cancelled: bool = False
    # The signal that stopped the refresh (SIGTERM, SIGINT, SIGHUP), if one did; then
    # ``pages_left`` says how many article pages wait for the next refresh.
    interrupted_by: int | None = None
    pages_left: int = 0
    # Old articles removed after the refresh (`[settings] keep_days`).
    pruned: int = 0
    prune_error: str | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process and the work done in its worker processes
    phases: dict[str, PhaseTime] = field(
        default_factory=lambda: {name: PhaseTime() for name in PHASES}
    )
    feed_results: list[dict] = field(default_factory=list)

    def slowest_phase(self) -> tuple[str, PhaseTime] | None:
        timed = [(name, phase) for name, phase in self.phases.items() if phase.wall > 0]
        return max(timed, key=lambda item: item[1].wall) if timed else None

    def to_dict(self) -> dict:
        return {
            "feeds_ok": self.feeds_ok,
            "feeds_not_modified": self.feeds_not_modified,
            "feeds_failed": [
                {"outlet": o, "url": u, "reason": r} for o, u, r in self.feeds_failed
            ],
            "new_articles": self.new_articles,
            "updated_articles": self.updated_articles,
            "extracted": self.extracted,
            "extraction_fallbacks": self.extraction_fallbacks,
            "new_stories": self.new_stories,
            "stories_error": self.stories_error,
            "cancelled": self.cancelled,
            "interrupted_by": (signal.Signals(self.interrupted_by).name
                               if self.interrupted_by else None),
            "pages_left": self.pages_left,
            "pruned": self.pruned,
            "prune_error": self.prune_error,
            "seconds": round(self.seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "phases": {name: {"wall": round(phase.wall, 3), "cpu": round(phase.cpu, 3)}
                       for name, phase in self.phases.items()},
            "feeds": self.feed_results,
        }


Emit = Callable[[Event], None]
