"""A hostile feeds.toml (huge, deeply nested, wrong types, control characters) gets one
clear error naming the file (and the line, where there is one), exit code 2, never a
traceback; values that parse but make no sense cannot break the fetcher."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.loopback import LoopbackServer, rss
from tui.cli import main
from tui.core import store
from tui.core.config import Settings, parse_config
from tui.core.fetch import Fetcher

# name -> (file text, line named in the error or None, fragment of the message)
HOSTILE = {
    "huge": ("# " + "x" * (3 * 1024 * 1024) + "\n", None, "file is larger than 2048 KiB"),
    "nested-arrays": ("a = " + "[" * 5000 + "]" * 5000 + "\n", 1, "nested too deeply"),
    "nested-tables": ("b = 2\na = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n", 2,
                      "nested too deeply"),
    "nan-timeout": ('[settings]\ntimeout = nan\n', 2, '"timeout" must be a finite number'),
    "inf-timeout": ('[settings]\ntimeout = inf\n', 2, '"timeout" must be a finite number'),
    "inf-retry-after": ('[settings]\nmax_retry_after = inf\n', 2,
                        '"max_retry_after" must be a finite number'),
    "dotted-header": ("[" + ".".join(["a"] * 20_000) + "]\n", 1, 'unknown top-level key "a"'),
    "outlet-as-string": ('outlet = "x"\n', 1, "outlets must be written as [[outlet]] tables"),
    "timeout-as-string": ('[settings]\ntimeout = "fast"\n', 2, 'setting "timeout" must be int'),
    "negative-timeout": ("[settings]\ntimeout = -1\n", 2, "must be greater than 0"),
    "float-bytes": ("[settings]\nmax_feed_bytes = 1.5\n", 2,
                    'setting "max_feed_bytes" must be int'),
    "settings-as-array": ("settings = [1, 2]\n", 1, "[settings] must be a table"),
    "settings-array-of-tables": ("[[settings]]\ntimeout = 1\n", 1, "[settings] must be a table"),
    "feeds-as-int": ('[[outlet]]\nname = "A"\nfeeds = 5\n', 3, "feeds must be a list of URLs"),
    "feed-as-int": ('[[outlet]]\nname = "A"\nfeeds = [5]\n', 3, "each feed is a URL string"),
    "name-as-int": ('[[outlet]]\nname = 5\nfeeds = ["http://a.example/"]\n', 1,
                    'outlet has no name'),
    "tags-nested": ('[[outlet]]\nname = "A"\nfeeds = ["http://a.example/"]\n'
                    "tags = { a = { b = 1 } }\n", 4, 'tag "a" must be a string'),
    "enabled-as-string": ('[[outlet]]\nname = "A"\nfeeds = [{ url = "http://a.example/", '
                          'enabled = "yes" }]\n', 3, "enabled must be true or false"),
    "file-url": ('[[outlet]]\nname = "A"\nfeeds = ["file:///etc/passwd"]\n', 3,
                 "must start with http:// or https://"),
    "javascript-url": ('[[outlet]]\nname = "A"\nfeeds = ["javascript:alert(1)"]\n', 3,
                       "must start with http:// or https://"),
    "nul-byte": ("a = 1\n\x00\n", 2, "TOML syntax error"),
    "escape-in-key": ('[settings]\n"\x1b[31mred" = 1\n', 2, "TOML syntax error"),
    # The key is shown cleaned (here: to nothing); the line is not found for such a key.
    "escaped-escape-in-key": ('[settings]\n"\\u001b]52;c;eA==\\u0007" = 1\n', None,
                              "unknown setting"),
    "duplicate-outlet": ('[[outlet]]\nname = "A"\nfeeds = ["http://a.example/1"]\n'
                         '[[outlet]]\nname = "a"\nfeeds = ["http://a.example/2"]\n', 4,
                         'duplicate outlet "a"'),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_config_is_one_clear_error(name: str, tmp_path: Path) -> None:
    text, line, fragment = HOSTILE[name]
    config = tmp_path / "feeds.toml"
    config.write_text(text, "utf-8")
    db = tmp_path / "pressdiff.db"
    result = CliRunner().invoke(main, ["refresh", "--config", str(config), "--db", str(db)])
    assert result.exit_code == 2
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    where = f"{config}:{line}: " if line else f"{config}: "
    [message] = [m for m in result.output.splitlines() if m.startswith("Error: ")]
    assert message.startswith(f"Error: {where}") and fragment in message
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Traceback" not in result.output
    assert not db.exists()  # nothing written on bad input


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    config = tmp_path / "feeds.toml"
    config.write_bytes(b'[[outlet]]\nname = "A"\n# caf\xe9\nfeeds = ["http://a.example/"]\n')
    result = CliRunner().invoke(main, ["refresh", "--config", str(config), "--db",
                                       str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert f"Error: {config}:3: not valid UTF-8" in result.output


def test_a_directory_as_config_is_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["refresh", "--config", str(tmp_path), "--db",
                                       str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_control_characters_in_names_are_cleaned(tmp_path: Path) -> None:
    config = parse_config(
        '[[outlet]]\nname = "\\u001b[31mRed\\u0007 Outlet"\nfeeds = ["http://a.example/"]\n'
        'tags = { "\\u009b2J" = "x\\u001b]52;c;eA==\\u0007" }\n'
    )
    [outlet] = config.outlets
    assert outlet.name == "Red Outlet"
    assert all("\x1b" not in k + v and "\x9b" not in k + v for k, v in outlet.tags.items())


# --- values that parse but must not break fetching ----------------------------------------------


@pytest.mark.parametrize(
    "settings",
    [
        "max_feed_bytes = 99999999999999999999999999999",
        'user_agent = "Bücher\\u001b[31m\\r\\nX-Injected: 1"',
    ],
)
def test_absurd_settings_still_refresh(
    settings: str, server: LoopbackServer, tmp_path: Path
) -> None:
    feed = server.set("/feed", body=rss([{"title": "One", "link": server.url("/1")}]))
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(
        f'[settings]\n{settings}\n[[outlet]]\nname = "A"\n'
        f'feeds = [{{ url = "{feed}", full_text = false }}]\n', "utf-8"
    )
    db = tmp_path / "pressdiff.db"
    result = CliRunner().invoke(main, ["refresh", "--config", str(config_path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    [status] = store.feed_statuses(store.connect(db))
    assert status.status == "ok" and status.article_count == 1
    agent = server.seen("/feed")[0].headers["user-agent"]
    assert "\r" not in agent and "\n" not in agent and "\x1b" not in agent
    assert "x-injected" not in server.seen("/feed")[0].headers


def test_a_huge_outlet_list_parses(tmp_path: Path) -> None:
    text = "".join(
        f'[[outlet]]\nname = "Outlet {i}"\nfeeds = ["http://127.0.0.1:9/o{i}"]\n'
        for i in range(20_000)
    )
    assert len(parse_config(text).outlets) == 20_000


def test_the_fetcher_clamps_non_finite_timeouts() -> None:
    async def make() -> Fetcher:
        async with Fetcher(Settings(timeout=float("nan"))) as fetcher:
            return fetcher

    fetcher = asyncio.run(make())
    assert fetcher.timeout == Settings.timeout
