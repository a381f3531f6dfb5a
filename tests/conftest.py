"""Shared test helpers: small career repositories and the CLI in-process.

    from conftest import make_repo          # a plain function
    def test_x(tmp_path, run_cli):          # run_cli is a fixture (uses capsys)
        root = make_repo(tmp_path, {"content/contacts/jane.yaml": "name: Jane\n"})
        code, out, err = run_cli(["check", "--root", str(root)])
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from careerkit.commands.cli import main

# A valid minimal configuration, for tests that need one (make_repo adds it
# only when asked: `make_repo(tmp_path, {"careerkit.yaml": CONFIG, ...})`).
CONFIG = "currency: USD\nas_of: 2026-11-01\nfx:\n  EUR: 1.08\n"


def make_repo(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (path relative to the repository → text or bytes)
    under ``tmp_path / "repo"`` and return that root.  Text is written as
    UTF-8 exactly as given (no newline translation); ``content/`` always
    exists."""
    root = tmp_path / "repo"
    (root / "content").mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


@pytest.fixture
def run_cli(capsys) -> Callable[[list[str]], tuple[int, str, str]]:
    """``run_cli(argv) -> (exit code, stdout, stderr)``, running
    ``careerkit.commands.cli.main`` in-process (a usage error's SystemExit included)."""

    def run(argv: list[str]) -> tuple[int, str, str]:
        capsys.readouterr()  # drop anything printed before
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse: --help, --version, usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def write_file(root: Path, rel: str, text: str) -> Path:
    """Write ``text``, dedented (so a test can indent it), to ``root / rel``."""
    import textwrap

    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def write_repo(root: Path, config: str, records: dict[str, str]) -> Path:
    """A career repository at ``root``: ``careerkit.yaml`` and the records."""
    for rel, text in {"careerkit.yaml": config, **records}.items():
        write_file(root, rel, text)
    return root


EXAMPLE = Path(__file__).resolve().parents[1]


def copy_example(tmp_path: Path) -> Path:
    """The example career (content/ and careerkit.yaml) copied to
    ``tmp_path / "career"``, to build and change freely."""
    root = tmp_path / "career"
    shutil.copytree(EXAMPLE / "content", root / "content")
    shutil.copy(EXAMPLE / "careerkit.yaml", root / "careerkit.yaml")
    return root


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (path relative to it → bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_example_site(out: Path, public: bool = False) -> Path:
    """The example career's site (the repository's own content/), built
    in-process through the pipeline `careerkit build` runs (without the
    record cache and the up-to-date shortcut)."""
    from careerkit.pipeline import Request, run

    outcome = run(Request(EXAMPLE, out, public=public))
    errors = [str(p) for p in outcome.problems]
    assert errors == [], errors
    assert outcome.written
    return out


# --- the system programs some tests need (Debian: chromium, cmark-gfm) ----------------------

SYSTEM_TOOLS = {  # name -> (where it is looked for, the tests that need it)
    "chromium": (os.environ.get("CAREERKIT_CHROMIUM", "/usr/bin/chromium"), "the browser tests"),
    "cmark-gfm": (shutil.which("cmark-gfm") or "/usr/bin/cmark-gfm", "the GitHub Markdown test"),
}


def missing_system_tools() -> list[str]:
    return [name for name, (path, _) in SYSTEM_TOOLS.items() if not Path(path).exists()]


def require_system_tool(name: str) -> str:
    """The path of system program ``name``; skips the test (one line saying
    what is missing and how to get it) when it is not installed, or fails
    when CAREERKIT_REQUIRE_SYSTEM_TOOLS=1 (CI, where `make test` installs
    them).  CAREERKIT_SKIP_BROWSER=1 skips these tests in any case."""
    path, needed_by = SYSTEM_TOOLS[name]
    if os.environ.get("CAREERKIT_SKIP_BROWSER") == "1":
        pytest.skip("CAREERKIT_SKIP_BROWSER=1")
    if not Path(path).exists():
        message = f"{name} is not installed, so {needed_by} are skipped: {INSTALL_HINT}"
        if os.environ.get("CAREERKIT_REQUIRE_SYSTEM_TOOLS") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


INSTALL_HINT = "on Debian or Ubuntu, `sudo apt-get install chromium cmark-gfm` (or `make system-deps` as root)"


def pytest_report_header(config) -> str | None:
    """One line at the top of the run naming what is missing."""
    if os.environ.get("CAREERKIT_SKIP_BROWSER") == "1":
        return "careerkit: CAREERKIT_SKIP_BROWSER=1: the browser and cmark-gfm tests are skipped"
    missing = missing_system_tools()
    if missing:
        return f"careerkit: {' and '.join(missing)} not installed: their tests are skipped ({INSTALL_HINT})"
    return None
