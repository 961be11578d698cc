"""Articles for clustering tests, written as an outlet's report some hours into an event."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest
import sqlite_utils

from tui.core import places, store
from tui.core.cluster import ClusterConfig, Constraints, Doc, cluster_docs
from tui.core.config import parse_config
from tui.core.feeds import Entry


def article(start: datetime, key: str, outlet: str, hours: float, title: str, text: str
            ) -> Doc:
    """A doc with text, published ``hours`` after ``start``."""
    return Doc(id=key, title=title, text=text, outlet=outlet,
               published=(start + timedelta(hours=hours)).timestamp())


def stories(docs: list[Doc], config: ClusterConfig | None = None,
            constraints: Constraints | None = None) -> dict:
    """Each doc's story id when ``docs`` are clustered in one batch."""
    return {p.doc_id: p.cluster_id
            for p in cluster_docs(docs, config or ClusterConfig(), constraints)}


def towns_as_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """Towns and regions of several words read as their words, as before they were joined
    (a name the gazetteer lacks still is): the counterfactuals of the guards against a shared
    place name measure what they did."""
    gazetteer = places.gazetteer()
    gazetteer.country("chad")  # the names of several words are loaded with the countries
    monkeypatch.setattr(gazetteer, "_several", frozenset())


def evaluation() -> ModuleType:
    """benchmarks/evaluate_clustering.py as a module (its loaders read the labelled sets)."""
    path = Path(__file__).parent.parent / "benchmarks" / "evaluate_clustering.py"
    spec = importlib.util.spec_from_file_location("evaluate_clustering", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def store_refresh(db: sqlite_utils.Database, config: str, docs: Iterable[Doc]) -> None:
    """Store ``docs`` as a refresh of the feeds.toml text ``config`` would: each as an
    entry of its outlet's one feed, its page at https://<id>.example/story."""
    store.sync_config(db, parse_config(config))
    feeds = {feed.outlet: feed for feed in store.active_feeds(db)}  # one feed per outlet
    for doc in docs:
        assert doc.outlet is not None and doc.published is not None
        url = f"https://{doc.id}.example/story"
        published = datetime.fromtimestamp(doc.published, UTC)
        entry = Entry(url=url, link=url, guid=None, title=doc.title, author=None,
                      published=published, summary="", content=doc.text)
        outcome = store.FeedOutcome(status="ok", started_at=published, duration_ms=5,
                                    http_status=200)
        store.save_feed_refresh(db, feeds[doc.outlet], outcome, [entry])
