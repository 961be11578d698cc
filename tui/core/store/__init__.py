"""SQLite storage (sqlite-utils): schema and migrations, upserts, and every query.

Nothing else in pressdiff writes SQL. WAL mode and a busy timeout let the app and a cron'd
`pressdiff refresh` share one file; each feed's refresh is one transaction; each thread opens
its own connection. The package's face: callers write ``store.get_story(db, 3)``. Modules:
``clock``, ``database`` (write transaction, errors), ``schema`` (opening, migrations), ``feeds``
(outlets, feeds, entries), ``pages`` (extraction), ``stories`` (placements, merges, story rows),
``corrections``, ``retention`` (prune, purge), ``queries`` (reading).
"""

from tui.core.store import clock
from tui.core.store.clock import (
    iso,
    now_utc,
    parse_iso,
)
from tui.core.store.corrections import (
    latest_correction,
    merge_stories,
    move_to_story,
    record_export,
    remove_from_story,
    undo_correction,
)
from tui.core.store.database import (
    BUSY_TIMEOUT_S,
    StoreError,
    UnknownStory,
    write_transaction,
)
from tui.core.store.feeds import (
    FeedOutcome,
    FeedRow,
    SaveResult,
    active_feeds,
    save_feed_refresh,
    sync_config,
)
from tui.core.store.pages import (
    PendingPage,
    article_text,
    count_pending_pages,
    pages_to_extract,
    pending_pages,
    save_page_text,
)
from tui.core.store.queries import (
    Overview,
    data_version,
    feed_statuses,
    fts_query,
    get_article,
    get_story,
    list_articles,
    outlet_coverage,
    overview,
    stories_of_articles,
    story_count,
    story_of_article,
    story_summaries,
)
from tui.core.store.retention import (
    Removal,
    protected_stories,
    prune,
    purge_feed,
)
from tui.core.store.schema import (
    MIGRATIONS,
    connect,
    migrate,
)
from tui.core.store.stories import (
    ClusterInput,
    PlacementLike,
    StoredPlacement,
    cluster_inputs,
    confirmed_members,
    correction_constraints,
    next_cluster_id,
    placements_for,
    refresh_story_rows,
    resolve_cluster_id,
    save_placements,
    stories_fingerprint,
    story_members,
    unclustered_ids,
)

__all__ = [
    "Removal",
    "protected_stories",
    "prune",
    "purge_feed",
    "latest_correction",
    "refresh_story_rows",
    "undo_correction",
    "record_export",
    "PlacementLike",
    "StoredPlacement",
    "MIGRATIONS",
    "BUSY_TIMEOUT_S",
    "ClusterInput",
    "FeedOutcome",
    "FeedRow",
    "Overview",
    "PendingPage",
    "SaveResult",
    "StoreError",
    "UnknownStory",
    "active_feeds",
    "article_text",
    "cluster_inputs",
    "confirmed_members",
    "connect",
    "correction_constraints",
    "count_pending_pages",
    "data_version",
    "feed_statuses",
    "fts_query",
    "get_article",
    "get_story",
    "iso",
    "list_articles",
    "merge_stories",
    "migrate",
    "move_to_story",
    "next_cluster_id",
    "now_utc",
    "outlet_coverage",
    "overview",
    "pages_to_extract",
    "parse_iso",
    "pending_pages",
    "placements_for",
    "remove_from_story",
    "resolve_cluster_id",
    "save_feed_refresh",
    "save_page_text",
    "save_placements",
    "stories_fingerprint",
    "stories_of_articles",
    "story_count",
    "story_members",
    "story_of_article",
    "story_summaries",
    "sync_config",
    "unclustered_ids",
    "write_transaction",
    "clock",
]
