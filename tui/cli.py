"""The `pressdiff` command line: bare `pressdiff` opens the app; subcommands call the core.

Exit codes: 0 success; 1 a refresh in which some feed failed; 2 bad input (a malformed
feeds.toml, an unknown story or article id, an unwritable export path, malformed JSON lines).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from tui import __version__
from tui.core import config as cfg
from tui.core import store
from tui.core.sanitize import clean_line
from tui.core.wording import count, refresh_summary

DEMO_PORT = 8765  # preferred, so demo article URLs stay the same from run to run


class BadInput(click.ClickException):
    """One plain line and exit code 2."""

    exit_code = 2


def _options(func: Callable) -> Callable:
    func = click.option(
        "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
        help="SQLite database (default: $PRESSDIFF_DB, else pressdiff.db in the user data dir).",
    )(func)
    func = click.option(
        "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
        help="feeds.toml (default: $PRESSDIFF_CONFIG, the user config dir, then ./feeds.toml).",
    )(func)
    return func


def _paths(ctx: click.Context, config_path: Path | None, db_path: Path | None):
    parent = ctx.find_root().params
    return (
        cfg.find_config(config_path or parent.get("config_path")),
        cfg.find_db(db_path or parent.get("db_path")),
    )


def _load_config(path: Path) -> cfg.Config:
    try:
        return cfg.load_config(path)
    except cfg.ConfigError as exc:
        raise BadInput(str(exc)) from None


def _open_db(path: Path, must_exist: bool = True):
    if must_exist and not path.exists():
        raise BadInput(
            f"{path}: no database yet; run `pressdiff refresh` (or `pressdiff demo`) first"
        )
    try:
        return store.connect(path)
    except store.StoreError as exc:
        raise BadInput(str(exc)) from None


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return store.iso(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else "-"


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@_options
@click.version_option(__version__, prog_name="pressdiff")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, db_path: Path | None) -> None:
    """Compare how different outlets cover the same story, side by side.

    With no command, opens the app on your database.

    \b
    Examples:
      pressdiff                      # open the app
      pressdiff demo                 # try it on the bundled offline demo
      pressdiff refresh              # fetch all feeds (cron-friendly)
      pressdiff clusters --min-outlets 3
    """
    if ctx.invoked_subcommand is None:
        config_file, db_file = _paths(ctx, None, None)
        _run_app(db_file, config_file if config_file.exists() else None)


def _run_app(db_path: Path, config_path: Path | None) -> None:
    try:
        from tui.app.app import run_app
    except ImportError as exc:  # pragma: no cover - the app ships with the package
        raise click.ClickException(f"the app could not start: {exc}") from None
    db_path.parent.mkdir(parents=True, exist_ok=True)
    run_app(db_path, config_path)


# --- refresh ----------------------------------------------------------------------------------


@main.command()
@_options
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

    config_file, db_file = _paths(ctx, config_path, db_path)
    config = _load_config(config_file)
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
        _echo_json(report.to_dict())
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


# --- listing ----------------------------------------------------------------------------------


def _article_dict(article) -> dict:
    return {
        "id": article.id,
        "outlet": article.outlet,
        "outlet_tags": article.outlet_tags,
        "feed": article.feed_url,
        "url": article.url,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "fetched_at": article.fetched_at,
        "page_fetched_at": article.page_fetched_at,
        "text_source": article.text_source,
        "text_reason": article.text_reason,
        "words": article.word_count,
        "language": article.language,
        "summary": article.summary,
        "text": article.text,
    }


@main.command()
@_options
@click.option("--outlet", help="Only this outlet's articles.")
@click.option("--search", help="Full-text search over titles and texts.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many (newest first).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article, all fields.")
@click.pass_context
def articles(ctx, config_path, db_path, outlet, search, limit, as_json) -> None:
    """List stored articles, newest first.

    \b
    Example:
      pressdiff articles --search "UN offices" --json
    """
    _, db_file = _paths(ctx, config_path, db_path)
    db = _open_db(db_file)
    rows = store.list_articles(db, outlet=outlet, search=search, limit=limit)
    stories = store.stories_of_articles(db, [a.id for a in rows])
    if as_json:
        _echo_json([{"story": stories.get(a.id)} | _article_dict(a) for a in rows])
        return
    for a in rows:
        story = stories.get(a.id)
        click.echo(
            f"{a.id:>6}  {'story ' + str(story) if story else 'no story':>11}  "
            f"{_when(a.published)}  {clean_line(a.outlet, 24):<24}  "
            f"{a.text_source:<7}  {clean_line(a.title, 90)}"
        )


@main.group(invoke_without_command=True)
@_options
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def feeds(ctx, config_path, db_path, as_json) -> None:
    """Show each feed's status: last fetch, HTTP result, error, article count; or change the
    list with a subcommand (enable, disable, rm).

    \b
    Examples:
      pressdiff feeds --json
      pressdiff feeds disable "Example Wire"
      pressdiff feeds rm https://example.org/feed.xml
    """
    if ctx.invoked_subcommand is not None:
        return
    _, db_file = _paths(ctx, config_path, db_path)
    db = _open_db(db_file)
    statuses = store.feed_statuses(db)
    if as_json:
        _echo_json([vars(s) for s in statuses])
        return
    for s in statuses:
        http = str(s.http_status or "-")
        detail = s.error or "; ".join(s.warnings)
        click.echo(
            f"{s.status:<13} {http:>4}  {_when(s.last_fetched_at)}  {s.article_count:>5}  "
            f"{clean_line(s.outlet, 24):<24}  {s.url}" + (f"\n{'':>19}{detail}" if detail else "")
        )


# --- changing the feed list -------------------------------------------------------------------


def _feed_list(ctx: click.Context, config_path: Path | None):
    """feeds.toml to edit: where pressdiff reads it (created where init would write it)."""
    from tui.core.feedlist import FeedList

    path = cfg.find_config(config_path or ctx.find_root().params.get("config_path"))
    if not path.exists():
        path = _init_target(ctx, config_path)
    try:
        return FeedList.load(path)
    except cfg.ConfigError as exc:
        raise BadInput(str(exc)) from None


def _save(feed_list) -> None:
    try:
        feed_list.save()
    except cfg.ConfigError as exc:
        raise BadInput(str(exc)) from None
    except OSError as exc:
        raise BadInput(f"{feed_list.path}: cannot write ({exc.strerror or exc})") from None


def _tags(values: tuple[str, ...]) -> dict[str, str]:
    tags = {}
    for value in values:
        key, sep, tag = value.partition("=")
        if not sep or not key.strip() or not tag.strip():
            raise BadInput(f"--tag {value!r}: write key=value, e.g. --tag kind=wire")
        tags[clean_line(key.strip(), 40)] = clean_line(tag.strip(), 80)
    return tags


@main.command()
@_options
@click.argument("url")
@click.option("--outlet", help="Outlet name (default: the feed's title); an existing outlet "
                               "gets the feed added.")
@click.option("--tag", "tags", multiple=True, metavar="KEY=VALUE",
              help="An outlet tag, e.g. kind=wire or country=AZ (repeatable).")
@click.option("--no-full-text", is_flag=True,
              help="Keep the feed's own text; do not fetch article pages.")
@click.option("--pick", type=click.IntRange(min=1), help="Take candidate N without asking.")
@click.option("--yes", "-y", is_flag=True, help="Take the first candidate without asking.")
@click.pass_context
def add(ctx, config_path, db_path, url, outlet, tags, no_full_text, pick, yes) -> None:
    """Follow a feed: URL may be the feed or any page of the outlet's site.

    For a page, pressdiff finds the feeds it announces (or at common paths), shows them with
    their titles and item counts and lets you pick. The feed is fetched and parsed before
    feeds.toml is touched; comments and layout in feeds.toml are kept.

    \b
    Examples:
      pressdiff add https://oc-media.org/ --tag kind=independent --tag country=GE
      pressdiff add https://example.org/rss.xml --outlet "Example Daily" --yes
    """
    import asyncio

    from tui.core.discover import DiscoveryError, discover

    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise BadInput(f"{clean_line(url, 200)}: only http:// and https:// addresses")
    tag_values = _tags(tags)
    feed_list = _feed_list(ctx, config_path)
    if (owner := feed_list.has_url(url)) is not None:
        raise BadInput(f"{url} is already in {feed_list.path} (outlet {owner!r})")
    settings = feed_list.config.settings
    try:
        candidates = asyncio.run(discover(url, settings))
    except DiscoveryError as exc:
        raise BadInput(str(exc)) from None
    chosen = _choose(candidates, pick, yes)
    if (owner := feed_list.has_url(chosen.url)) is not None:
        raise BadInput(f"{chosen.url} is already in {feed_list.path} (outlet {owner!r})")
    name = clean_line(outlet or chosen.title or urlsplit(chosen.url).hostname or "", 120)
    existing = feed_list.config.outlet(name)
    name = existing.name if existing else name
    new_outlet = feed_list.add(name, chosen.url, tag_values, full_text=not no_full_text)
    _save(feed_list)
    click.echo(f"added {chosen.url} ({chosen.format}, {count(chosen.items, 'item')}) to "
               f"{'new ' if new_outlet else ''}outlet {name!r} in {feed_list.path}")


def _choose(candidates, pick: int | None, yes: bool):
    if pick is not None:
        if pick > len(candidates):
            raise BadInput(f"--pick {pick}: only {count(len(candidates), 'candidate')} found")
        return candidates[pick - 1]
    if len(candidates) == 1 or yes:
        return candidates[0]
    click.echo(f"{count(len(candidates), 'feed')} found:")
    for number, candidate in enumerate(candidates, 1):
        click.echo(f"  {number}. {clean_line(candidate.title, 80)} — {candidate.url} "
                   f"({candidate.format}, {count(candidate.items, 'item')}; {candidate.how})")
    if not sys.stdin.isatty():
        raise BadInput("several feeds found: choose one with --pick N (or --yes for the first)")
    choice = click.prompt("Which one", type=click.IntRange(1, len(candidates)), default=1)
    return candidates[choice - 1]


@feeds.command("enable")
@click.argument("target")
@click.pass_context
def feeds_enable(ctx, target) -> None:
    """Fetch a feed (URL) or all of an outlet's feeds (name) again on refresh.

    \b
    Example:
      pressdiff feeds enable "Example Wire"
    """
    _set_enabled(ctx, target, True)


@feeds.command("disable")
@click.argument("target")
@click.pass_context
def feeds_disable(ctx, target) -> None:
    """Keep a feed (URL) or an outlet's feeds (name) listed, but skip them on refresh.

    \b
    Example:
      pressdiff feeds disable https://example.org/feed.xml
    """
    _set_enabled(ctx, target, False)


def _set_enabled(ctx: click.Context, target: str, enabled: bool) -> None:
    from tui.core.feedlist import FeedListError

    feed_list = _feed_list(ctx, ctx.parent.params.get("config_path") if ctx.parent else None)
    try:
        found = feed_list.find(target)
    except FeedListError as exc:
        raise BadInput(str(exc)) from None
    changed = feed_list.set_enabled(found, enabled)
    word = "enabled" if enabled else "disabled"
    what = found.url or f"outlet {found.outlet!r}"
    if not changed:
        click.echo(f"{what} was already {word}")
        return
    _save(feed_list)
    click.echo(f"{what}: {count(changed, 'feed')} {word} in {feed_list.path}")


@feeds.command("rm")
@click.argument("target")
@click.pass_context
def feeds_rm(ctx, target) -> None:
    """Stop following a feed (URL) or a whole outlet (name). Stored articles are kept.

    \b
    Example:
      pressdiff feeds rm "Example Wire"
    """
    from tui.core.feedlist import FeedListError

    feed_list = _feed_list(ctx, ctx.parent.params.get("config_path") if ctx.parent else None)
    try:
        found = feed_list.find(target)
    except FeedListError as exc:
        raise BadInput(str(exc)) from None
    removed = feed_list.remove(found)
    _save(feed_list)
    click.echo(f"removed {count(len(removed), 'feed')} ({', '.join(removed)}) from "
               f"{feed_list.path}; their stored articles are kept")


@main.group()
def opml() -> None:
    """Subscriptions in and out as OPML (from and to newsboat, Feedly, Inoreader, ...).

    \b
    Examples:
      pressdiff opml import subscriptions.opml --dry-run
      pressdiff opml export -o pressdiff.opml
    """


@opml.command("import")
@_options
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be added; change nothing.")
@click.pass_context
def opml_import(ctx, config_path, db_path, file, dry_run) -> None:
    """Add the feeds of an OPML file: titles become outlets, folders and categories tags.

    \b
    Example:
      pressdiff opml import ~/newsboat.opml
    """
    from tui.core import opml as opml_io

    try:
        imported = opml_io.read(file)
    except opml_io.OpmlError as exc:
        raise BadInput(str(exc)) from None
    feed_list = _feed_list(ctx, config_path)
    added = []
    skipped = list(imported.skipped)
    for feed in imported.feeds:
        if (owner := feed_list.has_url(feed.url)) is not None:
            skipped.append((feed.url, f"already followed (outlet {owner!r})"))
            continue
        existing = feed_list.config.outlet(feed.outlet)
        name = existing.name if existing else feed.outlet
        feed_list.add(name, feed.url, feed.tags, full_text=feed.full_text, enabled=feed.enabled)
        added.append((name, feed.url))
    for name, url in added:
        click.echo(f"{'would add' if dry_run else 'added'}  {clean_line(name, 60)}  {url}")
    for what, why in skipped:
        click.echo(f"skipped  {clean_line(what, 100)}  ({why})")
    if not dry_run and added:
        _save(feed_list)
    click.echo(f"{count(len(added), 'feed')} {'to add' if dry_run else 'added'}, "
               f"{len(skipped)} skipped" + ("" if dry_run else f"; {feed_list.path}"))


@opml.command("export")
@_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of stdout.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.pass_context
def opml_export(ctx, config_path, db_path, output, force) -> None:
    """Write the feed list as OPML 2.0 (outlets as groups, tags as categories).

    \b
    Example:
      pressdiff opml export -o pressdiff.opml
    """
    from tui.core import opml as opml_io
    from tui.core.export import ExportError, write_export

    config_file, _ = _paths(ctx, config_path, db_path)
    text = opml_io.export(_load_config(config_file))
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_export(text, output, force=force)
    except ExportError as exc:
        raise BadInput(str(exc)) from None
    click.echo(str(output))


@main.command()
@_options
@click.option("--force", is_flag=True, help="Replace an existing feeds.toml.")
@click.pass_context
def init(ctx, config_path, db_path, force) -> None:
    """Write the starter feeds.toml (16 commented outlets) where pressdiff looks for it.

    Never replaces an existing file unless --force. Edit it, then `pressdiff refresh`.

    \b
    Example:
      pressdiff init && pressdiff refresh && pressdiff
    """
    target = _init_target(ctx, config_path)
    try:
        written = cfg.write_starter(target, force=force)
    except cfg.ConfigError as exc:
        raise BadInput(str(exc)) from None
    except OSError as exc:
        raise BadInput(f"{target}: cannot write ({exc.strerror or exc})") from None
    click.echo(f"wrote {written} ({len(cfg.load_config(written).outlets)} outlets); "
               "edit it, then run: pressdiff refresh")


def _init_target(ctx: click.Context, config_path: Path | None) -> Path:
    """Where init writes: --config, $PRESSDIFF_CONFIG, else the user config dir (where
    `locate` says pressdiff looks first), never ./feeds.toml."""
    explicit = config_path or ctx.find_root().params.get("config_path")
    if explicit or os.environ.get("PRESSDIFF_CONFIG"):
        return cfg.find_config(explicit)
    return cfg.config_dir() / "feeds.toml"


@main.command()
@_options
@click.pass_context
def locate(ctx, config_path, db_path) -> None:
    """Print where pressdiff reads its config and keeps its database.

    \b
    Example:
      pressdiff locate
    """
    config_file, db_file = _paths(ctx, config_path, db_path)
    state = "" if config_file.exists() else "  (missing)"
    click.echo(f"config:   {config_file}{state}")
    click.echo(f"database: {db_file}{'' if db_file.exists() else '  (not created yet)'}")
    click.echo(f"demo db:  {cfg.demo_db_path()}")


# --- stories ----------------------------------------------------------------------------------


def _parse_since(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise BadInput(
            f"--since {value!r}: use a date like 2026-11-24 or 2026-11-24T08:00"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@main.command("stories")
@_options
@click.option("--min-outlets", type=click.IntRange(min=1), default=1, show_default=True,
              help="Only stories covered by at least this many outlets.")
@click.option("--since", help="Only stories active since this date (ISO 8601).")
@click.option("--search", help="Full-text search over the stories' articles.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many stories.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def stories(ctx, config_path, db_path, min_outlets, since, search, limit, as_json) -> None:
    """List stories, most recently active first (`clusters` is an alias).

    \b
    Example:
      pressdiff stories --min-outlets 3 --since 2026-11-20
    """
    _, db_file = _paths(ctx, config_path, db_path)
    db = _open_db(db_file)
    rows = store.story_summaries(
        db, min_outlets=min_outlets, since=_parse_since(since), search=search, limit=limit
    )
    if as_json:
        _echo_json([
            {"id": s.id, "title": s.title, "outlets": list(s.outlets),
             "outlet_count": s.outlet_count, "article_count": s.article_count,
             "first_seen": s.first_seen, "last_seen": s.last_seen}
            for s in rows
        ])
        return
    for s in rows:
        click.echo(
            f"{s.id:>5}  {s.outlet_count:>2} outlets {s.article_count:>3} articles  "
            f"{_when(s.first_seen)} – {_when(s.last_seen)}  {clean_line(s.title, 90)}\n"
            f"{'':>7}{', '.join(clean_line(o, 40) for o in s.outlets)}"
        )


# The first name of the command; scripts that use it keep working.
main.add_command(click.Command(
    "clusters", callback=stories.callback, params=stories.params, hidden=True,
    help="Alias of `pressdiff stories`.\n\n\b\nExample:\n  pressdiff clusters --json",
))


def _brief(db, cluster_id: int):
    from tui.core import briefs

    try:
        return briefs.read_brief(db, cluster_id)
    except store.UnknownStory as exc:
        raise BadInput(str(exc)) from None


@main.command()
@_options
@click.argument("cluster_id", type=int)
@click.option("--json", "as_json", is_flag=True,
              help="Everything as JSON: members with score and evidence, and the comparison.")
@click.pass_context
def show(ctx, config_path, db_path, cluster_id, as_json) -> None:
    """Show a story: its articles, why each is there, and how the outlets compare.

    \b
    Example:
      pressdiff show 3 --json
    """
    _, db_file = _paths(ctx, config_path, db_path)
    db = _open_db(db_file)
    brief = _brief(db, cluster_id)
    story, comparison = brief.story, brief.comparison
    if as_json:
        _echo_json({
            "id": story.id,
            "title": story.title,
            "first_seen": story.first_seen,
            "last_seen": story.last_seen,
            "absorbed": list(story.absorbed),
            "members": [
                {"article": _article_dict(m.article) | {"text": None},
                 "score": round(m.score, 4), "evidence": list(m.evidence), "method": m.method}
                for m in story.members
            ],
            "comparison": comparison.to_dict(),
        })
        return
    click.echo(_format_show(story, comparison))


def _format_show(story, comparison) -> str:
    """A plain-text reading of a story for the terminal (no colours, no markup)."""
    lines = [
        f"Story {story.id}: {story.title}",
        f"{len(story.members)} articles from {len(story.outlets)} outlets "
        f"({comparison.independent_outlet_count} independent), "
        f"{_when(story.first_seen)} – {_when(story.last_seen)}",
        "",
        "Articles (score · evidence):",
    ]
    for m in story.members:
        a = m.article
        stats = comparison.article(a.id)
        own = ""
        if stats:
            own = (f"reprint of {stats.reprint_of_outlet}" if stats.reprint_of_outlet
                   else f"{stats.unique_share:.0%} own")
        lines.append(f"  [{a.id}] {_when(a.published)}  {a.outlet} — {a.title}")
        lines.append(
            f"        {a.word_count} words, {own}; {m.method} {m.score:.2f}"
            f" · {', '.join(m.evidence) or '-'}"
        )
        lines.append(f"        {a.url}")
    shared = [s for s in comparison.statements if s.shared]
    if shared:
        lines += ["", "Said by several outlets:"]
        for statement in shared[:15]:
            lines.append(f"  - {statement.text}  ({', '.join(statement.independent_outlets)})")
    if comparison.quotes:
        lines += ["", "Quotes:"]
        for quote in comparison.quotes[:15]:
            who = f" — {quote.speaker}" if quote.speaker else ""
            lines.append(f'  "{quote.text}"{who}  ({", ".join(quote.outlets)})')
    if comparison.terms:
        lines += ["", "Distinctive terms:"]
        for outlet, terms in comparison.terms.items():
            if terms:
                lines.append(f"  {outlet}: {', '.join(t.term for t in terms[:8])}")
    gaps = comparison.gaps
    if gaps.coverage_known and (gaps.outlets or gaps.tags):
        lines += ["", "Not covered by:"]
        for gap in gaps.outlets:
            lines.append(f"  {gap.outlet}")
        for tag in gaps.tags:
            lines.append(f"  {tag.key}={tag.value} ({', '.join(tag.outlets)})")
    return "\n".join(lines)


@main.command()
@_options
@click.argument("cluster_id", type=int)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to this file (or directory: a name is derived from the title). "
                   "Default: stdout.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.pass_context
def export(ctx, config_path, db_path, cluster_id, output, force) -> None:
    """Export a story to a Markdown brief (front matter, table, comparison, full texts).

    \b
    Examples:
      pressdiff export 3 > brief.md
      pressdiff export 3 -o briefs/
    """
    from tui.core import briefs
    from tui.core.export import ExportError

    _, db_file = _paths(ctx, config_path, db_path)
    db = _open_db(db_file)
    if output is None:
        click.echo(briefs.render(_brief(db, cluster_id)), nl=False)
        return
    try:
        written = briefs.export(db, cluster_id, output, force=force)
    except store.UnknownStory as exc:
        raise BadInput(str(exc)) from None
    except ExportError as exc:
        raise BadInput(str(exc)) from None
    click.echo(str(written))


# --- corrections ------------------------------------------------------------------------------


def _correct(ctx, config_path, db_path, action: Callable[[Any], int]) -> int:
    """Run one correction on the database; a bad id becomes one line and exit 2."""
    _, db_file = _paths(ctx, config_path, db_path)
    db = _open_db(db_file)
    try:
        return action(db)
    except store.StoreError as exc:
        raise BadInput(str(exc)) from None


@main.command("remove")
@_options
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
@_options
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
@_options
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


@main.command()
@_options
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

    _, db_file = _paths(ctx, config_path, db_path)
    db = _open_db(db_file)
    cutoff = _parse_since(since)
    report = rebuild(db, since=cutoff.timestamp() if cutoff else None)
    if as_json:
        _echo_json(report.to_dict())
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


# --- demo -------------------------------------------------------------------------------------


def _start_demo_server(port: int | None):
    from tui.demo.server import DemoServer

    for candidate in ([port] if port is not None else [DEMO_PORT, 0]):
        server = DemoServer(port=candidate)
        try:
            return server.start()
        except OSError:
            if port is not None:
                raise BadInput(f"cannot listen on 127.0.0.1:{port} (in use?)") from None
    raise BadInput("cannot start the demo server")  # pragma: no cover


def _build_demo(server, db_path: Path | None, quiet: bool = False) -> tuple[Path, Path]:
    """Write the demo feeds.toml and refresh it into the demo database."""
    from tui.core import pipeline

    data = cfg.data_dir()
    data.mkdir(parents=True, exist_ok=True)
    config_file = data / "demo-feeds.toml"
    config_file.write_text(server.feeds_toml(), encoding="utf-8")
    if db_path is None:
        db_path = cfg.demo_db_path()
        # The default demo database is rebuilt every time: the server's port may change.
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    config = _load_config(config_file)
    if not quiet:
        click.echo(f"Serving the demo corpus at {server.base_url}; building {db_path} …")
    report = pipeline.refresh(db_path, config)
    if not quiet:
        click.echo(
            f"{report.new_articles} articles from {report.feeds_ok} feeds, "
            f"{report.extracted} pages extracted, {report.new_stories} stories "
            f"in {report.seconds:.1f} s"
        )
    return db_path, config_file


@main.group(invoke_without_command=True)
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this database instead of demo.db in the data dir.")
@click.option("--headless", is_flag=True, help="Build the demo database and exit (no app).")
@click.pass_context
def demo(ctx, db_path, headless) -> None:
    """Try pressdiff offline: serve the bundled corpus on 127.0.0.1, refresh it, open the app.

    Uses its own demo.db in the data dir, never your own database.

    \b
    Examples:
      pressdiff demo
      pressdiff demo --headless
      pressdiff demo serve
    """
    if ctx.invoked_subcommand is not None:
        return
    # `pressdiff --db X demo` most likely names the analyst's own database: the demo never
    # writes its outlets into that. `pressdiff demo --db X` is the way to choose a file.
    root = ctx.find_root().params
    if root.get("db_path"):
        raise BadInput("pressdiff demo keeps its own database and does not use --db given "
                       "before `demo`; to choose the demo's file: pressdiff demo --db FILE")
    if root.get("config_path"):
        raise BadInput("pressdiff demo serves and configures its own feeds; --config does not "
                       "apply (`pressdiff demo serve` prints the demo's feeds.toml)")
    server = _start_demo_server(None)
    try:
        db_file, config_file = _build_demo(server, db_path)
        if headless:
            click.echo(f"database: {db_file}")
            click.echo(f"config:   {config_file}")
            return
        _run_app(db_file, config_file)
    finally:
        server.stop()


@demo.command()
@click.option("--port", type=click.IntRange(0, 65535), default=DEMO_PORT, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
def serve(port) -> None:
    """Only serve the demo corpus, and print a feeds.toml that points at it.

    \b
    Example:
      pressdiff demo serve --port 0 > /tmp/demo-feeds.toml
    """
    server = _start_demo_server(port)
    click.echo(server.feeds_toml())
    click.echo(f"# serving {server.base_url} — Ctrl+C to stop", err=True)
    try:
        import threading

        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
