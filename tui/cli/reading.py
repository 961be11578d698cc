"""Commands that read: articles, feeds, stories, show, export, locate."""

from __future__ import annotations

from pathlib import Path

import click

from tui.cli.root import (
    BadInput,
    article_dict,
    echo_json,
    main,
    open_db,
    options,
    parse_since,
    paths,
    when,
)
from tui.core import config as cfg
from tui.core import store, story_filter
from tui.core.sanitize import clean_line
from tui.core.wording import count

# --- listing ----------------------------------------------------------------------------------


@main.command()
@options
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
    _, db_file = paths(ctx, config_path, db_path)
    db = open_db(db_file)
    if outlet is not None:
        known = sorted({s.outlet for s in store.feed_statuses(db)})
        if outlet.casefold() not in {name.casefold() for name in known}:
            raise BadInput(f"no outlet {clean_line(outlet, 80)!r} in the database; known: "
                           + (", ".join(clean_line(n, 40) for n in known) or "none yet"))
    rows = store.list_articles(db, outlet=outlet, search=search, limit=limit)
    stories = store.stories_of_articles(db, [a.id for a in rows])
    if as_json:
        echo_json([{"story": stories.get(a.id)} | article_dict(a) for a in rows])
        return
    for a in rows:
        story = stories.get(a.id)
        click.echo(
            f"{a.id:>6}  {'story ' + str(story) if story else 'no story':>11}  "
            f"{when(a.published)}  {clean_line(a.outlet, 24):<24}  "
            f"{a.text_source:<7}  {clean_line(a.title, 90)}"
        )


@main.group(invoke_without_command=True)
@options
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
    _, db_file = paths(ctx, config_path, db_path)
    db = open_db(db_file)
    statuses = store.feed_statuses(db)
    if as_json:
        echo_json([vars(s) for s in statuses])
        return
    if not statuses:
        click.echo("no feeds yet: `pressdiff add URL` or edit feeds.toml, then `pressdiff refresh`")
        return
    width = min(24, max(len(clean_line(s.outlet, 24)) for s in statuses))
    click.echo(f"{'STATUS':<13} {'HTTP':>4}  {'LAST FETCH (UTC)':<16}  {'ARTICLES':>8}  "
               f"{'OUTLET':<{width}}  FEED")
    for s in statuses:
        http = str(s.http_status or "-")
        status = s.status if s.enabled else "disabled"
        detail = s.error or "; ".join(s.warnings)
        click.echo(
            f"{status:<13} {http:>4}  {when(s.last_fetched_at):<16}  {s.article_count:>8}  "
            f"{clean_line(s.outlet, 24):<{width}}  {clean_line(s.url, 200)}"
            + (f"\n{'':>19}{clean_line(detail, 200)}" if detail else "")
        )
    failed = sum(1 for s in statuses if s.status == "failed")
    outlets = count(len({s.outlet for s in statuses}), "outlet")
    click.echo(f"{count(len(statuses), 'feed')} of {outlets}"
               + (f", {failed} failed" if failed else ""))


@main.command()
@options
@click.pass_context
def locate(ctx, config_path, db_path) -> None:
    """Print where pressdiff reads its config and keeps its database.

    \b
    Example:
      pressdiff locate
    """
    config_file, db_file = paths(ctx, config_path, db_path)
    state = "" if config_file.exists() else "  (missing)"
    click.echo(f"config:   {config_file}{state}")
    click.echo(f"database: {db_file}{'' if db_file.exists() else '  (not created yet)'}")
    click.echo(f"demo db:  {cfg.demo_db_path()}")



# --- stories ----------------------------------------------------------------------------------


@main.command("stories")
@options
@click.option("--min-outlets", type=click.IntRange(min=1), default=1, show_default=True,
              help="Only stories covered by at least this many outlets.")
@click.option("--since", help="Only stories active since then: 24h, 7d, 2w or a date.")
@click.option("--search", help="Full-text search over the stories' articles.")
@click.option("--filter", "filter_text", metavar="FILTER",
              help="The app's / filter: words and outlet tags, e.g. 'country:AZ kind:op NGO'.")
@click.option("--watch", "watch_name", metavar="NAME", help="A saved watch's filter.")
@click.option("--new", "new_only", is_flag=True,
              help="Only stories with articles not seen yet (opened in the app since).")
@click.option("--starred", is_flag=True, help="Only starred stories.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many stories.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def stories(ctx, config_path, db_path, min_outlets, since, search, filter_text, watch_name,
            new_only, starred, limit, as_json) -> None:
    """List stories, most recently active first (`clusters` is an alias).

    \b
    Examples:
      pressdiff stories --min-outlets 3 --since 2026-11-20
      pressdiff stories --since 24h --filter "country:AZ kind:op NGO"
      pressdiff stories --new --watch baku-ngos --json
    """
    _, db_file = paths(ctx, config_path, db_path)
    db = open_db(db_file)
    if watch_name is not None:
        if filter_text:
            raise BadInput("--watch and --filter: give one (a watch is a saved filter)")
        try:
            filter_text = store.watch_filter(db, watch_name)
        except store.UnknownWatch as exc:
            raise BadInput(str(exc)) from None
    parsed = story_filter.parse_filter(filter_text)
    words = " ".join(w for w in (search, parsed.search) if w) or None
    rows = store.story_summaries(
        db, min_outlets=min_outlets, since=parse_since(since), search=words,
        terms=parsed.terms, new_only=new_only, starred_only=starred, limit=limit,
    )
    ids = [s.id for s in rows]
    new, notes, stars = store.new_counts(db, ids), store.story_notes(db, ids), \
        store.starred_story_ids(db)
    if as_json:
        echo_json([
            {"id": s.id, "title": s.title, "outlets": list(s.outlets),
             "outlet_count": s.outlet_count, "article_count": s.article_count,
             "first_seen": s.first_seen, "last_seen": s.last_seen,
             "new": new.get(s.id, 0), "starred": s.id in stars, "note": notes.get(s.id, "")}
            for s in rows
        ])
        return
    for s in rows:
        marks = ("★ " if s.id in stars else "") + (f"+{new[s.id]} new  " if s.id in new else "")
        click.echo(
            f"{s.id:>5}  {count(s.outlet_count, 'outlet'):>10} "
            f"{count(s.article_count, 'article'):>12}  "
            f"{when(s.first_seen)} – {when(s.last_seen)}  {marks}{clean_line(s.title, 90)}\n"
            f"{'':>7}{_outlet_list(s.outlets)}"
            + (f"\n{'':>7}note: {clean_line(notes[s.id], 100)}" if s.id in notes else "")
        )


def _outlet_list(outlets: tuple[str, ...], shown: int = 8) -> str:
    names = ", ".join(clean_line(o, 40) for o in outlets[:shown])
    return names + (f" and {len(outlets) - shown} more" if len(outlets) > shown else "")


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
@options
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
    _, db_file = paths(ctx, config_path, db_path)
    db = open_db(db_file)
    brief = _brief(db, cluster_id)
    story, comparison = brief.story, brief.comparison
    if as_json:
        echo_json({
            "id": story.id,
            "title": story.title,
            "first_seen": story.first_seen,
            "last_seen": story.last_seen,
            "absorbed": list(story.absorbed),
            "members": [
                {"article": article_dict(m.article) | {"text": None},
                 "score": round(m.score, 4), "evidence": list(m.evidence), "method": m.method}
                for m in story.members
            ],
            "comparison": comparison.to_dict(),
        })
        return
    click.echo(_format_show(story, comparison))


UNIQUE_PER_OUTLET = 3
UNIQUE_MIN_WORDS = 6  # shorter one-outlet lines are mostly bylines and captions


def _duration(delta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}" if hours < 48 else f"{hours // 24}d{hours % 24:02d}h"


def _format_show(story, comparison) -> str:
    """A plain-text reading of a story for the terminal (no colours, no markup)."""
    lines = [
        f"Story {story.id}: {story.title}",
        f"{count(len(story.members), 'article')} from {count(len(story.outlets), 'outlet')} "
        f"({comparison.independent_outlet_count} independent), "
        f"{when(story.first_seen)} – {when(story.last_seen)}",
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
        lines.append(f"  [{a.id}] {when(a.published)}  {a.outlet} — {a.title}")
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
    unique: dict[str, list[str]] = {}
    for statement in comparison.statements:
        if len(statement.independent_outlets) == 1 and not statement.credit \
                and statement.words >= UNIQUE_MIN_WORDS:
            unique.setdefault(statement.independent_outlets[0], []).append(statement.text)
    if unique:
        lines += ["", f"Said by one outlet only (up to {UNIQUE_PER_OUTLET} each):"]
        for outlet, texts in unique.items():
            lines.append(f"  {outlet}:")
            lines += [f"    - {text}" for text in texts[:UNIQUE_PER_OUTLET]]
    if comparison.timeline:
        lines += ["", "Timeline:"]
        for entry in comparison.timeline:
            after = "first" if entry.first else "+" + _duration(entry.delta)
            seen = "" if entry.time_known else " (first seen; no publication time)"
            lines.append(f"  {when(entry.when)}  {after:>8}  {entry.outlet} — {entry.title}{seen}")
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
@options
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

    _, db_file = paths(ctx, config_path, db_path)
    db = open_db(db_file)
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


