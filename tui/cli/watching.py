"""Saved watches: the stories filter (`/` in the app) under a name, followed across days."""

from __future__ import annotations

import click

from tui.cli.root import BadInput, echo_json, main, open_db, options, paths
from tui.core import store, story_filter
from tui.core.sanitize import clean_line
from tui.core.wording import count


@main.group()
def watch() -> None:
    """Saved filters: `pressdiff stories --watch NAME` and the app's watches panel (W).

    \b
    Examples:
      pressdiff watch add baku-ngos "country:AZ NGO"
      pressdiff watch ls
      pressdiff stories --new --watch baku-ngos
    """


@watch.command("add")
@options
@click.argument("name")
@click.argument("filter_text", metavar="FILTER")
@click.pass_context
def add(ctx, config_path, db_path, name, filter_text) -> None:
    """Save FILTER (words and tags, as `/` in the app) as a watch named NAME; a watch of
    that name is replaced.

    \b
    Example:
      pressdiff watch add armenia-peace "country:AM peace talks"
    """
    db = open_db(paths(ctx, config_path, db_path)[1])
    if story_filter.parse_filter(filter_text).empty:
        raise BadInput(f"watch {name!r}: the filter {filter_text!r} has no words or tags")
    try:
        saved = store.save_watch(db, name, filter_text)
    except store.StoreError as exc:
        raise BadInput(str(exc)) from None
    click.echo(f"watch {saved!r}: {clean_line(filter_text, 200)}")


@watch.command("ls")
@options
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def ls(ctx, config_path, db_path, as_json) -> None:
    """List the watches with the stories that match each and how many have news.

    \b
    Example:
      pressdiff watch ls --json
    """
    db = open_db(paths(ctx, config_path, db_path)[1])
    found = []
    for w in store.list_watches(db):
        parsed = story_filter.parse_filter(w.filter)
        filters = {"search": parsed.search, "terms": parsed.terms}
        found.append((w, store.story_count(db, **filters),
                      store.story_count(db, new_only=True, **filters)))
    if as_json:
        echo_json([{"name": w.name, "filter": w.filter, "stories": n, "moved": moved}
                   for w, n, moved in found])
        return
    if not found:
        click.echo("no watches yet: pressdiff watch add NAME FILTER")
    for w, n, moved in found:
        click.echo(f"{clean_line(w.name, 40):<24} {count(n, 'story', 'stories'):>12}, "
                   f"{moved} moved since last look   {clean_line(w.filter, 100)}")


@watch.command("rm")
@options
@click.argument("name")
@click.pass_context
def rm(ctx, config_path, db_path, name) -> None:
    """Forget a watch (its stories stay).

    \b
    Example:
      pressdiff watch rm armenia-peace
    """
    db = open_db(paths(ctx, config_path, db_path)[1])
    try:
        store.delete_watch(db, name)
    except store.UnknownWatch as exc:
        raise BadInput(str(exc)) from None
    click.echo(f"watch {clean_line(name, 60)!r} removed")
