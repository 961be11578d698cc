"""When each outlet published, and which outlets and tags did not cover the story."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from tui.core.compare.records import Gaps, OutletGap, TagGap, TimelineEntry
from tui.core.models import Article, OutletCoverage, Story

# --------------------------------------------------------------------------- timeline & gaps


def timeline(articles: list[Article]) -> list[TimelineEntry]:
    ordered = sorted(articles, key=lambda a: (a.when, a.outlet, a.id))
    if not ordered:
        return []
    first = ordered[0].when
    return [
        TimelineEntry(
            article_id=a.id,
            outlet=a.outlet,
            title=a.title,
            when=a.when,
            time_known=a.published is not None,
            delta=a.when - first,
            first=i == 0,
        )
        for i, a in enumerate(ordered)
    ]


def coverage_gaps(story: Story, coverage: Sequence[OutletCoverage]) -> Gaps:
    covered = {a.outlet for a in story.articles}
    covered_tags = {(k, v) for a in story.articles for k, v in a.outlet_tags.items()}
    start, end = story.first_seen, story.last_seen
    gap_outlets: list[OutletGap] = []
    unknown: list[str] = []
    eligible_by_tag: dict[tuple[str, str], list[str]] = defaultdict(list)
    for cov in sorted(coverage, key=lambda c: c.outlet):
        if cov.outlet in covered:
            continue
        eligible = (
            cov.last_ok_fetch is not None
            and cov.last_ok_fetch >= start
            and cov.oldest_item is not None
            and cov.newest_item is not None
            and cov.oldest_item <= end
            and cov.newest_item >= start
        )
        if not eligible:
            unknown.append(cov.outlet)
            continue
        gap_outlets.append(OutletGap(outlet=cov.outlet, tags=dict(cov.tags)))
        for key, value in cov.tags.items():
            eligible_by_tag[(key, value)].append(cov.outlet)
    tag_gaps = tuple(
        TagGap(key=k, value=v, outlets=tuple(outlets))
        for (k, v), outlets in sorted(eligible_by_tag.items())
        if (k, v) not in covered_tags
    )
    return Gaps(
        coverage_known=bool(coverage),
        outlets=tuple(gap_outlets),
        tags=tag_gaps,
        unknown=tuple(unknown),
    )


