"""Commands that change what pressdiff follows: add, feeds enable/disable/rm, opml, init."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from tui.cli.reading import feeds
from tui.cli.retention import describe
from tui.cli.root import BadInput, init_target, load_config, main, open_db, options, paths
from tui.core import config as cfg
from tui.core import store
from tui.core.sanitize import clean_line
from tui.core.wording import count

# --- changing the feed list -------------------------------------------------------------------


def _feed_list(ctx: click.Context, config_path: Path | None):
    """feeds.toml to edit: where pressdiff reads it (created where init would write it)."""
    from tui.core.feedlist import FeedList

    path = cfg.find_config(config_path or ctx.find_root().params.get("config_path"))
    if not path.exists():
        path = init_target(ctx, config_path)
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
    from tui.core.feedlist import parse_tags

    try:
        return parse_tags(values)
    except ValueError as exc:
        raise BadInput(f"--tag {exc}") from None


@main.command()
@options
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
    name, new_outlet = feed_list.add_candidate(chosen, outlet, tag_values,
                                               full_text=not no_full_text)
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
@click.option("--purge", is_flag=True, help="Also delete the stored articles of the feeds.")
@click.option("--force", is_flag=True,
              help="With --purge: delete even articles of stories you exported, corrected, "
                   "annotated or starred, without asking.")
@click.pass_context
def feeds_rm(ctx, target, purge, force) -> None:
    """Stop following a feed (URL) or a whole outlet (name). Stored articles are kept unless
    --purge; articles of stories you worked on are only purged after you agree (or --force).

    \b
    Example:
      pressdiff feeds rm "Example Wire"
      pressdiff feeds rm https://example.org/rss --purge
    """
    from tui.core.feedlist import FeedListError

    feed_list = _feed_list(ctx, ctx.parent.params.get("config_path") if ctx.parent else None)
    try:
        found = feed_list.find(target)
    except FeedListError as exc:
        raise BadInput(str(exc)) from None
    removed = feed_list.remove(found)  # in memory: nothing is written before the question
    db = _purge_db(ctx) if purge else None
    if db is not None:
        force = _confirm_purge(db, removed, force)
    _save(feed_list)
    click.echo(f"removed {count(len(removed), 'feed')} ({', '.join(removed)}) from "
               f"{feed_list.path}" + ("" if purge else "; their stored articles are kept"))
    if db is not None:
        click.echo(describe(store.purge_feed(db, removed, force=force)))
        db.conn.close()


def _purge_db(ctx: click.Context):
    _, db_file = paths(ctx, None, None)
    return open_db(db_file) if db_file.exists() else None


def _confirm_purge(db, urls: list[str], force: bool) -> bool:
    """Before anything changes: which stories the analyst worked on would lose articles. On
    a terminal the analyst is asked; elsewhere --force is required. True: purge those too."""
    if force:
        return True
    preview = store.purge_feed(db, urls, dry_run=True)
    if not preview.kept:
        return False
    click.echo(describe(preview))
    if not sys.stdin.isatty():
        raise BadInput(f"{count(len(preview.protected_stories), 'story', 'stories')} you "
                       "worked on would lose articles: use --force to purge them too "
                       "(nothing was changed)")
    if not click.confirm("Delete those too?", default=False):
        click.echo("kept them: only the other articles go")
        return False
    return True


@main.group()
def opml() -> None:
    """Subscriptions in and out as OPML (from and to newsboat, Feedly, Inoreader, ...).

    \b
    Examples:
      pressdiff opml import subscriptions.opml --dry-run
      pressdiff opml export -o pressdiff.opml
    """


@opml.command("import")
@options
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
@options
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

    config_file, _ = paths(ctx, config_path, db_path)
    text = opml_io.export(load_config(config_file))
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_export(text, output, force=force)
    except ExportError as exc:
        raise BadInput(str(exc)) from None
    click.echo(str(output))


@main.command()
@options
@click.option("--force", is_flag=True, help="Replace an existing feeds.toml.")
@click.pass_context
def init(ctx, config_path, db_path, force) -> None:
    """Write the starter feeds.toml (16 commented outlets) where pressdiff looks for it.

    Never replaces an existing file unless --force. Edit it, then `pressdiff refresh`.

    \b
    Example:
      pressdiff init && pressdiff refresh && pressdiff
    """
    target = init_target(ctx, config_path)
    try:
        written = cfg.write_starter(target, force=force)
    except cfg.ConfigError as exc:
        raise BadInput(str(exc)) from None
    except OSError as exc:
        raise BadInput(f"{target}: cannot write ({exc.strerror or exc})") from None
    click.echo(f"wrote {written} ({len(cfg.load_config(written).outlets)} outlets); "
               "edit it, then run: pressdiff refresh")


