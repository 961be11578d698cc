"""Commands that fill the database: refresh, recluster, and clustering without one."""

from __future__ import annotations

from pathlib import Path

import click

from tui.cli.root import (
    BadInput,
    echo_json,
    load_config,
    main,
    open_db,
    options,
    parse_since,
    paths,
)
from tui.core import store
from tui.core.processes import exit_guard
from tui.core.wording import count, refresh_summary

# --- refresh ----------------------------------------------------------------------------------


@main.command()
@options
@click.option("--outlet", help="Refresh only this outlet (by name).")
@click.option("--no-extract", is_flag=True, help="Store feed entries only; skip article pages.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="Print only failures (on stderr).")
@click.pass_context
def refresh(ctx, config_path, db_path, outlet, no_extract, as_json, quiet) -> None:
    """Fetch feeds, extract new articles, and update the stories.

    Prints one line per feed on stdout and failures on stderr; exits 1 if any
    feed failed (the others are still stored) or the stories could not be updated,
    so cron mails you about it. Stopped by SIGTERM, SIGINT or SIGHUP, it keeps what
    is stored, ends its worker processes and exits 128 + the signal's number.

    \b
    Example (crontab, every 30 minutes):
      */30 * * * *  pressdiff refresh --quiet
    """
    from tui.core import pipeline

    config_file, db_file = paths(ctx, config_path, db_path)
    config = load_config(config_file)
    try:
        report = pipeline.refresh(
            db_file, config, outlet=outlet, extract=not no_extract,
            on_event=None if (as_json or quiet) else _print_event,
        )
    except pipeline.PipelineError as exc:
        raise BadInput(str(exc)) from None
    except store.StoreError as exc:
        raise BadInput(str(exc)) from None
    if as_json:
        echo_json(report.to_dict())
    else:
        for outlet_name, url, reason in report.feeds_failed:
            if quiet:
                click.echo(f"failed  {outlet_name}  {url}  {reason}", err=True)
        if not quiet:
            click.echo(refresh_summary(report))
    if report.interrupted_by:
        # The conventional exit status of a process ended by a signal: 128 + its number
        # (143 for SIGTERM, 130 for SIGINT), so `timeout` and cron report it as such.
        done = report.feeds_ok + len(report.feeds_failed)
        click.echo(f"refresh interrupted: {count(done, 'feed')} done, "
                   f"{count(report.pages_left, 'page')} left for next time", err=True)
        exit_guard(128 + report.interrupted_by)
        ctx.exit(128 + report.interrupted_by)
    if report.stories_error:
        click.echo(f"stories not updated: {report.stories_error}", err=True)
    if report.feeds_failed or report.stories_error:
        ctx.exit(1)


def _print_event(event) -> None:
    if event.kind == "feed-failed":
        click.echo(f"failed  {event.outlet}  {event.feed_url}  {event.message}", err=True)
    elif event.kind == "feed-done":
        click.echo(f"ok      {event.outlet}  {event.feed_url}  {event.message}")



@main.command()
@options
@click.option("--since", help="Only rebuild the stories of articles published since this date "
                              "(ISO 8601); older articles keep their stories.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def recluster(ctx, config_path, db_path, since, as_json) -> None:
    """Rebuild stories from the stored articles with the current clustering.

    Your corrections are kept (stories you corrected keep the articles they had), and a
    rebuilt story keeps the id of the old story it shares most articles with, so the ids
    your briefs cite still lead to it. Use it after a pressdiff upgrade, or to recover
    from a refresh that reported "stories not updated".

    \b
    Examples:
      pressdiff recluster
      pressdiff recluster --since 2026-11-01
    """
    from tui.core.recluster import recluster as rebuild

    _, db_file = paths(ctx, config_path, db_path)
    db = open_db(db_file)
    cutoff = parse_since(since)
    report = rebuild(db, since=cutoff.timestamp() if cutoff else None)
    if as_json:
        echo_json(report.to_dict())
        return
    click.echo(
        f"{count(report.articles, 'article')} in {count(report.stories_after, 'story', 'stories')}"
        f" (were {report.stories_before}); {count(report.changed, 'story', 'stories')} changed, "
        f"{count(report.moved_articles, 'article')} moved, "
        f"{count(len(report.new_ids), 'new story id')}, "
        f"{count(len(report.retired), 'id')} retired into others; {report.seconds:.1f} s"
    )
    for old_id, new_id in sorted(report.retired.items()):
        click.echo(f"  story {old_id} -> {new_id}")


# --- clustering without a database ----------------------------------------------------------


@main.command("cluster-jsonl")
@click.argument("infile", type=click.File("r", encoding="utf-8"), default="-")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of stdout.")
def cluster_jsonl_cmd(infile, output) -> None:
    """Cluster articles given as JSON lines, without touching any database.

    Each line: {"id": ..., "title": ...} plus optional outlet, published (ISO 8601
    or epoch milliseconds), text, summary, url. Output: one {"id", "cluster"} line
    per input line, in input order.

    \b
    Example:
      pressdiff cluster-jsonl articles.jsonl -o clusters.jsonl
    """
    import io

    from tui.core.cluster_jsonl import ClusterInputError, run

    buffer = io.StringIO()
    try:
        run(infile, buffer)
    except ClusterInputError as exc:
        name = getattr(infile, "name", "-")
        raise BadInput(f"{'stdin' if name == '<stdin>' else name}: {exc}") from None
    if output is None:
        click.echo(buffer.getvalue(), nl=False)
        return
    from tui.core.export import ExportError, write_export

    try:
        write_export(buffer.getvalue(), output, force=True)
    except ExportError as exc:
        raise BadInput(str(exc)) from None


