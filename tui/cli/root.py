"""The `pressdiff` command group and what its commands share: the --config/--db options,
paths, one-line errors with exit 2, JSON output."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from tui import __version__
from tui.core import config as cfg
from tui.core import store, story_filter


class BadInput(click.ClickException):
    """One plain line and exit code 2."""

    exit_code = 2


def options(func: Callable) -> Callable:
    func = click.option(
        "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
        help="SQLite database (default: $PRESSDIFF_DB, else pressdiff.db in the user data dir).",
    )(func)
    func = click.option(
        "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
        help="feeds.toml (default: $PRESSDIFF_CONFIG, the user config dir, then ./feeds.toml).",
    )(func)
    return func


def paths(ctx: click.Context, config_path: Path | None, db_path: Path | None):
    parent = ctx.find_root().params
    return (
        cfg.find_config(config_path or parent.get("config_path")),
        cfg.find_db(db_path or parent.get("db_path")),
    )


def load_config(path: Path) -> cfg.Config:
    try:
        return cfg.load_config(path)
    except cfg.ConfigError as exc:
        raise BadInput(str(exc)) from None


def open_db(path: Path, must_exist: bool = True):
    if must_exist and not path.exists():
        raise BadInput(
            f"{path}: no database yet; run `pressdiff refresh` (or `pressdiff demo`) first"
        )
    try:
        return store.connect(path)
    except store.StoreError as exc:
        raise BadInput(str(exc)) from None


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=json_default))


def json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return store.iso(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else "-"


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@options
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
        config_file, db_file = paths(ctx, None, None)
        run_app(db_file, config_file if config_file.exists() else None)


def run_app(db_path: Path, config_path: Path | None, demo_server_url: str | None = None) -> None:
    try:
        from tui.app.app import run_app
    except ImportError as exc:  # pragma: no cover - the app ships with the package
        raise click.ClickException(f"the app could not start: {exc}") from None
    db_path.parent.mkdir(parents=True, exist_ok=True)
    run_app(db_path, config_path, demo_server_url)
    # Closed: a refresh the app abandoned must not keep the process (see exit_guard).
    from tui.core.processes import exit_guard

    exit_guard(0)



def article_dict(article) -> dict:
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



def init_target(ctx: click.Context, config_path: Path | None) -> Path:
    """Where init writes: --config, $PRESSDIFF_CONFIG, else the user config dir (where
    `locate` says pressdiff looks first), never ./feeds.toml."""
    explicit = config_path or ctx.find_root().params.get("config_path")
    if explicit or os.environ.get("PRESSDIFF_CONFIG"):
        return cfg.find_config(explicit)
    return cfg.config_dir() / "feeds.toml"



def parse_since(value: str | None, option: str = "--since") -> datetime | None:
    """A duration back from now (24h, 7d, 2w) or a date; BadInput naming the option."""
    try:
        return story_filter.parse_since(value)
    except ValueError as exc:
        raise BadInput(f"{option} {exc}") from None

