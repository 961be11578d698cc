"""Shared fixtures: a loopback HTTP server, isolated config/data dirs, and the demo database."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.loopback import LoopbackServer

# The demo database the snapshot and app tests read is built with a fixed clock and a
# fixed server address, so what it shows is the same on every machine.
DEMO_CLOCK = datetime(2026, 11, 28, 9, 40, tzinfo=UTC)
DEMO_BASE_URL = "http://127.0.0.1:8765"


@pytest.fixture(scope="session")
def _cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache directory per test process: the places index (tui/core/places.py) is built
    there once, not once per test."""
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _cache_home: Path) -> None:
    """No test reads or writes the real user's config, data or cache directory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(_cache_home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("PRESSDIFF_CONFIG", raising=False)
    monkeypatch.delenv("PRESSDIFF_DB", raising=False)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


def build_demo_db(path: Path) -> Path:
    """Refresh the bundled demo corpus into `path` through the real pipeline."""
    from tui.core import pipeline, store
    from tui.core.config import parse_config
    from tui.demo.server import DemoServer

    original = store.clock.now_utc
    store.clock.now_utc = lambda: DEMO_CLOCK  # type: ignore[assignment]
    try:
        with DemoServer() as demo:
            # One feed at a time: articles (and so stories) get the same ids on every
            # build, and the snapshots, which show ids, stay the same.
            config = parse_config("[settings]\nconcurrency = 1\n\n" + demo.feeds_toml(),
                                  path.parent / "demo-feeds.toml")
            report = pipeline.refresh(path, config)
            base = demo.base_url
    finally:
        store.clock.now_utc = original  # type: ignore[assignment]
    assert not report.feeds_failed, report.feeds_failed
    conn = sqlite3.connect(path)
    with conn:
        for table, column in (("articles", "url"), ("articles", "link"), ("feeds", "url")):
            conn.execute(
                f"UPDATE {table} SET {column} = replace({column}, ?, ?)", [base, DEMO_BASE_URL]
            )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture(scope="session")
def demo_db_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_db(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture
def demo_db(demo_db_master: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for one test (tests may write to it)."""
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_db_master, target)
    return target
