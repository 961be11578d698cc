"""The analyst's corrections: remove, move, merge."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from tui.cli.root import BadInput, main, open_db, options, paths
from tui.core import store

# --- corrections ------------------------------------------------------------------------------


def _correct(ctx, config_path, db_path, action: Callable[[Any], int]) -> int:
    """Run one correction on the database; a bad id becomes one line and exit 2."""
    _, db_file = paths(ctx, config_path, db_path)
    db = open_db(db_file)
    try:
        return action(db)
    except store.StoreError as exc:
        raise BadInput(str(exc)) from None


@main.command("remove")
@options
@click.argument("article_id", type=int)
@click.pass_context
def remove_cmd(ctx, config_path, db_path, article_id) -> None:
    """Take an article out of its story (it gets a story of its own and never rejoins).

    \b
    Example:
      pressdiff remove 42
    """
    new_id = _correct(ctx, config_path, db_path, lambda db: store.remove_from_story(db, article_id))
    click.echo(f"article {article_id} is now in story {new_id} on its own")


@main.command("move")
@options
@click.argument("article_id", type=int)
@click.argument("cluster_id", type=int)
@click.pass_context
def move_cmd(ctx, config_path, db_path, article_id, cluster_id) -> None:
    """Move an article into another story (remembered by later refreshes).

    \b
    Example:
      pressdiff move 42 7
    """
    def move(db) -> int:
        store.get_article(db, article_id)  # an unknown article is named as such
        store.move_to_story(db, article_id, cluster_id)
        return store.resolve_cluster_id(db, cluster_id)

    target = _correct(ctx, config_path, db_path, move)
    click.echo(f"article {article_id} moved to story {target}")


@main.command("merge")
@options
@click.argument("into_id", type=int)
@click.argument("other_id", type=int)
@click.pass_context
def merge_cmd(ctx, config_path, db_path, into_id, other_id) -> None:
    """Merge story OTHER_ID into story INTO_ID (INTO_ID keeps its id).

    \b
    Example:
      pressdiff merge 7 12
    """
    survivor = _correct(
        ctx, config_path, db_path, lambda db: store.merge_stories(db, into_id, other_id)
    )
    click.echo(f"story {other_id} merged into story {survivor}")


