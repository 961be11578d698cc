"""Offline demo: a fictional news corpus served as real feeds and pages over loopback HTTP."""

from tui.demo.corpus import (
    Corpus,
    CorpusError,
    DemoArticle,
    DemoFeed,
    DemoOutlet,
    load_corpus,
    load_ground_truth,
)
from tui.demo.server import DemoServer

__all__ = [
    "Corpus",
    "CorpusError",
    "DemoArticle",
    "DemoFeed",
    "DemoOutlet",
    "DemoServer",
    "load_corpus",
    "load_ground_truth",
]
