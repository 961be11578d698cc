"""The offline demo: serve the bundled corpus on loopback, build its database, open the app."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from tui.cli.root import BadInput, load_config, main, run_app
from tui.core import config as cfg

DEMO_PORT = 8765  # preferred, so demo article URLs stay the same from run to run

# --- demo -------------------------------------------------------------------------------------


@contextlib.contextmanager
def _one_demo_at_a_time(data: Path) -> Iterator[None]:
    """Hold the demo's lock while it runs. A second `pressdiff demo` would rebuild the
    database the first one has open and point the shared demo-feeds.toml at a server that
    stops when it ends: it is refused, naming the running one. The lock is an flock, so a
    demo that was killed leaves no stale lock behind."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX: no lock, as before
        yield
        return
    data.mkdir(parents=True, exist_ok=True)
    lock_path = data / "demo.lock"
    with open(lock_path, "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.seek(0)
            holder = lock.read().strip() or "unknown"
            raise BadInput(f"a demo is already running (pid {holder}, lock {lock_path}): "
                           "quit it first; each demo rebuilds the same demo database") from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        try:
            yield
        finally:
            lock.truncate(0)


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
    config = load_config(config_file)
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
    with _one_demo_at_a_time(cfg.data_dir()):
        server = _start_demo_server(None)
        try:
            db_file, config_file = _build_demo(server, db_path)
            if headless:
                click.echo(f"database: {db_file}")
                click.echo(f"config:   {config_file}")
                return
            run_app(db_file, config_file, demo_server_url=server.base_url)
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

