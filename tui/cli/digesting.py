"""`pressdiff digest`: the contested stories of a period in one Markdown report."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from tui import __version__
from tui.cli.root import BadInput, main, open_db, options, parse_since, paths
from tui.core import store


@main.command()
@options
@click.option("--since", default="24h", show_default=True,
              help="Stories active since then: 24h, 7d, 90d, or a date.")
@click.option("--min-outlets", type=click.IntRange(min=1), default=3, show_default=True,
              help="Only stories covered by at least this many outlets.")
@click.option("--filter", "filter_text", metavar="FILTER",
              help="The app's / filter: words and outlet tags, e.g. 'country:AZ NGO'.")
@click.option("--watch", metavar="NAME", help="A saved watch's filter (pressdiff watch ls).")
@click.option("--starred", is_flag=True, help="Only the stories you starred.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="At most this many stories (the widest covered first).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to this file instead of stdout (never over a file without --force).")
@click.option("--force", is_flag=True, help="Overwrite the output file.")
@click.pass_context
def digest(ctx, config_path, db_path, since, min_outlets, filter_text, watch, starred, limit,
           output, force) -> None:
    """A digest of the day's contested stories: for each, the outlets, what most of them
    say, what only one says, distinctive terms, who did not cover it, your note, the links.

    \b
    Examples:
      pressdiff digest > today.md
      pressdiff digest --since 7d --watch baku-ngos -o week.md
      pressdiff digest --starred --min-outlets 2 --since 30d
    """
    from tui.core.digest import DigestQuery, build_digest
    from tui.core.files import ExportError, write_export

    if filter_text and watch:
        raise BadInput("--filter and --watch: give one (a watch is a saved filter)")
    query = DigestQuery(since=parse_since(since), min_outlets=min_outlets,
                        filter_text=filter_text or "", watch=watch, starred=starred,
                        limit=limit)
    db = open_db(paths(ctx, config_path, db_path)[1])
    try:
        result = build_digest(db, query, datetime.now(UTC).replace(microsecond=0), __version__)
    except store.UnknownWatch as exc:
        raise BadInput(str(exc)) from None
    if output is None:
        click.echo(result.text, nl=False)
        return
    try:
        written = write_export(result.text, output, force=force)
    except ExportError as exc:
        raise BadInput(str(exc)) from None
    capped = f" (capped at {limit}: raise --limit)" if result.capped else ""
    click.echo(f"{written}: {result.stories} stories{capped}", err=True)
