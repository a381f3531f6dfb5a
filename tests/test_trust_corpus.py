"""Trust campaign, part 1 (issue 10): the bad-input corpus and error recall.

tests/trust/cases/<case>/ is a small career repository with one defect and
an ``expected.yaml`` (exit code, a regex for the message, ``path:line:col``;
``generate:`` names a file made at test time — huge, hostile or special
files are not committed).  For every case: ``check`` and ``build`` exit as
expected with the message at the location and no traceback, ``content/``
is unchanged, a previous ``site/`` is byte-identical after the failing
build, and no temporary folder is left.  Hostile YAML must be handled
within 1 s and 100 MB.

Error recall: one repository with N seeded errors across M files; one
``check`` must report every one at its exact location, and nothing else.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent / "trust"))
from conftest import make_repo
from trustlib import CASES, GENERATORS, copy_tree, count, tree_hash

CASE_NAMES = sorted(p.name for p in CASES.iterdir() if (p / "expected.yaml").is_file())
BASELINE = {
    "careerkit.yaml": "title: Baseline\nas_of: 2026-11-01\n",
    "content/contacts/pat.yaml": "name: Pat Base\ncompany: Initech\nmet: 2025-01-01\n",
    "content/compensation/pay.yaml": "date: 2025-01-01\nemployer: Initech\nbase: 90000\n",
}


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory):
    """A site built from a valid repository: what every case starts from."""
    from careerkit.commands.cli import main

    root = make_repo(tmp_path_factory.mktemp("baseline"), BASELINE)
    assert main(["build", "--root", str(root)]) == 0
    return root / "site"


def _expected(name: str) -> dict:
    return yaml.safe_load((CASES / name / "expected.yaml").read_text(encoding="utf-8"))


def _unreadable_as_root(root: Path, *argv: str) -> tuple[int, str, str]:
    """root reads any file: run careerkit without the capabilities that let it."""
    if shutil.which("setpriv") is None:
        pytest.skip("running as root and setpriv is missing: a mode-000 file is readable")
    done = subprocess.run(
        ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *CAREERKIT_CMD, *argv, "--root", str(root)],
        capture_output=True, text=True, timeout=60, cwd=root.parent,
    )
    return done.returncode, done.stdout, done.stderr


CAREERKIT_CMD = [sys.executable, "-m", "careerkit.commands.cli"]


def test_the_corpus_has_at_least_40_cases_in_every_category():
    categories = {_expected(n)["category"] for n in CASE_NAMES}
    assert len(CASE_NAMES) >= 40
    assert categories >= {"yaml", "shape", "encoding", "hostile", "schema", "cross", "git", "editor", "fs", "config"}


@pytest.mark.parametrize("name", CASE_NAMES)
def test_corpus_case(name, tmp_path, run_cli, previous_site):
    ok = False
    try:
        _run_case(name, tmp_path, run_cli, previous_site)
        ok = True
    finally:
        count("corpus", tried=1, passed=int(ok))


def _run_case(name, tmp_path, run_cli, previous_site):
    expected = _expected(name)
    root = tmp_path / "repo"
    shutil.copytree(CASES / name, root, ignore=shutil.ignore_patterns("expected.yaml"), symlinks=True)
    (root / "content").mkdir(exist_ok=True)
    if expected.get("generate"):
        GENERATORS[expected["generate"]](root)
    copy_tree(previous_site, root / "site")
    content_before, site_before = tree_hash(root / "content"), tree_hash(root / "site")
    config_before = tree_hash(root)["careerkit.yaml"] if (root / "careerkit.yaml").exists() else None
    special = name == "unreadable-file" and os.geteuid() == 0

    def run(*argv):
        if special:
            return _unreadable_as_root(root, *argv)
        if expected.get("generate") == "fifo-record":  # must not block on the pipe: a process with a time limit
            try:
                done = subprocess.run([*CAREERKIT_CMD, *argv, "--root", str(root)],
                                      capture_output=True, text=True, timeout=20, cwd=root.parent)
            except subprocess.TimeoutExpired:
                pytest.fail(f"careerkit {argv[0]} blocked reading the named pipe in content/")
            return done.returncode, done.stdout, done.stderr
        return run_cli([*argv, "--root", root])

    # check: the exit code, the message at its location, within limits
    if expected.get("limits"):
        tracemalloc.start()
    started = time.perf_counter()
    code, out, err = run("check")
    elapsed = time.perf_counter() - started
    if expected.get("limits"):
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert elapsed < 1.0, f"{name}: check took {elapsed:.2f} s"
        assert peak < 100 * 1024 * 1024, f"{name}: check peaked at {peak / 2**20:.0f} MiB"
    assert "Traceback" not in out + err
    assert code == expected["exit"], out + err
    lines = out.splitlines()
    if expected["location"]:
        at = [line.split(": error: ", 1)[1] for line in lines if line.startswith(expected["location"] + ": error: ")]
        assert at, f"nothing reported at {expected['location']}: {out}"
        import re

        assert any(re.search(expected["message"], message) for message in at), (expected["message"], at)
    else:
        import re

        assert re.search(expected["message"], lines[-1]), out

    # build: the same verdict; a failing build leaves the previous site byte-identical
    code, out, err = run("build")
    assert "Traceback" not in out + err
    assert code == expected["exit"], out + err
    if expected["exit"] != 0:
        assert "nothing was written" in err
        assert tree_hash(root / "site") == site_before
    else:
        assert (root / "site/report.json").is_file()
    assert tree_hash(root / "content") == content_before
    if config_before:
        assert tree_hash(root)["careerkit.yaml"] == config_before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.")] == []


# --- error recall: N errors across M files, one run ---------------------------------

# (line, column of the error in it) — each independent of the others, so any
# subset in any order is N errors at known places; "" = the valid line instead.
CONTACT = [
    ("name: 5", 7, "name: Jane Roe"),
    ("compnay: Acme", 1, ""),
    ("met: 2024-13-01", 6, "met: 2024-01-01"),
    ("roles: [boss]", 9, "roles: [peer]"),
    ("keep_in_touch_days: 0", 21, ""),
    ("phone: 01234", 8, "phone: '01234'"),
    ("title: [a, b]", 8, "title: Engineer"),
    ("keep_in_touch_dayz: 30", 1, ""),
]
PAY = [
    ("date: 01/02/2024", 7, "date: 2024-01-02"),
    ("employer: Acme", 0, "employer: Acme"),
    ("base: -5", 7, "base: 50000"),
    ("period: fortnight", 9, "period: year"),
    ("currency: dollars", 11, ""),
    ("bonus: -1", 8, "bonus: 0"),
    ("reason: raise", 9, "reason: merit"),
    ("note: [x]", 7, "note: fine"),
]
OPP = [
    ("company: Acme", 0, "company: Acme"),
    ("role: 42", 7, "role: Engineer"),
    ("source: linkedin", 9, "source: referral"),
    ("notse: x", 1, ""),
    ("location: {city: Paris}", 11, "location: Paris"),
    ("stages: [{stage: lead, date: 2024-02-30}]", 30, "stages: [{stage: lead, date: 2024-02-01}]"),
]
BENCH = [
    ("date: 2024-1-1", 7, "date: 2024-01-01"),
    ("source: 7", 9, "source: Survey"),
    ("p50: zero", 6, "p50: 100000"),
    ("p25: -3", 6, "p25: 90000"),
    ("period: decade", 9, ""),
]
KINDS = [("contacts", CONTACT), ("compensation", PAY), ("opportunities", OPP), ("benchmarks", BENCH)]


def seeded_repository(rng: random.Random, files: int) -> tuple[dict[str, str], set[str]]:
    repo, seeded = {"careerkit.yaml": "as_of: 2026-11-01\n"}, set()
    for index in range(files):
        folder, template = KINDS[index % len(KINDS)]
        bad = {i for i, (_, col, _) in enumerate(template) if col and rng.random() < 0.6} or {1 if template[1][1] else 0}
        order = list(range(len(template)))
        rng.shuffle(order)
        lines = []
        rel = f"content/{folder}/f{index:02d}.yaml"
        for i in order:
            text, col, good = template[i]
            if i in bad:
                lines.append(text)
                seeded.add(f"{rel}:{len(lines)}:{col}")
            elif good:
                lines.append(good)
        repo[rel] = "\n".join(lines) + "\n"
    # a cross-record error
    repo["content/opportunities/zz-dangling.yaml"] = (
        "company: Initech\nrole: Dev\ncontact: nobody-at-all\nstages: [{stage: lead, date: 2024-01-01}]\n"
    )
    seeded.add("content/opportunities/zz-dangling.yaml:3:10")
    # a YAML syntax error stops its own file, never the others
    repo["content/contacts/zz-syntax.yaml"] = "name: Tab\ninteractions:\n\t- date: 2024-01-01\n"
    seeded.add("content/contacts/zz-syntax.yaml:3:1")
    return repo, seeded


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_one_check_reports_every_seeded_error_at_its_location(seed, tmp_path, run_cli):
    repo, seeded = seeded_repository(random.Random(seed), files=12)
    root = make_repo(tmp_path, repo)
    code, out, err = run_cli(["check", "--root", root])
    reported = {line.split(": error: ")[0] for line in out.splitlines() if ": error: " in line}
    found = seeded & reported
    count("recall", seeded=len(seeded), found=len(found), files=len(repo) - 1, extra=len(reported - seeded))
    assert code == 1 and "Traceback" not in out + err
    assert seeded - reported == set(), f"missed: {sorted(seeded - reported)}"
    assert reported - seeded == set(), f"unexpected: {sorted(reported - seeded)}"
    files = len({loc.split(":")[0] for loc in seeded})
    assert out.splitlines()[-1] == f"{len(seeded)} errors in {files} files"


# Cross-record checks also see records that have problems of their own.


def test_a_reference_to_an_invalid_contact_is_not_reported_as_dangling(tmp_path, run_cli):
    root = make_repo(tmp_path, {
        "content/contacts/jane.yaml": "name: 5\n",
        "content/opportunities/o.yaml": "company: A\nrole: B\ncontact: jane\nstages: [{stage: lead, date: 2024-01-01}]\n",
    })
    code, out, _ = run_cli(["check", "--root", root])
    assert code == 1
    assert out.splitlines()[1:] == ["1 error in 1 file"], out


def test_a_dangling_reference_is_reported_next_to_other_errors_in_the_record(tmp_path, run_cli):
    root = make_repo(tmp_path, {
        "content/opportunities/o.yaml": "company: A\nrole: 42\ncontact: nobody\nstages: [{stage: lead, date: 2024-01-01}]\n",
    })
    code, out, _ = run_cli(["check", "--root", root])
    places = [line.split(": error:")[0] for line in out.splitlines()[:-1]]
    assert places == ["content/opportunities/o.yaml:2:7", "content/opportunities/o.yaml:3:10"]
