"""Page extraction keeps the article body and drops the site furniture; short pages keep
the feed's text with a reason; byline and date come along when the page has them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.loopback import page
from tui.core.extract import MIN_WORDS, extract_page
from tui.demo import load_corpus
from tui.demo.render import SITES, render_page

BASE = "http://127.0.0.1:8765"
CORPUS = load_corpus()

PARAGRAPHS = [
    "The harbour authority said on Tuesday that the northern breakwater would close for "
    "repairs from the first week of December, diverting smaller vessels to the old quay.",
    "Engineers found that storm damage last winter had loosened several concrete blocks "
    "along a forty metre stretch, and divers will survey the foundations before any work.",
    "Fishing cooperatives asked for a temporary berth closer to the market hall, saying the "
    "longer route would cost crews an hour each morning during the busiest season.",
]


def test_body_is_kept_and_furniture_dropped() -> None:
    result = extract_page(page("Breakwater to close for repairs", PARAGRAPHS),
                          "https://harbour.example/breakwater")
    assert result.text is not None
    for paragraph in PARAGRAPHS:
        assert paragraph in result.text
    for furniture in ("We use cookies", "All rights reserved", "Home"):
        assert furniture not in result.text
    assert result.reason.startswith("extracted from the page (")
    assert result.title == "Breakwater to close for repairs"


@pytest.mark.parametrize(
    "path",
    ["caspian-wire/azerbaijan-orders-un-agencies-ngos-close-baku-offices",
     "meridian/azerbaijan-tells-un-agencies-to-leave-baku",
     "free-caucasus/baku-shows-un-and-ngos-the-door",
     "lantern/azerbaijan-self-isolation-is-europes-problem"],
)
def test_demo_pages_give_the_article_and_not_the_banner(path: str) -> None:
    article = CORPUS.article(path)
    site = SITES[article.outlet]
    result = extract_page(render_page(CORPUS, article, BASE), BASE + article.route)
    assert result.text is not None, result.reason
    text = " ".join(result.text.split())
    for paragraph in article.body:
        assert " ".join(paragraph.split()) in text
    assert site.cookie[:50] not in text
    assert site.footer[:40] not in text
    assert site.newsletter[:40] not in text
    for _, comment in site.comments:
        assert comment[:40] not in text


def test_author_and_date_come_from_the_page() -> None:
    article = CORPUS.article("caspian-wire/azerbaijan-orders-un-agencies-ngos-close-baku-offices")
    result = extract_page(render_page(CORPUS, article, BASE), BASE + article.route)
    assert result.author == article.author
    assert result.published is not None and result.published.tzinfo is not None
    assert result.published.date() == article.published.date()


def test_page_without_metadata_has_none() -> None:
    result = extract_page(page("Breakwater", PARAGRAPHS), "https://harbour.example/b")
    assert result.author is None


def test_too_short_page_keeps_the_feed_text_with_a_reason() -> None:
    result = extract_page(page("Subscribe", ["Subscribe to read the rest of this story."]),
                          "https://harbour.example/paywalled")
    assert result.text is None
    assert result.reason.startswith("page text too short (")
    assert int(result.reason.split("(")[1].split()[0]) < MIN_WORDS


def test_page_shorter_than_the_feed_text_keeps_the_feed_text() -> None:
    feed_text = " ".join(PARAGRAPHS * 4)
    result = extract_page(page("Breakwater", PARAGRAPHS), "https://harbour.example/b",
                          feed_text=feed_text)
    assert result.text is None
    assert "shorter than the feed's" in result.reason


@pytest.mark.parametrize("body", [b"", b"not html at all", b"<html><body></body></html>"])
def test_empty_pages_say_no_text_was_found(body: bytes) -> None:
    result = extract_page(body, "https://harbour.example/empty")
    assert result.text is None
    assert result.reason == "no article text found on the page" or result.reason.startswith(
        "page text too short ("
    )


def test_date_is_midnight_utc_when_the_page_gives_only_a_day() -> None:
    dated = page("Breakwater", PARAGRAPHS).replace(
        b"</head>", b'<meta property="article:published_time" content="2026-11-24"></head>'
    )
    result = extract_page(dated, "https://harbour.example/b")
    assert result.published == datetime(2026, 11, 24, tzinfo=UTC)


def test_a_headline_repeated_inside_the_article_is_not_the_first_paragraph() -> None:
    """The Herald's template puts its <h1> inside <article>: the headline is shown on its
    own, so the text must start with the first real paragraph (word counts and shared
    statements depend on it)."""
    herald = CORPUS.article("state-herald/azerbaijan-moves-to-new-format-of-partnership-with-un")
    result = extract_page(render_page(CORPUS, herald, BASE), herald.route)
    assert result.text is not None
    assert result.text.split("\n", 1)[0] == herald.body[0]
    assert not result.text.startswith(herald.title)


GOLD_PAGES = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "extraction"


@pytest.mark.parametrize("name", ["24-county-fair-attendance", "26-obituary-margaret-lowell"])
def test_a_page_precision_cuts_to_a_stub_still_gives_its_article(name: str) -> None:
    # Table-layout pages: precision-leaning extraction keeps almost nothing of them, and the
    # analyst would be left with the feed's summary. The second, balanced pass finds the body.
    html = (GOLD_PAGES / "pages" / f"{name}.html").read_bytes()
    gold = (GOLD_PAGES / "gold" / f"{name}.txt").read_text().split("\n")
    result = extract_page(html, f"https://example.org/{name}")
    assert result.text is not None, result.reason
    body_lines = [line for line in gold if len(line.split()) > 8]
    assert sum(line in result.text for line in body_lines) >= len(body_lines) * 0.8
