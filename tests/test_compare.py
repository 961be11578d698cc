"""Comparison of a story's articles, on small hand-written stories whose answers are obvious."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.compare import (
    CompareOptions,
    compare_story,
    distinctive_terms,
    extract_quotes,
    sentence_marks,
    split_sentences,
)
from tui.core.models import Article, Member, OutletCoverage, Story

T0 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
TAGS = {
    "Wire": {"kind": "wire", "country": "AZ"},
    "Herald": {"kind": "state-aligned", "country": "AZ"},
    "Courier": {"kind": "independent", "country": "AZ"},
    "Reprinter": {"kind": "public", "country": "GE"},
}


def art(
    article_id: int, outlet: str, text: str, minutes: int = 0, title: str = "",
    published: bool = True,
) -> Article:
    when = T0 + timedelta(minutes=minutes)
    return Article(
        id=article_id, outlet=outlet, outlet_tags=TAGS.get(outlet, {"kind": "other"}),
        feed_url="https://feeds.example/rss", url=f"https://{outlet.lower()}.example/{article_id}",
        title=title or f"{outlet} headline", author=None,
        published=when if published else None, fetched_at=when + timedelta(minutes=5),
        summary="", text=text, text_source="page", text_reason="test",
    )


def story(*articles: Article, hours: int = 6) -> Story:
    return Story(
        id=1, title="Test story", first_seen=T0, last_seen=T0 + timedelta(hours=hours),
        members=tuple(Member(a, 0.9, (), "auto") for a in articles),
    )


# --------------------------------------------------------------------------- sentences


def test_abbreviations_initials_and_decimals_do_not_end_sentences() -> None:
    text = (
        "Mr. J. R. Smith met U.N. officials on Jan. 5 in Baku. "
        "The central bank held its rate at 7.25% on Tuesday. "
        "Dr. Aliyeva, of the U.S. embassy, declined to comment."
    )
    assert split_sentences(text) == [
        "Mr. J. R. Smith met U.N. officials on Jan. 5 in Baku.",
        "The central bank held its rate at 7.25% on Tuesday.",
        "Dr. Aliyeva, of the U.S. embassy, declined to comment.",
    ]


def test_sentence_ending_in_an_acronym_still_splits() -> None:
    assert split_sentences("The offices belong to the U.N. The ministry gave no reason.") == [
        "The offices belong to the U.N.",
        "The ministry gave no reason.",
    ]


def test_quotations_and_paragraphs() -> None:
    text = (
        '"We will leave. It is a sad day," said Anna Berg. Staff were told on Monday!\n\n'
        "Is this the end? Nobody knows."
    )
    assert split_sentences(text) == [
        '"We will leave. It is a sad day," said Anna Berg.',
        "Staff were told on Monday!",
        "Is this the end?",
        "Nobody knows.",
    ]


def test_unclosed_quote_does_not_swallow_the_paragraph() -> None:
    text = '"The first part of a long quote. It goes on. And on.'
    assert len(split_sentences(text)) == 3


def test_sentences_know_their_paragraph() -> None:
    a = art(1, "Wire", "First one. Second one.\n\nThird one in a new paragraph.")
    c = compare_story(story(a))
    assert [(s.paragraph, s.text) for s in c.sentences[1]] == [
        (0, "First one."), (0, "Second one."), (1, "Third one in a new paragraph.")]


def test_list_numbers_do_not_become_sentences() -> None:
    assert split_sentences("1. The first point. 2. The second point.") == [
        "1. The first point.",
        "2. The second point.",
    ]


# --------------------------------------------------------------------------- shared / unique

SHARED = "The foreign ministry ordered the offices of four aid agencies to close within 30 days."
PARAPHRASE = (
    "Four aid agencies must close their offices within 30 days, the foreign ministry ordered."
)
WIRE_ONLY = "The agencies employ about 220 local staff across the country."
HERALD_ONLY = "Officials said the decision protects national sovereignty and the public interest."
COURIER_ONLY = "Rights groups called the order a crackdown that deepens the country's isolation."


def test_shared_and_unique_statements_and_shares() -> None:
    wire = art(1, "Wire", f"{SHARED} {WIRE_ONLY}", 0)
    herald = art(2, "Herald", f"{PARAPHRASE} {HERALD_ONLY}", 30)
    courier = art(3, "Courier", COURIER_ONLY, 60)
    c = compare_story(story(wire, herald, courier))

    shared = [s for s in c.statements if s.shared]
    assert len(shared) == 1
    assert shared[0].text == SHARED  # the first publisher's wording
    assert shared[0].outlets == ("Wire", "Herald")
    assert shared[0].article_ids == (1, 2)

    unique = {s.text for s in c.statements if not s.shared}
    assert unique == {WIRE_ONLY, HERALD_ONLY, COURIER_ONLY}

    stats = {a.article_id: a for a in c.articles}
    shared_words, wire_words = len(SHARED.split()), len(WIRE_ONLY.split())
    assert stats[1].unique_share == pytest.approx(wire_words / (shared_words + wire_words),
                                                  abs=1e-3)
    assert stats[3].unique_share == 1.0
    assert c.independent_outlet_count == 3

    assert [(m.text, m.shared) for m in sentence_marks(c, 2)] == [
        (PARAPHRASE, True), (HERALD_ONLY, False)]
    assert [(m.text, m.shared) for m in sentence_marks(c, 3)] == [(COURIER_ONLY, False)]
    assert sentence_marks(c, 999) == []
    paraphrase = sentence_marks(c, 2)[0]
    assert paraphrase.echoes == ("Wire",) and paraphrase.closest == (1, 0)
    # The words the Herald's wording has and the wire's has not.
    assert [PARAPHRASE[a:b] for a, b in paraphrase.changed] == ["must", "their"]


def test_different_sentences_on_the_same_topic_are_not_matched() -> None:
    a = art(1, "Wire", "The foreign ministry ordered four aid agencies to close their offices.")
    b = art(2, "Courier", "The foreign ministry denied that aid agencies were being expelled.", 5)
    c = compare_story(story(a, b))
    assert not any(s.shared for s in c.statements)


def test_boilerplate_too_short_to_count_as_shared() -> None:
    a = art(1, "Wire", f"{WIRE_ONLY} He declined to comment.")
    b = art(2, "Courier", f"{COURIER_ONLY} He declined to comment.", 5)
    c = compare_story(story(a, b))
    assert not any(s.shared for s in c.statements)


def test_same_outlet_update_is_not_a_second_source() -> None:
    first = art(1, "Wire", f"{SHARED} {WIRE_ONLY}", 0)
    update = art(2, "Wire", f"{SHARED} {WIRE_ONLY} A second paragraph was added later on.", 90)
    c = compare_story(story(first, update))
    assert not any(s.shared for s in c.statements)
    assert all(a.reprint_of is None for a in c.articles)
    assert c.independent_outlet_count == 1


# --------------------------------------------------------------------------- reprints

WIRE_TEXT = (
    f"{SHARED} {WIRE_ONLY} The order was published in the official gazette on Monday. "
    "None of the agencies commented immediately."
)


def _reprint_story() -> Story:
    wire = art(1, "Wire", WIRE_TEXT, 0)
    reprint = art(2, "Reprinter", WIRE_TEXT + " This report is based on wire copy.", 40)
    courier = art(3, "Courier", f"{SHARED} {COURIER_ONLY}", 90)
    return story(wire, reprint, courier)


def test_wire_copy_is_flagged_as_a_reprint_of_the_earlier_article() -> None:
    c = compare_story(_reprint_story())
    stats = {a.article_id: a for a in c.articles}
    assert stats[2].reprint_of == 1 and stats[2].reprint_of_outlet == "Wire"
    assert stats[2].matched_share == pytest.approx(4 / 5)
    assert stats[1].reprint_of is None and stats[3].reprint_of is None
    # Wire and Courier are independent sources; the reprinter is not.
    assert c.independent_outlet_count == 2
    assert [o.outlet for o in c.outlets if o.reprint_only] == ["Reprinter"]


def test_reprint_does_not_make_wire_statements_look_widely_shared() -> None:
    c = compare_story(_reprint_story())
    by_text = {s.text: s for s in c.statements}
    wire_only = by_text[WIRE_ONLY]
    assert wire_only.outlets == ("Wire", "Reprinter")  # printed by both ...
    assert wire_only.independent_outlets == ("Wire",)  # ... but said by one source
    assert not wire_only.shared
    shared = by_text[SHARED]
    assert shared.independent_outlets == ("Wire", "Courier")
    # The wire keeps its own statements as its own; the reprint's copied lines are marked.
    marks = {m.text: m.shared for m in sentence_marks(c, 1)}
    assert marks[WIRE_ONLY] is False and marks[SHARED] is True
    assert {m.text: m.shared for m in sentence_marks(c, 2)}[WIRE_ONLY] is True
    stats = {a.article_id: a for a in c.articles}
    assert stats[2].unique_share == pytest.approx(7 / 48, abs=0.001)  # only its added line


def test_reprint_of_a_reprint_still_credits_the_wire() -> None:
    wire = art(1, "Wire", WIRE_TEXT, 0)
    first = art(2, "Reprinter", WIRE_TEXT + " This report is based on wire copy.", 40)
    second = art(3, "Courier", WIRE_TEXT + " This report is based on wire copy.", 80)
    c = compare_story(story(wire, first, second))
    # The second copied the first reprint, added line included ...
    assert {a.article_id: a.reprint_of_outlet for a in c.articles} == {
        1: None, 2: "Wire", 3: "Reprinter"}
    assert c.independent_outlet_count == 1
    # ... but the wire's sentences are still the wire's, whoever passed them on.
    by_text = {s.text: s for s in c.statements}
    assert by_text[WIRE_ONLY].outlets == ("Wire", "Reprinter", "Courier")
    assert by_text[WIRE_ONLY].independent_outlets == ("Wire",)
    added = by_text["This report is based on wire copy."]
    assert added.outlets == ("Reprinter", "Courier")
    assert added.independent_outlets == ("Reprinter",)


def test_the_earlier_article_is_never_the_reprint() -> None:
    # Same text, but the "reprinter" published first: it is the original.
    early = art(2, "Reprinter", WIRE_TEXT, 0)
    late = art(1, "Wire", WIRE_TEXT, 30)
    c = compare_story(story(early, late))
    stats = {a.article_id: a for a in c.articles}
    assert stats[1].reprint_of == 2 and stats[2].reprint_of is None


def test_partial_overlap_is_not_a_reprint() -> None:
    wire = art(1, "Wire", WIRE_TEXT, 0)
    other = art(3, "Courier", f"{SHARED} {COURIER_ONLY} {HERALD_ONLY}", 30)
    c = compare_story(story(wire, other))
    assert all(a.reprint_of is None for a in c.articles)


# --------------------------------------------------------------------------- quotes


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ('"Our offices will close next month," said Maria Lopez.',
         "Our offices will close next month", "Maria Lopez"),
        ('"Our offices will close next month," Maria Lopez said.',
         "Our offices will close next month", "Maria Lopez"),
        ('Maria Lopez told reporters: "Our offices will close next month."',
         "Our offices will close next month.", "Maria Lopez"),
        ("“Cooperation no longer reflects our needs,” the foreign ministry said.",
         "Cooperation no longer reflects our needs", "the foreign ministry"),
        ('According to Elnur Mammadli, "the review protects the national interest".',
         "the review protects the national interest", "Elnur Mammadli"),
        ('"We were given no reason at all," he said.', "We were given no reason at all", None),
    ],
)
def test_quotes_and_speakers(text: str, quote: str, speaker: str | None) -> None:
    assert extract_quotes(text) == [(quote, speaker)]


def test_pronoun_and_follow_on_quotes_take_the_named_speaker() -> None:
    text = (
        "Marta Kowalczyk, director of Open Hands International, said the group had worked in "
        'the country for twenty years. "We were given thirty days to end our work," she said. '
        '"We ask the government to reconsider the order."\n\n'
        '"Our local partners have been told nothing at all," Kowalczyk said.'
    )
    assert [speaker for _, speaker in extract_quotes(text)] == ["Marta Kowalczyk"] * 3


def test_unattributed_pronoun_without_a_name_stays_unknown() -> None:
    assert extract_quotes('"Nobody told us anything about it," she said.') == [
        ("Nobody told us anything about it", None)]


def test_scare_quotes_are_not_quotations() -> None:
    assert extract_quotes('Officials called them "foreign agents" and moved on.') == []


def test_same_quote_is_grouped_across_outlets() -> None:
    full = "This decision is a heavy blow to civil society in the whole region"
    a = art(1, "Wire", f'"{full}," said Gulnara Jafarova, a lawyer.')
    b = art(2, "Courier", "Jafarova called it “a heavy blow to civil society in the whole "
                          "region”, adding that appeals would follow.", 20)
    c_ = art(3, "Herald", '"The offices can reopen if the rules are followed," the ministry said.',
             30)
    c = compare_story(story(a, b, c_))
    grouped = [q for q in c.quotes if len(q.outlets) > 1]
    assert len(grouped) == 1
    assert grouped[0].text == full  # the fullest version
    assert grouped[0].speaker == "Gulnara Jafarova"
    assert grouped[0].outlets == ("Wire", "Courier") and grouped[0].article_ids == (1, 2)
    assert c.quotes[0] is grouped[0]  # the most widely carried quote comes first
    herald = [q for q in c.quotes if q.outlets == ("Herald",)]
    assert herald and herald[0].speaker == "the ministry"


# --------------------------------------------------------------------------- distinctive terms


def test_each_outlet_gets_its_own_loaded_words() -> None:
    herald = art(1, "Herald", (
        "The decision defends the sovereignty of the state. Sovereignty is not negotiable, "
        "officials said, and the national interest comes first. Partners must respect "
        "sovereignty and the national interest. The ministry reviewed the offices on Monday."
    ))
    courier = art(2, "Courier", (
        "The order deepens the country's isolation. Activists see a crackdown on civil society. "
        "The crackdown will leave civil society in isolation. The ministry reviewed the "
        "offices on Monday. One critic mentioned sovereignty."
    ), 30)
    c = compare_story(story(herald, courier))
    herald_terms = [t.term for t in c.terms["Herald"]]
    courier_terms = [t.term for t in c.terms["Courier"]]
    assert set(herald_terms[:2]) == {"sovereignty", "national interest"}
    assert {"crackdown", "isolation", "civil society"} <= set(courier_terms)
    # Shared vocabulary and words used once are never distinctive; nor are stop words.
    for terms in (herald_terms, courier_terms):
        assert "ministry" not in terms and "offices" not in terms
        assert "the" not in terms and "critic" not in terms
    # "national" only ever appears in "national interest": the bigram says it all.
    assert "national" not in herald_terms


def test_outlet_names_in_datelines_are_not_vocabulary() -> None:
    wire = art(1, "Caspian Wire", (
        "BAKU (Caspian Wire) - Flooding closed the coastal highway near Lankaran. Caspian Wire "
        "saw flooding on the coastal highway again later. Caspian Wire reporters saw the "
        "flooding from a boat."
    ))
    other = art(2, "Courier", "Farmers said the harvest was lost. Farmers want help from "
                              "the state budget.", 10)
    terms = [t.term for t in compare_story(story(wire, other)).terms["Caspian Wire"]]
    assert "flooding" in terms and "coastal highway" in terms
    assert not {"caspian", "wire", "caspian wire"} & set(terms)


def test_distinctive_terms_count_floor_and_ratio() -> None:
    counts = {"A": Counter({"once": 1, "common": 5, "somewhat": 3, "filler": 4}),
              "B": Counter({"common": 5, "other": 3, "somewhat": 2, "padding": 3})}
    terms = distinctive_terms(counts, min_count=2, min_score=0.0)
    # "once" is used once, "somewhat" only 1.5 times as often: neither is distinctive.
    assert [t.term for t in terms["A"]] == ["filler"]
    assert [t.term for t in terms["B"]] == ["other", "padding"]


def test_single_outlet_story_has_no_distinctive_terms() -> None:
    c = compare_story(story(art(1, "Wire", WIRE_TEXT + " " + WIRE_TEXT)))
    assert c.terms == {"Wire": []}


# --------------------------------------------------------------------------- timeline


def test_timeline_orders_by_publication_and_measures_delay() -> None:
    late = art(3, "Courier", COURIER_ONLY, 150, title="Courier says")
    first = art(1, "Wire", WIRE_ONLY, 0, title="Wire says")
    unknown = art(2, "Herald", HERALD_ONLY, 45, title="Herald says", published=False)
    c = compare_story(story(late, first, unknown))
    assert [(e.outlet, e.title) for e in c.timeline] == [
        ("Wire", "Wire says"), ("Herald", "Herald says"), ("Courier", "Courier says")]
    assert c.timeline[0].first and c.timeline[0].delta == timedelta(0)
    # No publication time: the time pressdiff first saw it (published slot + 5 min) is used.
    assert c.timeline[1].time_known is False
    assert c.timeline[1].delta == timedelta(minutes=50)
    assert c.timeline[2].delta == timedelta(minutes=150)


# --------------------------------------------------------------------------- gaps


def _cov(outlet: str, tags: dict[str, str], fetched_h: float | None, oldest_h: float | None,
         newest_h: float | None) -> OutletCoverage:
    def at(h: float | None) -> datetime | None:
        return None if h is None else T0 + timedelta(hours=h)

    return OutletCoverage(outlet, tags, at(fetched_h), at(oldest_h), at(newest_h))


def test_coverage_gaps_only_for_outlets_that_could_have_reported() -> None:
    s = story(art(1, "Wire", WIRE_ONLY), art(2, "Courier", COURIER_ONLY, 60))
    coverage = [
        _cov("Wire", TAGS["Wire"], 7, -24, 6),  # covered it: never a gap
        _cov("State TV", {"kind": "state-aligned", "country": "AZ"}, 7, -24, 6.5),
        _cov("Herald", {"kind": "state-aligned", "country": "AZ"}, -2, -48, -3),  # stale
        _cov("Weekly", {"kind": "opinion", "country": "GB"}, 8, 7, 8),  # items after window
        _cov("Never", {"kind": "business"}, None, None, None),
        _cov("Radio", {"kind": "public", "country": "AM"}, 7, 1, 5),
    ]
    gaps = compare_story(s, coverage).gaps
    assert gaps.coverage_known
    assert [g.outlet for g in gaps.outlets] == ["Radio", "State TV"]
    assert gaps.unknown == ("Herald", "Never", "Weekly")
    tag_gaps = {(t.key, t.value): t.outlets for t in gaps.tags}
    # No state-aligned outlet covered the story although State TV could have.
    assert tag_gaps[("kind", "state-aligned")] == ("State TV",)
    assert tag_gaps[("kind", "public")] == ("Radio",)
    assert tag_gaps[("country", "AM")] == ("Radio",)
    assert ("country", "AZ") not in tag_gaps  # Wire and Courier are AZ outlets


def test_no_coverage_information_means_gaps_unknown() -> None:
    gaps = compare_story(story(art(1, "Wire", WIRE_ONLY))).gaps
    assert not gaps.coverage_known and gaps.outlets == () and gaps.tags == ()


# --------------------------------------------------------------------------- data


def test_to_dict_is_json_ready() -> None:
    c = compare_story(_reprint_story(), [_cov("Radio", {"kind": "public"}, 7, 1, 5)])
    data = json.loads(json.dumps(c.to_dict()))
    assert data["independent_outlet_count"] == 2
    assert data["timeline"][0]["when"] == "2026-05-04T08:00:00+00:00"
    assert data["timeline"][1]["delta"] == 2400.0
    reprint = next(a for a in data["articles"] if a["article_id"] == 2)
    assert reprint["reprint_of"] == 1 and reprint["reprint_of_outlet"] == "Wire"
    assert data["gaps"]["outlets"][0]["outlet"] == "Radio"


def test_empty_and_odd_articles_do_not_crash() -> None:
    c = compare_story(story(art(1, "Wire", ""), art(2, "Courier", "Short.", 5)))
    assert [a.unique_share for a in c.articles] == [0.0, 1.0]
    assert compare_story(story()).timeline == []


def test_options_change_the_reprint_threshold() -> None:
    strict = CompareOptions(reprint_share=0.95)
    c = compare_story(_reprint_story(), options=strict)
    assert all(a.reprint_of is None for a in c.articles)


# --------------------------------------------------------------------------- robustness

_WORDS = st.sampled_from(
    ["The", "ministry", "said", "Mr.", "U.N.", "7.25", "offices", "close", '"', "“", "”",
     "Baku", "staff", "he", "said.", "Jan.", "J.", "!", "?", ".", "\n", "\n\n", "agencies",
     "Sovereignty", "crackdown", "1.", "-", "|", "*", "`"]
)
_TEXTS = st.lists(_WORDS, max_size=60).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(_TEXTS, min_size=1, max_size=4))
def test_any_text_gives_consistent_results(texts: list[str]) -> None:
    outlets = ["Wire", "Herald", "Courier", "Reprinter"]
    articles = [art(i + 1, outlets[i % 4], text, 10 * i) for i, text in enumerate(texts)]
    c = compare_story(story(*articles))
    json.dumps(c.to_dict())
    by_id = {a.id: a for a in articles}
    for stats in c.articles:
        assert 0.0 <= stats.unique_share <= 1.0
        assert [m.text for m in sentence_marks(c, stats.article_id)] == split_sentences(
            by_id[stats.article_id].text)
        if stats.reprint_of is not None:
            source = by_id[stats.reprint_of]
            assert source.outlet != stats.outlet
            assert source.when <= by_id[stats.article_id].when
    for statement in c.statements:
        assert set(statement.independent_outlets) <= set(statement.outlets)


# --------------------------------------------------------------------------- framing in wording
FRAMED = ("The foreign ministry ordered UN agencies to close their Baku offices within 30 days, "
          "in what defenders call a drastic step towards self-isolation.")
PLAIN = "The foreign ministry ordered UN agencies to close their Baku offices within 30 days."


def test_a_framing_clause_inside_a_shared_sentence_is_marked_as_the_outlets_own_words() -> None:
    wire = art(1, "Wire", PLAIN)
    lantern = art(2, "Lantern", FRAMED, 60)
    c = compare_story(story(wire, lantern))
    mark = sentence_marks(c, 2)[0]
    assert mark.shared and mark.echoes == ("Wire",)
    assert [FRAMED[a:b] for a, b in mark.changed] == [
        "in what defenders call a drastic step towards self-isolation"]
    assert sentence_marks(c, 1)[0].changed == ()  # the wire's words are all in the Lantern's


def test_a_short_sentence_copied_word_for_word_is_shared() -> None:
    a = art(1, "Wire", f"{WIRE_ONLY} Both declined to comment further.")
    b = art(2, "Courier", f"{COURIER_ONLY} Both declined to comment further.", 5)
    c = compare_story(story(a, b))
    assert [s.text for s in c.statements if s.shared] == ["Both declined to comment further."]


def test_a_reprints_credit_line_is_neither_own_nor_shared() -> None:
    wire = art(1, "Wire", f"{SHARED} {WIRE_ONLY}")
    reprint = art(2, "Reprinter", f"{SHARED} {WIRE_ONLY}\n- Wire", 30)
    c = compare_story(story(wire, reprint))
    credit = sentence_marks(c, 2)[-1]
    assert credit.text == "- Wire" and credit.credit and not credit.shared
    assert not any(s.credit and s.shared for s in c.statements)
    stats = {a.article_id: a for a in c.articles}
    assert stats[2].unique_share == 0.0  # nothing of its own: the credit line does not count


def test_the_closest_wording_of_a_wire_sentence_is_an_independent_outlets_not_a_reprint() -> None:
    """The reprint has the wire's exact words, which says nothing; `g` goes to the outlet
    that tells it in its own words."""
    c = compare_story(_reprint_story())
    shared = next(m for m in sentence_marks(c, 1) if m.text == SHARED)
    assert shared.echoes == ("Courier",)
    assert shared.closest is not None and shared.closest[0] == 3
