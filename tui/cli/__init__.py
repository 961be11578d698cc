"""The `pressdiff` command line: bare `pressdiff` opens the app; subcommands call the core.

Exit codes: 0 success; 1 a refresh in which some feed failed; 2 bad input (a malformed
feeds.toml, an unknown story or article id, an unwritable export path, malformed JSON lines).
"""


# Each module adds its commands to the group.
from tui.cli import (  # noqa: E402,F401
    corrections,
    demo,
    digesting,
    feedlist,
    reading,
    refreshing,
    retention,
    watching,
)
from tui.cli.root import main

__all__ = ["main"]
