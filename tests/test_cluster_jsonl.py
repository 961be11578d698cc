"""cluster-jsonl: JSON lines in, one cluster id per article out, strict input checks."""

from __future__ import annotations

import io
import json

import pytest

from tui.core.cluster_jsonl import ClusterInputError, run

ARTICLES = [
    {"id": "a1", "title": "Azerbaijan orders UN agencies to close Baku offices",
     "outlet": "wire", "published": "2026-11-24T08:00:00Z"},
    {"id": 7, "title": "Poti dockworkers strike over pay at Georgia's main port",
     "published": 1795500000000},
    {"id": "a2", "title": "Baku's order to close UN offices draws criticism",
     "outlet": "herald", "published": "2026-11-24T10:30:00+00:00",
     "summary": "Azerbaijan told UN agencies to close their Baku offices within a month."},
    {"id": "p2", "title": "Poti port strike enters third day as dockworkers hold out",
     "published": 1795510000000, "text": "Dockworkers at Poti port stayed out over pay."},
    {"id": "x", "title": "Yerevan metro fare rises to 300 dram", "url": "https://example.test/x"},
]


def _lines(records: list) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def _run(text: str) -> tuple[int, list[dict]]:
    out = io.StringIO()
    count = run(io.StringIO(text), out)
    return count, [json.loads(line) for line in out.getvalue().splitlines()]


def test_round_trip_groups_same_event_and_keeps_input_order() -> None:
    count, rows = _run(_lines(ARTICLES))
    assert count == 5
    assert [row["id"] for row in rows] == ["a1", 7, "a2", "p2", "x"]
    cluster = {row["id"]: row["cluster"] for row in rows}
    assert cluster["a1"] == cluster["a2"]
    assert cluster[7] == cluster["p2"]
    assert len({cluster["a1"], cluster[7], cluster["x"]}) == 3
    assert all(isinstance(row["cluster"], int) for row in rows)


def test_blank_lines_are_skipped() -> None:
    text = "\n" + _lines(ARTICLES[:2]) + "   \n\n" + _lines(ARTICLES[2:3])
    count, rows = _run(text)
    assert count == 3
    assert [row["id"] for row in rows] == ["a1", 7, "a2"]


def test_same_input_gives_same_output() -> None:
    assert _run(_lines(ARTICLES)) == _run(_lines(ARTICLES))


GOOD = json.dumps({"id": 1, "title": "Fine headline"})


@pytest.mark.parametrize(
    ("bad_line", "fragment"),
    [
        ("{not json", "invalid JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({"title": "No id here"}), '"id" is missing'),
        (json.dumps({"id": "", "title": "Empty id"}), '"id" is empty'),
        (json.dumps({"id": True, "title": "Bool id"}), '"id" must be'),
        (json.dumps({"id": 2.5, "title": "Float id"}), '"id" must be'),
        (json.dumps({"id": 2}), '"title" is missing'),
        (json.dumps({"id": 2, "title": "   "}), '"title" is empty'),
        (json.dumps({"id": 2, "title": 5}), '"title" must be a string'),
        (json.dumps({"id": 2, "title": "T", "outlet": 3}), '"outlet" must be a string'),
        (json.dumps({"id": 2, "title": "T", "text": ["x"]}), '"text" must be a string'),
        (json.dumps({"id": 2, "title": "T", "published": "next Tuesday"}), "ISO 8601"),
        (json.dumps({"id": 2, "title": "T", "published": True}), '"published"'),
        (json.dumps({"id": 1, "title": "Same id as line 1"}), 'duplicate "id"'),
        (json.dumps({"id": 2, "title": "T", "country": 44}), '"country" must be a string'),
        (json.dumps({"id": 2, "title": "T", "kind": ["opinion"]}), '"kind" must be a string'),
        (json.dumps({"id": 2, "title": "T", "country": "Atlantis"}), "names no country"),
    ],
)
def test_malformed_line_names_its_number_and_nothing_is_written(
    bad_line: str, fragment: str
) -> None:
    text = GOOD + "\n\n" + bad_line + "\n" + json.dumps({"id": 9, "title": "After"}) + "\n"
    out = io.StringIO()
    with pytest.raises(ClusterInputError) as caught:
        run(io.StringIO(text), out)
    assert caught.value.line_no == 3
    assert str(caught.value).startswith("line 3: ")
    assert fragment in str(caught.value)
    assert out.getvalue() == ""


def test_error_is_a_value_error_with_the_documented_wording() -> None:
    error = ClusterInputError(7, '"title" is missing')
    assert isinstance(error, ValueError)
    assert str(error) == 'line 7: "title" is missing'


def test_hostile_title_does_not_break_output() -> None:
    text = _lines([{"id": "e", "title": "Evil \x1b]52;c;aGk=\x07 headline\u202e"}])
    count, rows = _run(text)
    assert count == 1
    assert rows == [{"id": "e", "cluster": 1}]


def test_the_outlets_country_places_a_feature_that_names_no_place() -> None:
    """A feature on the families sheltering after a blast, from an outlet of the country,
    joins the blast's story (``tui.core.cluster.aftermath``); the country is an ISO code or
    a name, in any case. Without it, the feature stays alone."""
    from tests.test_aftermath import BLAST, FEATURE

    def record(doc, country):
        return {"id": doc.id, "title": doc.title, "text": doc.text, "outlet": doc.outlet,
                "published": doc.published * 1000, "country": country}

    countries = ("LK", "Sri Lanka", "lk", "sri lanka")
    _, rows = _run(_lines([record(doc, c) for doc, c in zip((*BLAST, FEATURE), countries,
                                                            strict=True)]))
    assert len({row["cluster"] for row in rows}) == 1
    _, rows = _run(_lines([record(doc, None) for doc in (*BLAST, FEATURE)]))
    assert len({row["cluster"] for row in rows}) == 2
