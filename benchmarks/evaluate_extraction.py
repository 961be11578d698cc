"""Measure which trafilatura settings extract article bodies best, on a hand-written gold set.

Data: ``benchmarks/data/extraction/`` (see its README.md): ``pages/NN-slug.html``, news pages with
realistic site furniture written for pressdiff, and ``gold/NN-slug.txt``, each page's article
body, one paragraph per line. Every configuration runs ``trafilatura.extract`` on each page's
bytes the way ``tui/core/extract.py`` calls it (``output_format="json"``, ``with_metadata=True``);
only the JSON's ``text`` field is scored, as it comes out of trafilatura (no pressdiff clean-up;
``--drop-headline`` applies the app's one text step that changes words: a first line that only
repeats the page's title is dropped).

Score per page: bag of lowercase word tokens (``\\w+``), multiset overlap with the gold;
precision = overlap / extracted tokens, recall = overlap / gold tokens, F1 of the two. A page
where nothing is extracted (or trafilatura raises) scores 0 on all three. The table gives the
means over pages, the median F1, how many pages score F1 < 0.8, and the wall time of one pass
over all pages (median of ``--repeat`` passes, 3 by default, after one warm-up extraction).

    .venv/bin/python benchmarks/evaluate_extraction.py
    .venv/bin/python benchmarks/evaluate_extraction.py --per-page        # F1 of every page
    .venv/bin/python benchmarks/evaluate_extraction.py --json            # figures as JSON
    .venv/bin/python benchmarks/evaluate_extraction.py --drop-headline   # as the app shows it
    .venv/bin/python benchmarks/evaluate_extraction.py --pages DIR --gold DIR   # another set
    .venv/bin/python benchmarks/evaluate_extraction.py --check   # gold lines present in pages?
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "benchmarks" / "data" / "extraction"

# name -> keyword arguments for trafilatura.extract (besides output_format/with_metadata); a list
# is a fallback chain: the next settings run when the text so far has fewer than RETRY_WORDS words
CONFIGS: dict[str, dict | list[dict]] = {
    "a precision, no tables (pressdiff before)": dict(
        favor_precision=True, include_comments=False, include_tables=False, deduplicate=False),
    "b defaults, no comments": dict(include_comments=False),
    "c recall, no comments": dict(favor_recall=True, include_comments=False),
    # include_tables already defaults to True in trafilatura 2.x, so (d) should equal (b)
    "d defaults + tables": dict(include_comments=False, include_tables=True),
    "e pressdiff + tables": dict(
        favor_precision=True, include_comments=False, include_tables=True, deduplicate=False),
    "f defaults, no tables": dict(include_comments=False, include_tables=False),
    "g recall, no tables": dict(favor_recall=True, include_comments=False, include_tables=False),
    "h pressdiff + tables, fast": dict(
        favor_precision=True, include_comments=False, include_tables=True, deduplicate=False,
        fast=True),
    "i defaults, fast": dict(include_comments=False, fast=True),
    "j pressdiff: a, else f if < 40 words": [
        dict(favor_precision=True, include_comments=False, include_tables=False, deduplicate=False),
        dict(include_comments=False, include_tables=False)],
}
RETRY_WORDS = 40  # tui.core.extract.MIN_WORDS: below it the app gives up on a page's text
LOW_F1 = 0.8
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    name: str
    html: bytes
    gold: str


@dataclass
class Result:
    config: str
    seconds: float = 0.0
    scores: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # page -> P, R, F1
    errors: dict[str, str] = field(default_factory=dict)
    passes: int = 1

    def column(self, k: int) -> list[float]:
        return [s[k] for s in self.scores.values()]

    @property
    def mean_f1(self) -> float:
        return statistics.fmean(self.column(2))

    def summary(self) -> dict:
        f1 = self.column(2)
        return {
            "mean_precision": round(statistics.fmean(self.column(0)), 4),
            "mean_recall": round(statistics.fmean(self.column(1)), 4),
            "mean_f1": round(statistics.fmean(f1), 4),
            "median_f1": round(statistics.median(f1), 4),
            "pages_f1_below_0_8": sum(v < LOW_F1 for v in f1),
            "seconds": round(self.seconds, 3),
        }


# ----------------------------------------------------------------------------- data
def load_pages(pages_dir: Path, gold_dir: Path) -> list[Page]:
    """Every pages/X.html that has a gold/X.txt; complains about pages without gold."""
    pages = []
    for path in sorted(pages_dir.glob("*.htm*")):
        gold = gold_dir / f"{path.stem}.txt"
        if not gold.exists():
            print(f"no gold text for {path.name}, skipped", file=sys.stderr)
            continue
        pages.append(Page(path.stem, path.read_bytes(), gold.read_text(encoding="utf-8")))
    return pages


def check_gold(pages: Sequence[Page]) -> int:
    """Every gold line must occur, word for word and in order, in its page's visible text
    (scripts, styles and <head> left out); prints each line that does not. Returns the count."""
    import lxml.html

    problems = 0
    for page in pages:
        doc = lxml.html.fromstring(page.html)
        for el in doc.xpath("//script|//style|//noscript|//head"):
            el.drop_tree()
        for el in doc.iter():  # keep words of neighbouring elements apart
            if isinstance(el.tag, str):
                el.tail = f" {el.tail}" if el.tail else " "
        seen = " " + " ".join(_words(doc.text_content())) + " "
        pos = 0
        lines = page.gold.splitlines()
        if not any(line.strip() for line in lines):
            print(f"{page.name}: empty gold text")
            problems += 1
        for number, line in enumerate(lines, 1):
            if not line.strip():
                print(f"{page.name}:{number}: blank line (one paragraph per line, none empty)")
                problems += 1
                continue
            wanted = " " + " ".join(_words(line)) + " "
            found = seen.find(wanted, pos)
            if found < 0:
                where = "not in the page" if seen.find(wanted) < 0 else "out of page order"
                print(f"{page.name}:{number}: {where}: {line[:70]}")
                problems += 1
            else:
                pos = found + len(wanted) - 1
    print(f"{len(pages)} pages checked, {problems} problems")
    return problems


# ----------------------------------------------------------------------------- scoring
def _words(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("\u0307", ""))


def tokens(text: str) -> Counter:
    # lower() turns a Turkish dotted capital I into "i" + U+0307; _words drops the dot so
    # that "İzmir" and "izmir" are one token
    return Counter(_words(text))


def score(extracted: str, gold: str) -> tuple[float, float, float]:
    """Token-level precision, recall and F1 (multiset overlap); 0 when nothing extracted."""
    got, want = tokens(extracted), tokens(gold)
    n_got, n_want = sum(got.values()), sum(want.values())
    if not n_got or not n_want:
        return 0.0, 0.0, 0.0
    overlap = sum((got & want).values())
    precision, recall = overlap / n_got, overlap / n_want
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1


# ----------------------------------------------------------------------------- extraction
def extract_text(html: bytes, options: dict, drop_headline: bool = False) -> str:
    import trafilatura

    raw = trafilatura.extract(html, output_format="json", with_metadata=True, **options)
    if not raw:
        return ""
    data = json.loads(raw)
    text = data.get("text") or ""
    if drop_headline:
        from tui.core.extract import _without_headline

        text = _without_headline(text, data.get("title"))
    return text


def run(name: str, options: dict | list[dict], pages: Sequence[Page],
        drop_headline: bool = False, repeat: int = 1) -> Result:
    result = Result(name)
    chain = options if isinstance(options, list) else [options]
    texts: dict[str, str] = {}
    passes = []
    for _ in range(max(1, repeat)):  # extraction is deterministic: only the time varies
        start = time.perf_counter()
        for page in pages:
            texts[page.name] = ""
            for opts in chain:
                try:
                    texts[page.name] = extract_text(page.html, opts, drop_headline)
                except Exception as exc:  # hostile markup: a failed page scores 0, as in the app
                    texts[page.name] = ""
                    result.errors[page.name] = f"{type(exc).__name__}: {exc}"
                if len(texts[page.name].split()) >= RETRY_WORDS:
                    break
        passes.append(time.perf_counter() - start)
    result.seconds = statistics.median(passes)
    result.passes = len(passes)
    result.scores = {page.name: score(texts[page.name], page.gold) for page in pages}
    return result


def best_of(results: Sequence[Result]) -> Result:
    return max(results, key=lambda r: (r.mean_f1, statistics.median(r.column(2)), -r.seconds))


# ----------------------------------------------------------------------------- report
def trafilatura_version() -> str:
    import trafilatura

    return trafilatura.__version__


def print_table(results: Sequence[Result], pages: Sequence[Page], source: Path,
                drop_headline: bool) -> None:
    words = sum(sum(tokens(p.gold).values()) for p in pages)
    print(f"\ntrafilatura {trafilatura_version()} article-body extraction: {len(pages)} pages, "
          f"{words} gold tokens ({source})")
    if drop_headline:
        print("  a first line repeating the title is dropped, as pressdiff does")
    print(f"  {'configuration':<36} {'mean-P':>6} {'mean-R':>6} {'mean-F1':>7} {'med-F1':>6} "
          f"{'F1<' + str(LOW_F1):>6} {'time':>8}")
    for r in results:
        s = r.summary()
        note = f"  ({len(r.errors)} pages raised)" if r.errors else ""
        print(f"  {r.config:<36} {s['mean_precision']:6.3f} {s['mean_recall']:6.3f} "
              f"{s['mean_f1']:7.3f} {s['median_f1']:6.3f} {s['pages_f1_below_0_8']:6d} "
              f"{r.seconds:7.2f}s{note}")
    print(f"  (time: one pass over all pages, median of {results[0].passes} passes)")


def print_worst(best: Result, n: int) -> None:
    print(f"\nbest configuration by mean F1: {best.config}")
    print(f"  its {n} worst pages:")
    print(f"  {'page':<42} {'P':>6} {'R':>6} {'F1':>6}")
    for name, (p, r, f1) in sorted(best.scores.items(), key=lambda kv: kv[1][2])[:n]:
        print(f"  {name:<42} {p:6.3f} {r:6.3f} {f1:6.3f}")


def print_per_page(results: Sequence[Result]) -> None:
    print("\nF1 per page (columns: configurations a, b, c ... as above)")
    keys = [r.config.split()[0] for r in results]
    print(f"  {'page':<42} " + " ".join(f"{k:>5}" for k in keys))
    for name in results[0].scores:
        print(f"  {name:<42} " + " ".join(f"{r.scores[name][2]:5.2f}" for r in results))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=DATA / "pages", help="folder of *.html pages")
    parser.add_argument("--gold", type=Path, default=DATA / "gold",
                        help="folder of gold *.txt, same file names as the pages")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--per-page", action="store_true", help="also print every page's F1")
    parser.add_argument("--repeat", type=int, default=3,
                        help="passes per configuration; the time is their median (default 3)")
    parser.add_argument("--worst", type=int, default=5, help="worst pages to list (default 5)")
    parser.add_argument("--check", action="store_true",
                        help="only check that every gold line occurs in its page, then exit")
    parser.add_argument("--drop-headline", action="store_true",
                        help="drop a first line that repeats the title, as pressdiff does")
    parser.add_argument("--config", action="append", metavar="LETTER",
                        help="run only these configurations (a, b, ...); repeatable")
    args = parser.parse_args(argv)

    pages = load_pages(args.pages, args.gold)
    if not pages:
        print(f"no page/gold pairs under {args.pages} and {args.gold}", file=sys.stderr)
        return 1
    if args.check:
        return 1 if check_gold(pages) else 0
    configs = {name: opts for name, opts in CONFIGS.items()
               if not args.config or name.split()[0] in args.config}
    if not configs:
        print(f"no configuration matches {args.config}", file=sys.stderr)
        return 1
    extract_text(pages[0].html, {})  # warm-up: imports and lxml/trafilatura caches
    results = [run(name, opts, pages, args.drop_headline, args.repeat)
               for name, opts in configs.items()]
    best = best_of(results)

    if args.json:
        worst = sorted(best.scores.items(), key=lambda kv: kv[1][2])[:args.worst]
        print(json.dumps({
            "pages": len(pages),
            "trafilatura": trafilatura_version(),
            "drop_headline": args.drop_headline,
            "pages_dir": str(args.pages),
            "gold_dir": str(args.gold),
            "configurations": [
                {"name": r.config, "options": configs[r.config], **r.summary(),
                 "errors": r.errors,
                 "per_page": {k: {"precision": round(p, 4), "recall": round(rc, 4),
                                  "f1": round(f, 4)} for k, (p, rc, f) in r.scores.items()}}
                for r in results],
            "best": best.config,
            "worst_pages_of_best": [{"page": k, "f1": round(v[2], 4)} for k, v in worst],
        }, indent=2, ensure_ascii=False))
        return 0
    print_table(results, pages, args.pages, args.drop_headline)
    print_worst(best, args.worst)
    if args.per_page:
        print_per_page(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
