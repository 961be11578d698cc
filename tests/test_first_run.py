"""The first run after installing: a starter feeds.toml in one command, and a clear way
forward wherever a config is missing."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.app_data import make_app, notifications, screen_text, settle
from tui.cli import main
from tui.core import config as cfg

REPO = Path(__file__).resolve().parent.parent


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_starter_list_is_the_repositorys_feeds_toml() -> None:
    """One source of truth: the top-level feeds.toml is what `init` writes."""
    assert cfg.starter_text() == (REPO / "feeds.toml").read_text(encoding="utf-8")
    assert len(cfg.parse_config(cfg.starter_text()).outlets) == 16


def test_init_writes_the_starter_where_locate_looks_and_never_over_a_file(
    tmp_path: Path,
) -> None:
    target = tmp_path / "xdg-config" / "pressdiff" / "feeds.toml"
    result = invoke("init")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        f"wrote {target} (16 outlets); edit it, then run: pressdiff refresh"
    )
    assert f"config:   {target}\n" in invoke("locate").output
    target.write_text("# mine\n", encoding="utf-8")
    again = invoke("init")
    assert again.exit_code == 2
    assert again.output.strip() == (
        f"Error: {target}: already exists; use --force to replace it with the starter list"
    )
    assert target.read_text(encoding="utf-8") == "# mine\n"
    assert invoke("init", "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") == cfg.starter_text()


def test_init_honours_config_option(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "feeds.toml"
    assert invoke("init", "--config", str(target)).exit_code == 0
    assert len(cfg.load_config(target).outlets) == 16


def test_a_command_without_config_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./feeds.toml to fall back on
    expected = tmp_path / "xdg-config" / "pressdiff" / "feeds.toml"
    result = CliRunner().invoke(main, ["refresh"], catch_exceptions=False,
                                env={"PRESSDIFF_DB": str(tmp_path / "p.db")})
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"Error: no feeds.toml at {expected}: run 'pressdiff init' for a starter list, "
        "or 'pressdiff add URL'"
    )


async def test_first_run_without_config_offers_the_starter_on_one_key(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "xdg-config" / "pressdiff" / "feeds.toml"
    app = make_app(tmp_path / "new.db")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "There is no feeds.toml at" in text and "press i to write the starter" in text
        await pilot.press("i")
        await settle(pilot)
        assert target.exists() and len(cfg.load_config(target).outlets) == 16
        assert any(n.startswith(f"Wrote {target} (16 outlets)") for n in notifications(app))
        assert "There is no feeds.toml" not in screen_text(app)
        before = target.read_text(encoding="utf-8")
        await pilot.press("i")  # no longer offered: nothing happens to the file
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == before


@pytest.mark.slow
def test_a_built_wheel_installs_and_runs_outside_the_repository(tmp_path: Path) -> None:
    """As a user would: build the wheel, install it (not editable) into a fresh virtual
    environment, write the starter config in empty config and data dirs, and run the demo
    from another working directory."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
                    str(REPO)], check=True, timeout=600)
    wheel = next(dist.glob("pressdiff-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # As `make` does: the pip a venv comes with may be too old for hashed locks with extras.
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True,
                   timeout=600)
    lock = REPO / "requirements" / "run.lock"
    if lock.exists():
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--require-hashes", "-r",
                        str(lock)], check=True, timeout=900)
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True,
                   timeout=900)
    home = tmp_path / "home"
    elsewhere = tmp_path / "somewhere"
    elsewhere.mkdir()
    env = {"PATH": f"{env_dir / 'bin'}:{os.environ['PATH']}", "HOME": str(home),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data")}
    pressdiff = str(env_dir / "bin" / "pressdiff")
    done = subprocess.run([pressdiff, "init"], cwd=elsewhere, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    written = home / "config" / "pressdiff" / "feeds.toml"
    assert done.stdout.startswith(f"wrote {written} (16 outlets)")
    assert len(cfg.load_config(written).outlets) == 16
    demo = subprocess.run([pressdiff, "demo", "--headless"], cwd=elsewhere, env=env,
                          capture_output=True, text=True, timeout=300)
    assert demo.returncode == 0, demo.stderr
    assert f"database: {home / 'data' / 'pressdiff' / 'demo.db'}" in demo.stdout
