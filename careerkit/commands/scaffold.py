"""`careerkit init`: a new career repository with a config, one example
record of each kind, a .gitignore and a CI workflow.  Never overwrites."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from ..records.kinds import BUILTIN_KINDS
from .editor import SCHEMAS_DIR, schema_documents, vscode_settings
from .workflow import Source, install_source, precommit_config, workflow_text

CONFIG = """\
# careerkit configuration — every key is optional. Your editor explains each
# key from schemas/careerkit.schema.json; careerkit's documentation has them
# all ("Records and careerkit.yaml", docs/records.md in careerkit's repository).
title: My career report
owner:
  name: Your Name
  role: Software engineer
  location: Remote
currency: USD          # the base currency of the report
hours_per_year: 2080   # to annualize hourly pay
fx:                    # 1 unit of the currency is this much of the base
  EUR: 1.08
# as_of: 2026-11-01    # pin the report date (default: today)
inflation:             # annual CPI change by year, for real (inflation-adjusted) figures:
  2023: 0.041          # every year of your pay history up to the current one (US CPI here)
  2024: 0.029
  2025: 0.027
privacy:
  indexable: false     # keep search engines away (noindex + robots.txt)
  public: false        # true: initials only, no notes, money in bands
plugins_dir: plugins   # your own .py analyzers
network_health:
  active_days: 180
  stale_days: 365
pay_gaps:
  lookback_days: 730
market_cadence:
  target_days: 730
"""

CONTACT = """\
# One contact. The file name is its id: opportunities refer to it as jane-doe.
name: Jane Doe
company: Acme Corp
title: Engineering Manager
roles: [advocate, manager]
met: 2023-03-01
keep_in_touch_days: 90
interactions:
  - date: 2025-06-10
    kind: coffee
    note: Talked about the platform team.
notes: |
  Former manager. **Great advocate** — ask her for intros.
"""

OPPORTUNITY = """\
company: Globex
role: Senior Backend Engineer
source: referral        # referral, recruiter, network, inbound, application, other
contact: jane-doe
posted_range: {min: 150000, max: 180000}
stages:
  - {stage: applied, date: 2025-05-01}
  - {stage: screen, date: 2025-05-08}
  - {stage: interview, date: 2025-05-20}
  - {stage: offer, date: 2025-06-02}
  - {stage: declined, date: 2025-06-05}
offer: {base: 172000, bonus: 10000}
"""

COMPENSATION = """\
# Your pay history: one entry per change. The latest is your current pay.
- id: hire
  date: 2023-01-09
  employer: Acme Corp
  title: Backend Engineer
  base: 70
  period: hour
  reason: hire
- id: raise-2024
  date: 2024-01-08
  employer: Acme Corp
  base: 72
  period: hour
  reason: cola
"""

BENCHMARK = """\
date: 2025-03-01
source: Example salary survey
role: Senior backend engineer
p25: 140000
p50: 160000
p75: 185000
"""

PLUGINS_README = """\
# Local plugins

Put `.py` analyzers here; careerkit loads them because `plugins_dir: plugins`
is set in careerkit.yaml. See careerkit's docs/plugins.md.
"""

GITIGNORE = """\
.venv/
.careerkit-cache/
/site/
/private-report/
/public-site/
"""



def files(source: Source | None = None) -> dict[str, str]:
    """The files `careerkit init` writes; the workflow and the pre-commit
    hook install careerkit from ``source`` (default: where the running
    careerkit was installed from)."""
    source = install_source() if source is None else source
    return {
        "careerkit.yaml": CONFIG,
        "content/contacts/jane-doe.yaml": CONTACT,
        "content/opportunities/globex-senior-backend-engineer.yaml": OPPORTUNITY,
        "content/compensation/history.yaml": COMPENSATION,
        "content/benchmarks/example-survey-2025.yaml": BENCHMARK,
        "plugins/README.md": PLUGINS_README,
        ".gitignore": GITIGNORE,
        ".github/workflows/careerkit.yml": workflow_text(source),
        ".pre-commit-config.yaml": precommit_config(source),
        ".vscode/settings.json": json.dumps(vscode_settings(BUILTIN_KINDS), indent=2) + "\n",
        **{f"{SCHEMAS_DIR}/{name}": json.dumps(doc, indent=2) + "\n"
           for name, doc in sorted(schema_documents(BUILTIN_KINDS).items())},
    }


def scaffold(target: Path, git: bool = True, source: Source | None = None) -> int:
    """Write the files; refuse (exit 1) when any of them exists.  With
    ``git``, also make the folder a git repository (unless it is in one)."""
    source = install_source() if source is None else source
    planned = files(source)
    if target.exists() and not target.is_dir():
        print(f"careerkit: error: {target} exists and is not a folder; nothing was written", file=sys.stderr)
        return 1
    existing = [name for name in planned if (target / name).exists() or (target / name).is_symlink()]
    existing += sorted(
        {
            parent.relative_to(target).as_posix()
            for name in planned
            for parent in (target / name).parents
            if target in parent.parents and (parent.is_symlink() or (parent.exists() and not parent.is_dir()))
        }
    )
    if existing:
        for name in existing:
            print(f"careerkit: error: {target / name} exists; init never overwrites", file=sys.stderr)
        print("careerkit: nothing was written", file=sys.stderr)
        return 1
    try:
        for name, text in planned.items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as handle:  # never overwrite, even in a race
                handle.write(text)
    except OSError as exc:
        print(f"careerkit: error: cannot write {exc.filename or target}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"created a career repository in {target}: {len(planned)} files")
    if source.warning:
        print(f"careerkit: warning: {source.warning}", file=sys.stderr)
    if git:
        print(_git_init(target))
    else:
        print(f"not a git repository yet (--no-git): run `git init` in {target} to keep its history")
    index = target / "site" / "index.html"
    print(f"next: cd {shlex.quote(str(target))} && careerkit build, then open {index} in your browser")
    print("      (or run `careerkit serve`: it builds, serves the report and rebuilds it on every change)")
    return 0


def _git_init(target: Path) -> str:
    """Run `git init` in ``target`` unless it is inside a git work tree; what happened, as a line."""
    git = shutil.which("git")
    if git is None:
        return f"git was not found: install it and run `git init` in {target} to keep the history of your records"
    inside = subprocess.run([git, "rev-parse", "--is-inside-work-tree"], cwd=target,
                            capture_output=True, text=True, check=False)
    if inside.returncode == 0 and inside.stdout.strip() == "true":
        return f"{target} is inside a git repository already: git init was not run"
    done = subprocess.run([git, "init", "-q"], cwd=target, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return f"git init failed ({done.stderr.strip() or done.returncode}): run it yourself in {target}"
    return f"initialized a git repository in {target} (commit the files when you are ready; --no-git skips this)"
