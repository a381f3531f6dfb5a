"""The GitHub Actions workflow `careerkit init` writes to
`.github/workflows/careerkit.yml` (explained step by step in docs/ci.md).

On a pull request it checks the records (`careerkit check --format github`
puts each problem on the changed YAML line) and builds the report into the job
summary.  On a push to the default branch it also publishes the site on GitHub
Pages with the official Pages actions.  It installs the careerkit version it
was made with, so a new careerkit release never changes a user's CI unasked.
"""

from __future__ import annotations

PLACEHOLDER = "{careerkit_version}"

WORKFLOW = """\
# careerkit {careerkit_version}: checks your records on every pull request and
# publishes your report on GitHub Pages on every push to the default branch.
# Every step is explained in careerkit's documentation: docs/ci.md.
#
# PRIVACY: a GitHub Pages site is PUBLIC, even when this repository is private
# (only GitHub Enterprise Cloud can restrict who sees it). careerkit never shows
# e-mail addresses, phone numbers or URLs, and asks search engines not to index
# the site (privacy.indexable: false). Set `privacy: {public: true}` in
# careerkit.yaml (or add --public to the two builds below) to also reduce names
# to initials, drop notes and show money in bands. To publish nothing, delete
# the `deploy` job and the two Pages steps of the `report` job.
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
      - name: Install careerkit {careerkit_version}
        run: python -m pip install "careerkit=={careerkit_version}"
      - name: Check the records (problems show on the changed lines)
        run: careerkit check --format github
      # Add --fail-on alert (or warn) to turn the job red when an analyzer
      # reaches that status; the site is written first, so it still publishes.
      - name: Build the report
        run: careerkit build --out site
      - name: Write the report to the job summary
        run: cat site/report.md >> "$GITHUB_STEP_SUMMARY"
      - name: Prepare GitHub Pages
        if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch
        uses: actions/configure-pages@v6
      - name: Upload the site for GitHub Pages
        if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch
        uses: actions/upload-pages-artifact@v5
        with:
          path: site

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
      - name: Publish on GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v5
"""


def workflow_text(version: str) -> str:
    """The workflow, pinned to careerkit `version` (e.g. careerkit.__version__)."""
    return WORKFLOW.replace(PLACEHOLDER, version)
