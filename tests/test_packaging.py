"""The package as a user gets it: build a wheel, install it (not editable)
into a throwaway venv outside the repository, and build a career
repository with its `careerkit` command — the built-in analyzers (found
through their entry points), the templates and the static files must all
be in the wheel."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUILTINS = {"network_health", "pay_gaps", "market_cadence"}

pytestmark = pytest.mark.slow


def sh(*argv, cwd: Path, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, argv))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def clean_env() -> dict[str, str]:
    """No PYTHONPATH or venv of the test run may leak into the installed copy."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "VIRTUAL_ENV"}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(REPO)))
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the sources (the repository gets no
    build/ or *.egg-info)."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "careerkit", "plugins"):
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.is_file():
            shutil.copy2(path, src / name)
    sh(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", work / "dist", src, cwd=work)
    wheels = list((work / "dist").glob("careerkit-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A venv outside the repository with the wheel installed non-editably.
    Its dependencies come from this environment (no network): a .pth file
    points at a folder of links to this environment's packages, minus
    careerkit itself."""
    work = tmp_path_factory.mktemp("venv")
    assert REPO not in work.parents
    env_dir = work / "venv"
    sh(sys.executable, "-m", "venv", "--without-pip", env_dir, cwd=work)
    python = env_dir / "bin" / "python"
    sh(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--disable-pip-version-check",
       "-q", wheel, cwd=work)
    deps = work / "deps"
    deps.mkdir()
    here = Path(sysconfig.get_path("purelib"))
    for entry in here.iterdir():
        if not entry.name.lower().startswith(("careerkit", "__editable__", "_careerkit", "__pycache__")):
            (deps / entry.name).symlink_to(entry)
    purelib = sh(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                 cwd=work, env=clean_env()).stdout.strip()
    Path(purelib, "zz_test_deps.pth").write_text(f"{deps}\n")
    return env_dir


def test_wheel_holds_the_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "careerkit/site/templates/base.html",
        "careerkit/site/templates/index.html",
        "careerkit/site/templates/analysis.html",
        "careerkit/site/templates/report.md",
        "careerkit/site/static/style.css",
        "careerkit_plugins/network_health.py",
        "careerkit_plugins/pay_gaps.py",
        "careerkit_plugins/market_cadence.py",
    ):
        assert required in names, required
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    for name in BUILTINS:
        assert f"{name} = careerkit_plugins.{name}" in text
    assert "careerkit = careerkit.commands.cli:main" in text
    assert not any(n.startswith(("tests/", "content/", "site/")) for n in names)


def test_installed_wheel_builds_a_career_repository(venv, tmp_path):
    env = clean_env()
    careerkit = venv / "bin" / "careerkit"
    where = sh(venv / "bin/python", "-c",
               "import careerkit, careerkit_plugins; print(careerkit.__file__); print(careerkit_plugins.__file__)",
               cwd=tmp_path, env=env).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where

    sh(careerkit, "init", "career", cwd=tmp_path, env=env)
    built = sh(careerkit, "build", cwd=tmp_path / "career", env=env)
    assert "Traceback" not in built.stderr
    site = tmp_path / "career/site"
    report = json.loads((site / "report.json").read_text())
    assert set(report["analyzers"]) >= BUILTINS
    for name in BUILTINS:
        assert (site / f"{name}.html").is_file()
    assert (site / "style.css").read_text().strip()
    assert (site / ".careerkit-site").is_file()
    assert '<link rel="stylesheet" href="style.css">' in (site / "index.html").read_text()

    listed = sh(careerkit, "plugins", cwd=tmp_path / "career", env=env).stdout
    for name in BUILTINS:
        assert f"{name}  (entry point: careerkit " in listed


def test_a_git_install_writes_a_workflow_pinned_to_its_commit(tmp_path):
    """pip install "git+file://<clone>@<commit>", then `careerkit init`: the
    workflow installs that commit (PEP 610 direct_url.json) and Pages gets
    only the --public build (issue 16)."""
    src = tmp_path / "careerkit-src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "careerkit", "plugins"):
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.is_file():
            shutil.copy2(path, src / name)
    git = ["git", "-c", "user.name=careerkit tests", "-c", "user.email=tests@example.invalid"]
    env = {k: v for k, v in clean_env().items() if not k.startswith("GIT_")}
    sh(*git, "init", "-q", cwd=src, env=env)
    sh(*git, "add", "-A", cwd=src, env=env)
    sh(*git, "commit", "-q", "-m", "snapshot", cwd=src, env=env)
    commit = sh("git", "rev-parse", "HEAD", cwd=src, env=env).stdout.strip()

    env_dir = tmp_path / "venv"
    sh(sys.executable, "-m", "venv", "--without-pip", env_dir, cwd=tmp_path)
    python = env_dir / "bin" / "python"
    deps = tmp_path / "deps"  # this environment's packages (setuptools to build with), careerkit aside
    deps.mkdir()
    for entry in Path(sysconfig.get_path("purelib")).iterdir():
        if not entry.name.lower().startswith(("careerkit", "__editable__", "_careerkit", "__pycache__")):
            (deps / entry.name).symlink_to(entry)
    purelib = sh(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                 cwd=tmp_path, env=clean_env()).stdout.strip()
    Path(purelib, "zz_test_deps.pth").write_text(f"{deps}\n")
    url = f"git+{src.as_uri()}@{commit}"
    sh(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--no-build-isolation",
       "--disable-pip-version-check", "-q", url, cwd=tmp_path, env=env, timeout=300)

    done = sh(env_dir / "bin/careerkit", "init", "--no-git", "career", cwd=tmp_path, env=env)
    assert "GitHub's runners cannot reach" in done.stderr  # a file:// URL: said at init time
    workflow = (tmp_path / "career/.github/workflows/careerkit.yml").read_text()
    assert f'run: python -m pip install "careerkit @ git+{src.as_uri()}@{commit}"' in workflow
    assert "run: careerkit build --public --out public-site" in workflow and "path: public-site" in workflow
    hooks = (tmp_path / "career/.pre-commit-config.yaml").read_text()
    assert f"repo: {src.as_uri()}\n    rev: {commit}" in hooks
