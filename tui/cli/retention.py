"""Keeping the database to size: prune old articles (protected stories stay)."""

from __future__ import annotations

from datetime import timedelta

import click

from tui.cli.root import BadInput, main, open_db, options, paths
from tui.core import store
from tui.core.sanitize import clean_line
from tui.core.story_filter import parse_duration
from tui.core.wording import count


def parse_age(value: str) -> timedelta:
    """'90d', '12h', '2w' as a timedelta; BadInput otherwise."""
    age = parse_duration(value)
    if age is None:
        raise BadInput(f"--older-than {value!r}: give an age like 90d, 12h or 2w")
    return age


def describe(removal: store.Removal) -> str:
    """One summary line, then the protected stories (ids and titles), for prune and purge."""
    verb = "would remove" if removal.dry_run else "removed"
    line = f"{verb} {count(removal.articles, 'article')}"
    if removal.stories_removed:
        line += f"; {count(removal.stories_removed, 'story', 'stories')} left empty"
        line += " would go" if removal.dry_run else " went"
    if not removal.dry_run:
        line += f"; {removal.bytes_freed / 1_048_576:.1f} MB given back"
    if removal.kept:
        line += (f"; kept {count(removal.kept, 'article')} of "
                 f"{count(len(removal.protected_stories), 'story', 'stories')} you exported,"
                 " corrected, annotated or starred:")
        for story_id, title in removal.protected_stories[:20]:
            line += f"\n  #{story_id} {clean_line(title, 100)}"
        if len(removal.protected_stories) > 20:
            line += f"\n  … and {len(removal.protected_stories) - 20} more"
    return line


@main.command("prune")
@options
@click.option("--older-than", "older_than", required=True, metavar="AGE",
              help="Remove articles published (or first seen) longer ago than this: 90d, 12h, 2w.")
@click.option("--dry-run", is_flag=True, help="Say what would go; change nothing.")
@click.pass_context
def prune_cmd(ctx, config_path, db_path, older_than, dry_run) -> None:
    """Remove old articles with their text, search entries and story places. Every article of
    a story you exported, corrected, annotated or starred stays. `[settings] keep_days = N` in
    feeds.toml does the same after each refresh.

    \b
    Example:
      pressdiff prune --older-than 90d --dry-run
    """
    age = parse_age(older_than)
    _, db_file = paths(ctx, config_path, db_path)
    db = open_db(db_file)
    removal = store.prune(db, store.clock.now_utc() - age, dry_run=dry_run)
    db.conn.close()
    click.echo(describe(removal))
