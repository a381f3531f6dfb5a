"""Trust campaign v2 (issue 17): concurrent builds of one site.

`serve` and a manual build, or a CI matrix, may build the same site at the
same time.  Each round starts N builds at once with different report dates
(and a plugin writing 400 files, so a write takes a while); afterwards the
site is exactly one of the N complete builds (compared with reference
builds of each date, file by file), every build exited 0, no temporary
folder is left beside the site, a user's look-alike folders are still
there, and the next build with the winner's date agrees with the site.
Builds of one site take turns under an ``flock`` on the output's parent
folder (careerkit.site.writer.output_lock).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "trust"))
from conftest import make_repo
from trustlib import count, tree_hash

CAREERKIT = [sys.executable, "-m", "careerkit.commands.cli"]
N = 4
ROUNDS = 4
DATES = ["2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01", "2027-01-01"]
BULK = """\
from careerkit import hookimpl

@hookimpl
def careerkit_outputs(report):
    return {f"bulk/{i:04}.txt": f"{report['as_of']} {i}\\n" * 50 for i in range(400)}
"""
FILES = {
    "careerkit.yaml": "as_of: 2026-11-01\nplugins_dir: mine\n",
    "mine/bulk.py": BULK,
    "content/contacts/jane-doe.yaml": "name: Jane Doe\nkeep_in_touch_days: 60\n"
                                      "interactions:\n  - {date: 2026-05-01, kind: call}\n",
    "content/compensation/history.yaml": "- {date: 2024-01-01, employer: Acme, base: 100000}\n",
    "content/opportunities/globex.yaml": "company: Globex\nrole: Dev\nstages:\n  - {stage: applied, date: 2026-03-01}\n",
}


def site_files(folder: Path) -> dict[str, str]:
    return {k: v for k, v in tree_hash(folder).items() if k != ".careerkit-site"}


def test_parallel_builds_leave_exactly_one_complete_site(tmp_path):
    root = make_repo(tmp_path / "repo", FILES)
    references = {}
    for day in DATES[:N + 2]:
        out = tmp_path / "ref" / day
        done = subprocess.run([*CAREERKIT, "build", "--root", str(root), "--out", str(out), "--as-of", day, "--no-cache"],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        references[day] = site_files(out)
    assert len({tuple(sorted(r.items())) for r in references.values()}) == len(references)  # every date gives another site
    (root / ".site.old-2024-backup").mkdir()
    (root / ".site.old-2024-backup/keep.txt").write_text("mine")
    (root / ".site.tmp-notes").mkdir()
    site = root / "site"
    for round_ in range(ROUNDS):
        days = DATES[round_ % 2: round_ % 2 + N]
        env = {**os.environ, "CAREERKIT_JOBS": "1"}
        commands = [[*CAREERKIT, "build", "--root", str(root), "--as-of", day, *(["--no-cache"] if i % 2 else [])]
                    for i, day in enumerate(days)]  # half through the record cache and stamp, half without
        procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for c in commands]
        results = [(p.wait(timeout=600), p.stdout.read(), p.stderr.read()) for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        assert all(code == 0 for code, _, _ in results), results
        now = site_files(site)
        winners = [day for day in days if references[day] == now]
        assert len(winners) == 1, f"round {round_}: the site is not one complete build ({len(now)} files)"
        assert len([k for k in now if k.startswith("bulk/") and k.endswith(".txt")]) == 400
        leftovers = sorted(p.name for p in root.iterdir() if p.name.startswith(".site."))
        assert leftovers == [".site.old-2024-backup", ".site.tmp-notes"], leftovers
        assert (root / ".site.old-2024-backup/keep.txt").read_text() == "mine"
        # the stamp and the marker agree with the site: the winner's date again changes nothing
        again = subprocess.run([*CAREERKIT, "build", "--root", str(root), "--as-of", winners[0]],
                               capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr
        assert site_files(site) == references[winners[0]]
        count("concurrency", rounds=1, builds=len(days), violations=0)
