"""The filter language shared by `/`, `--filter`, watches and digests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tui.core.story_filter import TagTerm, parse_duration, parse_filter, parse_since

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_words_and_tag_terms_are_split() -> None:
    parsed = parse_filter("tag:state-aligned baku  port")
    assert parsed.search == "baku  port"
    assert parsed.terms == (TagTerm(None, ("state-aligned",)),)
    assert parse_filter("port strike").terms == ()
    assert parse_filter("").empty and parse_filter(None).empty


def test_every_term_is_kept_in_order() -> None:
    parsed = parse_filter("kind:opinion country:AZ NGO")
    assert [str(t) for t in parsed.terms] == ["kind:opinion", "country:az"]
    assert parsed.search == "NGO"


def test_kind_abbreviations_stand_for_the_kinds_they_shorten() -> None:
    (pub,) = parse_filter("kind:pub").terms
    assert set(pub.values) == {"pub", "public-broadcaster", "public"}
    (wire,) = parse_filter("kind:wire").terms
    assert "news-agency" in wire.values  # both show as "wire" in the list
    (state,) = parse_filter("kind:state-aligned").terms
    assert set(state.values) == {"state-aligned", "state"}  # both show as "state"


@pytest.mark.parametrize("value,expected", [
    ("24h", NOW - timedelta(hours=24)),
    ("7d", NOW - timedelta(days=7)),
    (" 2W ", NOW - timedelta(weeks=2)),
    ("2026-11-20", datetime(2026, 11, 20, tzinfo=UTC)),
    ("2026-11-20T08:00+02:00", datetime(2026, 11, 20, 6, tzinfo=UTC)),
    ("", None),
    (None, None),
])
def test_since_takes_durations_and_dates(value, expected) -> None:
    assert parse_since(value, NOW) == expected


@pytest.mark.parametrize("value", ["yesterday", "0d", "5m", "-3d"])
def test_since_rejects_what_it_cannot_read_naming_the_value(value) -> None:
    with pytest.raises(ValueError, match="24h, 7d or 2w"):
        parse_since(value, NOW)


def test_duration_is_none_for_non_durations() -> None:
    assert parse_duration("90d") == timedelta(days=90)
    assert parse_duration("0h") is None and parse_duration("2026-01-01") is None
