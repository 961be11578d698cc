"""Every command's --help shows an example (sqlite-utils' test_docs style)."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from tui.cli import main


def walk(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from walk(command, (*path, name))


COMMANDS = [(), *walk(main)]


def test_the_walk_finds_the_commands() -> None:
    names = {" ".join(path) for path in COMMANDS}
    assert {"refresh", "articles", "stories", "clusters", "show", "export", "demo",
            "demo serve", "add", "feeds rm", "opml import", "init", "recluster"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "pressdiff")
def test_help_has_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    # The summary line in the parent's listing is not empty or cut mid-word.
    command = main
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.get_short_help_str(limit=200).strip()
