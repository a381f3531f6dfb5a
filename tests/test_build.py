"""The build pipeline: atomic writes (a killed build leaves the previous
site byte-identical), the output-folder guards, reproducible output,
content/ never written, privacy, report.json's shape, --as-of and --fail-on,
and the committed example site."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from conftest import write_file as write
from conftest import write_repo

from careerkit.commands.cli import main

REPO = Path(__file__).resolve().parent.parent

# --- helpers ------------------------------------------------------------------

CONFIG = """\
title: Test career
owner: {name: Pat Example}
as_of: 2026-11-01
"""

RECORDS = {
    "content/contacts/jane-doe.yaml": """\
        name: Jane Doe
        company: Acme
        roles: [recruiter]
        email: jane.doe@mail.example
        phone: "+1 555 0199"
        url: https://jane-doe.example/profile
        met: 2025-01-01
        interactions:
          - {date: 2026-09-01, kind: call, note: Talked about SECRETNOTE-1}
        notes: Knows SECRETNOTE-2.
        """,
    "content/contacts/bob-stone.yaml": """\
        name: Bob Stone
        company: Globex
        roles: [advocate]
        met: 2023-05-01
        """,
    "content/opportunities/globex.yaml": """\
        company: Globex
        role: Engineer
        source: referral
        contact: bob-stone
        posted_range: {min: 111111, max: 133333}
        stages:
          - {stage: applied, date: 2026-03-01}
          - {stage: offer, date: 2026-04-01, note: SECRETNOTE-3}
        offer: {base: 123457}
        notes: SECRETNOTE-4
        """,
    "content/compensation/history.yaml": """\
        - {date: 2020-01-06, employer: Acme, base: 91234, reason: hire}
        - {date: 2024-01-08, employer: Acme, base: 101234, reason: merit, note: SECRETNOTE-5}
        """,
    "content/benchmarks/survey.yaml": """\
        date: 2026-01-15
        source: Survey
        p50: 115321
        """,
}


def make_repo(root: Path, config_extra: str = "") -> Path:
    """A small valid career repository."""
    return write_repo(root, CONFIG + textwrap.dedent(config_extra), RECORDS)


def tree_hash(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).as_posix() not in skip
    }


def site_text(site: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(site.rglob("*")) if p.is_file())


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("TZ", "LANG", "PYTHONHASHSEED")}
    env.update(extra)
    return env


CAREERKIT = [sys.executable, "-m", "careerkit.commands.cli"]


def copy_example(dest: Path, reverse: bool = False, mtime_seed: int | None = None) -> Path:
    """The repository's own example (careerkit.yaml + content/), copied file
    by file in sorted or reversed order, optionally with shuffled mtimes."""
    files = sorted(p for p in (REPO / "content").rglob("*") if p.is_file())
    files = [REPO / "careerkit.yaml", *files]
    rng = random.Random(mtime_seed)
    for src in reversed(files) if reverse else files:
        target = dest / src.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(src.read_bytes())
        if mtime_seed is not None:
            stamp = rng.randint(1_000_000_000, 1_900_000_000)
            os.utime(target, (stamp, stamp))
    return dest


# --- atomicity ----------------------------------------------------------------

MANY_FILES = """\
from careerkit import hookimpl

@hookimpl
def careerkit_outputs(report):
    blob = ("as of " + report["as_of"] + "\\n") * 500
    return {f"bulk/{i:04d}.txt": blob for i in range(1200)}
"""


def test_killed_build_leaves_the_previous_site_or_the_complete_new_one(tmp_path):
    root = make_repo(tmp_path / "repo", "plugins_dir: mine\n")
    write(root, "mine/bulk.py", MANY_FILES)
    site = root / "site"
    for as_of, out in (("2026-10-01", site), ("2026-11-01", tmp_path / "expected-new")):
        done = subprocess.run([*CAREERKIT, "build", "--root", root, "--as-of", as_of, "--out", out],
                              env=cli_env(), cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    old, new = tree_hash(site), tree_hash(tmp_path / "expected-new")
    assert old != new and len(old) > 1200
    rng = random.Random(7)
    outcomes = []
    for attempt in range(5):
        proc = subprocess.Popen([*CAREERKIT, "build", "--root", root, "--as-of", "2026-11-01"], env=cli_env(), cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        want = rng.randint(1, 1000)  # kill once the temporary folder holds this many bulk files
        deadline = time.monotonic() + 20
        while proc.poll() is None and time.monotonic() < deadline:
            bulk = [n for n in os.listdir(root) if n.startswith(".site.tmp-")]
            try:
                if bulk and len(os.listdir(root / bulk[0] / "bulk")) >= want:
                    break
            except OSError:  # not created yet, or already swapped in
                pass
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        stderr = proc.stderr.read().decode()
        proc.stderr.close()
        assert proc.returncode in (0, -signal.SIGKILL), stderr
        now = tree_hash(site)
        assert now in (old, new), f"attempt {attempt}: the site is neither the previous nor the new one"
        outcomes.append("old" if now == old else "new")
        if now == new:  # start again from the previous site
            shutil.rmtree(site)
            shutil.copytree(tmp_path / "expected-new", site)
            done = subprocess.run([*CAREERKIT, "build", "--root", root, "--as-of", "2026-10-01"],
                                  env=cli_env(), cwd=tmp_path, capture_output=True)
            assert done.returncode == 0 and tree_hash(site) == old
    assert "old" in outcomes, f"no kill landed mid-write ({outcomes}); the test did not test anything"
    done = subprocess.run([*CAREERKIT, "build", "--root", root], env=cli_env(), cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert tree_hash(site) == new
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.")] == []


def test_leftover_temporary_folders_are_cleaned_by_the_next_build(tmp_path, capsys):
    root = make_repo(tmp_path)
    (root / ".site.tmp-abc123/charts").mkdir(parents=True)
    (root / ".site.tmp-abc123/charts/x.svg").write_text("half")
    (root / ".site.tmp-abc123/.careerkit-tmp").write_text("")  # the writer marks its folders at once
    (root / ".site.old-xyz/previous").mkdir(parents=True)
    (root / ".site.old-xyz/.careerkit-tmp").write_text("")
    (root / ".site.tmp-k2j4h5l6").mkdir()  # empty, mkdtemp's exact name: killed before the marker
    (root / ".site.tmp-unrelated.txt").write_text("a file, not ours to delete")
    # the user's own folders with look-alike names (issue 17), one a copy of a site: never deleted
    (root / ".site.old-2024-backup").mkdir()
    (root / ".site.old-2024-backup/index.html").write_text("my backup")
    (root / ".site.old-2024-backup/.careerkit-site").write_text("copied with the site")
    (root / ".site.tmp-notes").mkdir()
    assert run(capsys, "build", "--root", root)[0] == 0
    assert sorted(p.name for p in root.iterdir()) == [".careerkit-cache", ".site.old-2024-backup", ".site.tmp-notes",
                                                      ".site.tmp-unrelated.txt", "careerkit.yaml", "content", "site"]
    assert (root / ".site.old-2024-backup/index.html").read_text() == "my backup"


def test_failed_write_leaves_the_previous_site(tmp_path, capsys):
    root = make_repo(tmp_path)
    assert run(capsys, "build", "--root", root)[0] == 0
    before = tree_hash(root / "site")
    write(root, "mine/clash.py", """\
        from careerkit import hookimpl

        @hookimpl
        def careerkit_outputs():
            return {"a": "file", "a/b": "needs a as a folder"}
        """)
    code, _, err = run(capsys, "build", "--root", root, "--plugins-dir", root / "mine", "--as-of", "2026-12-01")
    assert code == 2 and "the previous site is unchanged" in err
    assert tree_hash(root / "site") == before
    assert not list(root.glob(".site.tmp-*"))


# --- output folders -------------------------------------------------------------


@pytest.mark.parametrize(
    "out, reason",
    [
        (".", "it is the repository root or contains it"),
        ("..", "it is the repository root or contains it"),
        ("content", "it is content/ or contains it"),
        ("content/contacts", "it is inside content/"),
        ("content/new-folder", "it is inside content/"),
    ],
)
def test_refused_output_folders(tmp_path, capsys, out, reason):
    root = make_repo(tmp_path / "repo")
    before = tree_hash(tmp_path)
    code, stdout, err = run(capsys, "build", "--root", root, "--out", root / out)
    assert code == 2
    assert f"careerkit: error: refusing to write the site to {root / out}: {reason}" in err
    assert tree_hash(tmp_path) == before and sorted(p.name for p in root.iterdir()) == ["careerkit.yaml", "content"]


def test_refused_non_empty_folder_without_marker(tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    write(tmp_path, "docs/index.md", "mine")
    code, _, err = run(capsys, "build", "--root", root, "--out", tmp_path / "docs")
    assert code == 2
    assert "the folder is not empty and was not made by careerkit (it has no .careerkit-site file)" in err
    assert [p.name for p in (tmp_path / "docs").iterdir()] == ["index.md"]


def test_refused_file_as_out(tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    write(tmp_path, "notes.txt", "mine")
    code, _, err = run(capsys, "build", "--root", root, "--out", tmp_path / "notes.txt")
    assert code == 2 and f"refusing to write the site to {tmp_path / 'notes.txt'}: it is not a folder" in err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_out_elsewhere_writes_the_marker_and_can_be_rebuilt(tmp_path, capsys, monkeypatch):
    root = make_repo(tmp_path / "repo")
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "public/report", tmp_path / "empty"):
        code, stdout, _ = run(capsys, "build", "--root", root, "--out", out)
        assert code == 0 and f"built {out} as of 2026-11-01" in stdout
        (root / "content/contacts/new.yaml").write_text(f"name: New {out.name}\n")
        code, stdout, _ = run(capsys, "build", "--root", root, "--out", out)  # replaces careerkit's own folder
        assert code == 0 and f"built {out} as of 2026-11-01" in stdout
        assert (out / ".careerkit-site").read_text().startswith("This folder is generated by careerkit")
        assert (out / "index.html").is_file()
    monkeypatch.chdir(tmp_path)  # a relative --out is relative to the current folder
    assert run(capsys, "build", "--root", root, "--out", "relative")[0] == 0
    assert (tmp_path / "relative/report.json").is_file() and not (root / "relative").exists()
    assert not (root / "site").exists()


# --- determinism ------------------------------------------------------------------


def test_build_is_byte_identical_whatever_the_environment(tmp_path):
    variants = [
        ({"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "0"}, False, None),
        ({"TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONHASHSEED": "4242"}, True, 1),
        ({"TZ": "America/Los_Angeles", "LC_ALL": "en_US.UTF-8", "PYTHONHASHSEED": "random"}, False, 2),
    ]
    trees = []
    for index, (env, reverse, seed) in enumerate(variants):
        root = copy_example(tmp_path / f"copy{index}", reverse=reverse, mtime_seed=seed)
        done = subprocess.run([*CAREERKIT, "build", "--root", root],
                              env=cli_env(**env), cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        trees.append(tree_hash(root / "site"))
    assert len(trees[0]) > 5
    assert trees[1] == trees[0]
    assert trees[2] == trees[0]


def test_content_is_never_written(tmp_path, capsys):
    root = make_repo(tmp_path)
    def snapshot():
        content = root / "content"
        return {p: (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else sorted(os.listdir(p)))
                for p in [content, *sorted(content.rglob("*"))]}

    before = snapshot()
    assert run(capsys, "check", "--root", root)[0] == 0
    assert run(capsys, "build", "--root", root)[0] == 0
    assert run(capsys, "build", "--root", root, "--public")[0] == 0
    assert snapshot() == before
    assert sorted(os.listdir(root)) == [".careerkit-cache", "careerkit.yaml", "content", "site"]


# --- invalid content, dates ---------------------------------------------------------


def test_invalid_content_exits_1_and_writes_nothing(tmp_path, capsys):
    root = make_repo(tmp_path)
    assert run(capsys, "build", "--root", root)[0] == 0
    before = tree_hash(root / "site")
    write(root, "content/contacts/bad.yaml", "name: Bad\ncompnay: Typo Inc\n")
    code, out, err = run(capsys, "build", "--root", root, "--as-of", "2026-12-01")
    assert code == 1
    assert "content/contacts/bad.yaml:2:1: error: unknown key 'compnay' (did you mean 'company'?)" in out
    assert "careerkit: nothing was written" in err
    assert tree_hash(root / "site") == before
    assert not list(root.glob(".site.tmp-*"))


def test_as_of_option_overrides_the_config(tmp_path, capsys):
    root = make_repo(tmp_path)
    code, out, _ = run(capsys, "build", "--root", root, "--as-of", "2026-06-30")
    assert code == 0 and "as of 2026-06-30" in out
    assert json.loads((root / "site/report.json").read_text())["as_of"] == "2026-06-30"
    assert run(capsys, "build", "--root", root)[0] == 0
    assert json.loads((root / "site/report.json").read_text())["as_of"] == "2026-11-01"


# --- privacy ----------------------------------------------------------------------------

PRIVATE = ("jane.doe@mail.example", "555 0199", "jane-doe.example")
EXACT_MONEY = re.compile(r"101[,.\u202f ]?234|123[,.\u202f ]?457|91[,.\u202f ]?234|115[,.\u202f ]?321")


def test_default_build_never_shows_email_phone_or_url(tmp_path, capsys):
    root = make_repo(tmp_path)
    assert run(capsys, "build", "--root", root)[0] == 0
    text = site_text(root / "site")
    for secret in PRIVATE:
        assert secret not in text
    assert "Jane Doe" in text and EXACT_MONEY.search(text)  # shown when not public


@pytest.mark.parametrize("how", ["flag", "config"])
def test_public_build_hides_names_notes_and_exact_money(tmp_path, capsys, how):
    root = make_repo(tmp_path, "privacy: {public: true}\n" if how == "config" else "")
    assert run(capsys, "build", "--root", root, *(["--public"] if how == "flag" else []))[0] == 0
    text = site_text(root / "site")
    for secret in (*PRIVATE, "Jane Doe", "Bob Stone", "Pat Example", "SECRETNOTE"):
        assert secret not in text, secret
    assert not EXACT_MONEY.search(text), EXACT_MONEY.search(text)
    assert "J. D." in text or "JD" in text or "J.D." in text


def test_robots_and_noindex_by_default(tmp_path, capsys):
    root = make_repo(tmp_path)
    assert run(capsys, "build", "--root", root)[0] == 0
    site = root / "site"
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        assert '<meta name="robots" content="noindex,nofollow">' in page.read_text()


def test_indexable_lifts_robots_and_noindex(tmp_path, capsys):
    root = make_repo(tmp_path, "privacy: {indexable: true}\n")
    assert run(capsys, "build", "--root", root)[0] == 0
    site = root / "site"
    assert not (site / "robots.txt").exists()
    assert "noindex" not in site_text(site)


# --- report.json --------------------------------------------------------------------------


def test_report_json_has_the_spec_shape(tmp_path, capsys):
    root = make_repo(tmp_path)
    assert run(capsys, "build", "--root", root)[0] == 0
    report = json.loads((root / "site/report.json").read_text())
    assert list(report) == ["as_of", "records", "analyzers"]
    assert report["as_of"] == "2026-11-01"
    assert report["records"] == {"benchmarks": 1, "compensation": 2, "contacts": 2, "opportunities": 1}
    assert {"network_health", "pay_gaps", "market_cadence"} <= set(report["analyzers"])
    for name, analysis in report["analyzers"].items():
        assert list(analysis) == ["title", "status", "metrics", "findings"], name
        assert isinstance(analysis["title"], str) and analysis["status"] in ("none", "ok", "warn", "alert")
        assert analysis["metrics"]
        for metric in analysis["metrics"].values():
            assert list(metric) == ["value", "unit", "label", "status"]
            assert metric["status"] in ("none", "ok", "warn", "alert", None)
            assert isinstance(metric["unit"], str) and isinstance(metric["label"], str)
        for finding in analysis["findings"]:
            assert list(finding) == ["severity", "message", "records", "due"]
            assert finding["severity"] in ("info", "warn", "alert")
            assert all(re.fullmatch(r"[a-z]+/[a-z0-9-]+", ref) for ref in finding["records"])


# --- --fail-on ------------------------------------------------------------------------------


def test_fail_on_exits_4_after_writing_the_site(tmp_path, capsys):
    root = make_repo(tmp_path)
    assert run(capsys, "build", "--root", root)[0] == 0
    statuses = {name: a["status"] for name, a in json.loads((root / "site/report.json").read_text())["analyzers"].items()}
    assert "warn" in statuses.values() or "alert" in statuses.values()
    shutil.rmtree(root / "site")
    code, _, err = run(capsys, "build", "--root", root, "--fail-on", "warn")
    assert code == 4
    assert err.startswith("careerkit: exit 4 (--fail-on warn): ")
    assert err.endswith("the records are valid, but an analyzer's status is warn or worse\n")  # says why it exits 4
    assert (root / "site/index.html").is_file()
    code, _, err = run(capsys, "check", "--root", root, "--fail-on", "warn")
    assert code == 4 and "--fail-on warn" in err
    expected = 4 if "alert" in statuses.values() else 0
    assert run(capsys, "check", "--root", root, "--fail-on", "alert")[0] == expected
    assert run(capsys, "build", "--root", root, "--fail-on", "alert")[0] == expected


def test_fail_on_is_0_when_all_ok(tmp_path, capsys):
    installed = sorted(ep.name for ep in entry_points(group="careerkit"))
    root = make_repo(tmp_path, f"plugins: {{disable: [{', '.join(installed)}]}}\n")
    assert run(capsys, "build", "--root", root, "--fail-on", "warn")[0] == 0
    assert run(capsys, "check", "--root", root, "--fail-on", "warn")[0] == 0


# --- the committed example site ---------------------------------------------------------------


def test_committed_site_is_what_a_fresh_build_produces(tmp_path, capsys):
    committed = REPO / "site"
    if not (committed / "index.html").is_file():
        pytest.skip("site/ is not committed yet: run `make site` (careerkit build) and commit site/")
    root = copy_example(tmp_path / "example")
    code, _, err = run(capsys, "build", "--root", root)
    assert code == 0, err
    fresh = tree_hash(root / "site")  # the marker included: it holds no digest of careerkit's code
    kept = tree_hash(committed)
    assert sorted(fresh) == sorted(kept), "site/ has different files: rebuild it with `make site`"
    changed = sorted(name for name in fresh if fresh[name] != kept[name])
    assert changed == [], f"site/ is out of date ({', '.join(changed)}): rebuild it with `make site`"
