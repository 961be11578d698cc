"""feeds.toml: the documented form parses; each mistake is one error naming file and line;
config and database files are found in the documented order."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main
from tui.core.config import (
    ConfigError,
    Settings,
    find_config,
    find_db,
    load_config,
    parse_config,
)

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "feeds.toml"

DOCUMENTED = """\
# Outlets to compare. Tags are free-form; `kind` drives the compact column.
[settings]
timeout = 20
per_host = 2

[[outlet]]
name = "Caspian Wire"
tags = { kind = "wire", country = "GB" }
feeds = ["https://caspianwire.example/world.rss", "https://caspianwire.example/energy.rss"]

[[outlet]]
name = "Baku Herald"
tags = { kind = "state-aligned", country = "AZ", language = "en" }
feeds = [
  "https://bakuherald.example/rss",
  { url = "https://bakuherald.example/opinion.rss", full_text = false },
  { url = "https://bakuherald.example/sport.rss", enabled = false },
]

[[outlet]]
name = "Lantern"
feeds = "https://lantern.example/atom.xml"
"""

# A healthy first outlet (lines 1-3), so every error below is in a later, numbered line.
HEAD = '[[outlet]]\nname = "Alpha"\nfeeds = ["https://alpha.example/feed"]\n\n'


def test_documented_form_parses() -> None:
    config = parse_config(DOCUMENTED, "feeds.toml")
    assert [o.name for o in config.outlets] == ["Caspian Wire", "Baku Herald", "Lantern"]
    wire, herald, lantern = config.outlets
    assert wire.tags == {"kind": "wire", "country": "GB"}
    assert wire.kind == "wire"
    assert [f.url for f in wire.feeds] == [
        "https://caspianwire.example/world.rss",
        "https://caspianwire.example/energy.rss",
    ]
    assert all(f.enabled and f.full_text for f in wire.feeds)
    plain, opinion, sport = herald.feeds
    assert (plain.enabled, plain.full_text) == (True, True)
    assert (opinion.enabled, opinion.full_text) == (True, False)
    assert (sport.enabled, sport.full_text) == (False, True)
    assert lantern.tags == {} and lantern.kind is None
    assert [f.url for f in lantern.feeds] == ["https://lantern.example/atom.xml"]
    assert config.settings.timeout == 20 and config.settings.per_host == 2
    # Settings not given keep their defaults.
    assert config.settings.max_redirects == Settings().max_redirects


def test_outlet_lookup_is_case_insensitive() -> None:
    config = parse_config(DOCUMENTED)
    assert config.outlet("caspian wire") is config.outlets[0]
    assert config.outlet("nobody") is None


def test_tags_as_a_subtable_parse() -> None:
    config = parse_config(HEAD.replace("\n\n", "\n") + '[outlet.tags]\nkind = "wire"\n')
    assert config.outlets[0].tags == {"kind": "wire"}


def test_empty_file_is_a_config_with_no_outlets() -> None:
    assert parse_config("# nothing yet\n").outlets == ()


MALFORMED = {
    "toml syntax": (HEAD + '[[outlet]]\nname = "Beta\nfeeds = []\n', 6, "TOML syntax error"),
    "unknown top-level key": (HEAD + "[general]\nrefresh = 30\n", 5, 'top-level key "general"'),
    "unknown outlet key": (
        HEAD + '[[outlet]]\nname = "Beta"\ncolour = "red"\nfeeds = ["https://b.example/f"]\n',
        7, 'unknown key "colour"',
    ),
    "unknown feed option": (
        HEAD + '[[outlet]]\nname = "Beta"\nfeeds = [\n  "https://b.example/1",\n'
        '  { url = "https://b.example/2", fulltext = false },\n]\n',
        9, 'unknown feed option "fulltext"',
    ),
    "missing url": (
        HEAD + '[[outlet]]\nname = "Beta"\nfeeds = [{ enabled = false }]\n', 7, "has no url",
    ),
    "ftp url": (
        HEAD + '[[outlet]]\nname = "Beta"\nfeeds = [\n  "ftp://b.example/feed",\n]\n',
        8, "http:// or https://",
    ),
    "file url": (
        HEAD + '[[outlet]]\nname = "Beta"\nfeeds = ["file:///etc/passwd"]\n',
        7, "http:// or https://",
    ),
    "javascript url": (
        HEAD + '[[outlet]]\nname = "Beta"\n\nfeeds = ["javascript:alert(1)"]\n',
        8, "http:// or https://",
    ),
    "duplicate outlet, other case": (
        HEAD + '[[outlet]]\nname = "ALPHA"\nfeeds = ["https://b.example/f"]\n',
        5, 'duplicate outlet "ALPHA" (first defined at line 1)',
    ),
    "duplicate feed url": (
        HEAD + '[[outlet]]\nname = "Beta"\nfeeds = [\n  "https://b.example/f",\n'
        '  "https://alpha.example/feed",\n]\n',
        9, 'listed twice (also under "Alpha")',
    ),
    "tags not a table": (
        HEAD + '[[outlet]]\nname = "Beta"\ntags = "wire"\nfeeds = ["https://b.example/f"]\n',
        7, "tags must be a table",
    ),
    "enabled not bool": (
        HEAD + '[[outlet]]\nname = "Beta"\nfeeds = [\n'
        '  { url = "https://b.example/f", enabled = "no" },\n]\n',
        8, "enabled must be true or false",
    ),
    "full_text not bool": (
        HEAD + '[[outlet]]\nname = "Beta"\n'
        'feeds = [{ url = "https://b.example/f", full_text = 0 }]\n',
        7, "full_text must be true or false",
    ),
    "unknown setting": (
        HEAD + "[settings]\ntimeout = 5\nthreads = 8\n", 7, 'unknown setting "threads"',
    ),
    "setting of the wrong type": (
        HEAD + '[settings]\ntimeout = 5\nper_host = "4"\n', 7, 'setting "per_host" must be int',
    ),
    "bool where a number belongs": (
        HEAD + "[settings]\nconcurrency = true\n", 6, 'setting "concurrency" must be int',
    ),
    "zero timeout": (
        HEAD + "[settings]\n\ntimeout = 0\n", 7, 'setting "timeout" must be greater than 0',
    ),
}


@pytest.mark.parametrize("text,line,fragment", MALFORMED.values(), ids=MALFORMED.keys())
def test_each_mistake_is_one_error_naming_file_and_line(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message
    assert "\n" not in message
    assert info.value.line == line


def test_missing_file_names_it(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(ConfigError, match="no feeds.toml at .*nowhere.toml: run 'pressdiff init'"):
        load_config(path)


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_bytes(HEAD.encode() + b'# caf\xe9\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.line == 5 and "not valid UTF-8" in str(info.value)


def test_outlet_without_feeds_or_name(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r":5: outlet \"Beta\" has no feeds"):
        parse_config(HEAD + '[[outlet]]\nname = "Beta"\n', tmp_path / "f.toml")
    with pytest.raises(ConfigError, match=r":5: outlet has no name"):
        parse_config(HEAD + '[[outlet]]\nfeeds = ["https://b.example/f"]\n', tmp_path / "f.toml")


# --- where the files are found ----------------------------------------------------------------


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A user config file and a ./feeds.toml in the working directory, both existing."""
    user = tmp_path / "xdg-config" / "pressdiff" / "feeds.toml"
    user.parent.mkdir(parents=True)
    user.write_text(HEAD)
    cwd = tmp_path / "work"
    cwd.mkdir()
    (cwd / "feeds.toml").write_text(HEAD)
    monkeypatch.chdir(cwd)
    return {"user": user, "local": cwd / "feeds.toml"}


def test_explicit_config_beats_everything(
    places: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PRESSDIFF_CONFIG", str(tmp_path / "env.toml"))
    assert find_config(tmp_path / "given.toml") == tmp_path / "given.toml"


def test_env_config_beats_user_dir(
    places: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PRESSDIFF_CONFIG", str(tmp_path / "env.toml"))
    assert find_config() == tmp_path / "env.toml"


def test_user_dir_beats_working_directory(places: dict[str, Path]) -> None:
    assert find_config() == places["user"]


def test_working_directory_is_the_last_resort(places: dict[str, Path]) -> None:
    places["user"].unlink()
    assert find_config() == places["local"]


def test_nothing_found_points_at_the_user_dir(places: dict[str, Path]) -> None:
    places["user"].unlink()
    places["local"].unlink()
    assert find_config() == places["user"]


def test_find_db_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    default = tmp_path / "xdg-data" / "pressdiff" / "pressdiff.db"
    assert find_db() == default
    monkeypatch.setenv("PRESSDIFF_DB", str(tmp_path / "env.db"))
    assert find_db() == tmp_path / "env.db"
    assert find_db(tmp_path / "given.db") == tmp_path / "given.db"


# --- the shipped example and the CLI ----------------------------------------------------------


@pytest.mark.skipif(not SHIPPED.exists(), reason="the top-level feeds.toml is not written yet")
def test_shipped_feeds_toml_parses_with_ten_outlets() -> None:
    config = load_config(SHIPPED)
    assert len(config.outlets) >= 10
    assert all(o.feeds for o in config.outlets)


def test_cli_refresh_with_bad_config_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(HEAD + '[[outlet]]\nname = "Beta"\nfeeds = ["ftp://b.example/f"]\n')
    db = tmp_path / "out" / "pressdiff.db"
    result = CliRunner().invoke(main, ["refresh", "--config", str(bad), "--db", str(db)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert f"{bad}:7:" in lines[0] and "http:// or https://" in lines[0]
    assert not db.exists() and not db.parent.exists()
