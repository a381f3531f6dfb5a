"""The GitHub Actions workflow `careerkit init` writes to
`.github/workflows/careerkit.yml` (explained step by step in docs/ci.md), and
where that workflow (and the pre-commit hook) installs careerkit from.

On a pull request it checks the records (`careerkit check --format github`
puts each problem on the changed YAML line) and builds the private report
into the job summary and a workflow artifact.  On a push to the default branch
it also builds a ``--public`` site (initials, no notes, money in bands) and
publishes only that on GitHub Pages.  It installs the careerkit that wrote it
(:func:`install_source`, read from the installed distribution's
``direct_url.json``, PEP 610), so a new careerkit release never changes a
user's CI unasked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import urlsplit

from .. import __version__

WORKFLOW_PATH = ".github/workflows/careerkit.yml"
FILL_IN = "FILL IN careerkit's source"


@dataclass(frozen=True)
class Source:
    """Where careerkit was installed from.  ``requirement`` is what pip
    installs in CI (None: a local copy GitHub's runners cannot reach);
    ``warning`` is printed by `careerkit init`; ``repo`` and ``rev`` name
    careerkit's git repository and commit for pre-commit, when known."""

    requirement: str | None
    label: str
    warning: str | None = None
    repo: str | None = None
    rev: str | None = None


def release(version: str = __version__) -> Source:
    return Source(f"careerkit=={version}", f"careerkit {version}")


def source_from_direct_url(text: str | None, version: str = __version__) -> Source:
    """The install source a PEP 610 ``direct_url.json`` describes (None: no
    such file, so installed from a package index: a release)."""
    if not text:
        return release(version)
    try:
        data = json.loads(text)
        url = str(data["url"])
    except (ValueError, KeyError, TypeError):
        return _local("an unreadable direct_url.json")
    vcs = data.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        commit = str(vcs["commit_id"])
        warning = None
        if urlsplit(url).scheme == "file":
            warning = (
                f"careerkit was installed from the git repository {url}, which GitHub's runners cannot reach: "
                f"in {WORKFLOW_PATH} and .pre-commit-config.yaml, replace {url} with careerkit's public git URL"
            )
        return Source(f"careerkit @ git+{url}@{commit}", f"careerkit {version} ({url} at {commit[:12]})", warning, url, commit)
    if "archive_info" in data and urlsplit(url).scheme in ("http", "https"):
        return Source(f"careerkit @ {url}", f"careerkit {version} ({url})")
    return _local(url)


def _local(where: str) -> Source:
    return Source(
        None,
        f"careerkit {__version__} (a local copy)",
        f"careerkit was installed from {where}, which GitHub's runners cannot reach: "
        f"the workflow's install step fails until you fill it in ({WORKFLOW_PATH}, the line marked {FILL_IN!r})",
    )


def install_source() -> Source:
    """Where the careerkit running now was installed from."""
    try:
        dist = metadata.distribution("careerkit")
    except metadata.PackageNotFoundError:
        return _local("a source folder (not installed)")
    return source_from_direct_url(dist.read_text("direct_url.json"), dist.version)


WORKFLOW = """\
# {label}: checks your records on every pull request and
# push, and publishes a PUBLIC version of your report on GitHub Pages on every
# push to the default branch. Every step is explained in careerkit's
# documentation: docs/ci.md.
#
# PRIVACY: a GitHub Pages site is PUBLIC, even when this repository is private
# (only GitHub Enterprise Cloud can restrict who sees it). So Pages only ever
# gets a `careerkit build --public` site: names reduced to initials, no notes,
# money in bands, no e-mail addresses, phone numbers or URLs. The full private
# report goes to the run's job summary and to the `careerkit-report` artifact,
# which only people who can read this repository can see (if the repository
# itself is public, add --public to the private build too).
# To publish the full private report instead (anyone with the URL can read it),
# change `path: public-site` to `path: private-report` in the Pages upload step
# and say so in the commit message. To publish nothing, delete the `deploy` job
# and the steps marked "Pages".
#
# One-time setup: Settings -> Pages -> Build and deployment -> Source: GitHub Actions.
name: careerkit

on:
  pull_request:
  push:
    branches: [main, master]  # add your default branch here if it is neither
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: careerkit-${{ github.ref }}
  cancel-in-progress: ${{ github.event_name == 'pull_request' }}

jobs:
  report:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
{install}
      - name: Check the records (problems show on the changed lines)
        run: careerkit check --format github
      # Add --fail-on alert (or warn) to turn the job red when an analyzer
      # reaches that status; the report is written first.
      - name: Build the private report
        run: careerkit build --out private-report
      - name: Write the private report to the job summary
        run: cat private-report/report.md >> "$GITHUB_STEP_SUMMARY"
      - name: Keep the private report as an artifact
        uses: actions/upload-artifact@v6
        with:
          name: careerkit-report
          path: private-report
          retention-days: 30
      - name: Build the public site (Pages)
        if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch
        run: careerkit build --public --out public-site
      - name: Prepare GitHub Pages (Pages)
        if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch
        uses: actions/configure-pages@v6
      - name: Upload the public site for GitHub Pages (Pages)
        if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch
        uses: actions/upload-pages-artifact@v5
        with:
          path: public-site

  deploy:
    needs: report
    if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Publish the public site on GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v5
"""

INSTALL = """\
      - name: Install {label}
        run: python -m pip install "{requirement}\""""

INSTALL_UNKNOWN = """\
      - name: Install careerkit
        # careerkit init ran from a local copy of careerkit, which GitHub's
        # runners cannot reach. Replace the `run:` line below with
        #   run: python -m pip install "careerkit @ git+<careerkit's git URL>@<commit>"
        # (or "careerkit==<version>" once careerkit is released).
        run: echo "::error file={path},line={line}::{fill_in} - line {line} of {path} must install careerkit" && exit 1"""


def workflow_text(source: Source | str) -> str:
    """The workflow, installing careerkit from ``source`` (install_source();
    a version string means that release)."""
    if isinstance(source, str):
        source = release(source)
    if source.requirement is not None:
        install = INSTALL.format(label=source.label, requirement=source.requirement)
    else:
        head = WORKFLOW.split("{install}")[0].replace("{label}", source.label)
        line = head.count("\n") + INSTALL_UNKNOWN.count("\n") + 1  # the `run:` line
        install = INSTALL_UNKNOWN.format(path=WORKFLOW_PATH, line=line, fill_in=FILL_IN)
    return WORKFLOW.replace("{label}", source.label).replace("{install}", install)


PRECOMMIT_HEAD = """\
# Checks the records before each commit: pip install pre-commit && pre-commit install
# See careerkit's docs/ci.md.
repos:
"""

PRECOMMIT_LOCAL = """\
  - repo: local
    hooks:
      - id: careerkit-check
        name: careerkit check
        entry: careerkit check
        pass_filenames: false
        files: ^(content/|careerkit\\.yaml)
"""


def precommit_config(source: Source) -> str:
    """A .pre-commit-config.yaml that checks the records before each commit
    with the same careerkit the workflow installs."""
    if source.repo and source.rev:
        repo = f"  - repo: {source.repo}\n    rev: {source.rev}  # {source.label}\n    hooks:\n      - id: careerkit-check\n"
        return PRECOMMIT_HEAD + repo
    if source.requirement is not None:
        python = f'        language: python\n        additional_dependencies: ["{source.requirement}"]\n'
        return PRECOMMIT_HEAD + PRECOMMIT_LOCAL + python
    local = "  # careerkit was installed from a local copy: the hook runs the careerkit on your PATH\n"
    return PRECOMMIT_HEAD + local + PRECOMMIT_LOCAL + "        language: system\n"
