"""The Makefile as a new user meets it (issue 16): `make build` installs the
runtime dependencies only, `make test` adds the test extras, each with its
own stamp; `make system-deps` installs Debian packages only as root on
Debian and otherwise says in one line what is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    argv = ["make", "--no-print-directory", *args]
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def dry_run(target: str, tmp_path: Path) -> str:
    """The commands `make TARGET` would run in a fresh clone (no .venv)."""
    clone = tmp_path / "clone"
    clone.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(REPO / name, clone / name)
    done = make("-n", target, cwd=clone)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_make_build_installs_the_runtime_dependencies_only(tmp_path):
    commands = dry_run("build", tmp_path)
    installs = [line for line in commands.splitlines() if "pip install" in line]
    assert len(installs) == 1 and installs[0].endswith("-e .")  # no [test]: no Playwright, pre-commit, ...
    assert ".runtime-" in commands and "careerkit build --out site" in commands


def test_make_test_adds_the_test_extras_with_its_own_stamp(tmp_path):
    commands = dry_run("test", tmp_path)
    assert "-e '.[test]'" in commands and ".installed-" in commands and "python -m pytest" in commands


def fake_bin(tmp_path: Path, uid: str) -> Path:
    """`id -u` answering ``uid``, and an apt-get that leaves a trace when run."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (folder / "apt-get").write_text(f"#!/bin/sh\necho \"$@\" >> {tmp_path / 'apt-get-ran'}\n")
    for tool in folder.iterdir():
        tool.chmod(0o755)
    return folder


def test_system_deps_as_a_normal_user_installs_nothing_and_says_what_is_missing(tmp_path):
    env = {**os.environ, "PATH": f"{fake_bin(tmp_path, '1000')}:{os.environ['PATH']}"}
    env.pop("CAREERKIT_SKIP_BROWSER", None)
    done = make("system-deps", "CHROMIUM=/nonexistent/chromium", "CMARK=no-such-cmark-gfm", env=env)
    assert done.returncode == 0, done.stderr  # was: apt-get ... "Could not open lock file", make test stopped
    assert done.stdout == ("not installed: chromium cmark-gfm; the tests that need them are skipped "
                           "(Debian or Ubuntu: sudo apt-get install chromium cmark-gfm)\n")
    assert not (tmp_path / "apt-get-ran").exists()


def test_system_deps_as_root_on_debian_installs_what_is_missing(tmp_path):
    if not Path("/etc/debian_version").is_file():
        pytest.skip("not Debian")
    env = {**os.environ, "PATH": f"{fake_bin(tmp_path, '0')}:{os.environ['PATH']}"}
    env.pop("CAREERKIT_SKIP_BROWSER", None)
    done = make("system-deps", "CHROMIUM=/nonexistent/chromium", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "installing chromium (Debian packages)\n"
    assert (tmp_path / "apt-get-ran").read_text().splitlines()[-1] == "install -y -qq chromium"


def test_careerkit_skip_browser_installs_nothing(tmp_path):
    env = {**os.environ, "PATH": f"{fake_bin(tmp_path, '0')}:{os.environ['PATH']}", "CAREERKIT_SKIP_BROWSER": "1"}
    done = make("system-deps", "CHROMIUM=/nonexistent/chromium", "CMARK=no-such-cmark-gfm", env=env)
    assert (done.returncode, done.stdout) == (0, "")  # was: apt-get ran anyway
    assert not (tmp_path / "apt-get-ran").exists()


def test_ci_fails_when_make_build_changes_the_clone():
    script = (REPO / ".ci/run").read_text()
    commands = [line for line in script.splitlines() if line and not line.startswith("#")]
    steps = ["make build", 'changed="$(git status --porcelain)"', "CAREERKIT_REQUIRE_SYSTEM_TOOLS=1 make test", "make dist"]
    build, status, test, dist = (commands.index(step) for step in steps)
    assert build < status < test < dist
    assert 'if [ -n "$changed" ]; then' in commands and "  exit 1" in commands
