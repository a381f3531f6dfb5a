"""The build stamp (careerkit.incremental.stamp): a build with nothing to do is decided
from ``stat`` alone, before the plugins load — and only ever skips work.
Every change to what a build depends on means the full path (which then
checks everything, careerkit.incremental.uptodate), a damaged stamp is ignored, and the
site is always what a build without any shortcut makes."""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import copy_example, tree

import careerkit.pipeline.steps
from careerkit.commands.cli import main
from careerkit.incremental import stamp


@pytest.fixture
def repo(tmp_path):
    return copy_example(tmp_path)


@pytest.fixture
def setups(monkeypatch):
    """How many builds went past the stamp (set up config and plugins)."""
    calls = []
    real = careerkit.pipeline.steps.setup

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(careerkit.pipeline.steps, "setup", counting)
    return calls


def build(capsys, root, *extra):
    code = main(["build", "--root", str(root), *map(str, extra)])
    return code, capsys.readouterr().out


def stamp_file(root: Path, out: Path | None = None, public: bool = False) -> Path:
    return stamp.stamp_path(root, out or root / "site", public)


def settle(root: Path) -> None:
    """Date every file 10 s back, as if written a while ago (nothing is
    then too recent to be judged by its stat)."""
    for path in [root, *root.rglob("*")]:
        if path.is_file() or path.is_dir():
            info = path.stat()
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - 10_000_000_000))


def rewrite(path: Path, body: bytes) -> None:
    path.write_bytes(stamp.MAGIC + hashlib.blake2b(body, digest_size=stamp.CHECK).digest() + body)


def test_a_build_with_nothing_to_do_stops_at_the_stamp_and_says_what_the_full_check_says(repo, capsys, setups):
    assert build(capsys, repo)[0] == 0
    assert stamp_file(repo).is_file()
    before = tree(repo / "site")
    code, quick = build(capsys, repo)
    assert code == 0 and len(setups) == 1  # the plugins were not even loaded
    stamp_file(repo).unlink()
    code, full = build(capsys, repo)
    assert code == 0 and len(setups) == 2
    summary = "is up to date (as of 2026-11-01): market_cadence warn, network_health alert, pay_gaps warn"
    assert quick == full and summary in quick  # the example is underpaid on the evidence (issue 15)
    assert tree(repo / "site") == before


def test_fail_on_reads_the_stamps_statuses(repo, capsys, setups):
    assert build(capsys, repo)[0] == 0
    code, out = build(capsys, repo, "--fail-on", "alert")
    assert code == 4 and "is up to date" in out and len(setups) == 1
    assert build(capsys, repo, "--fail-on", "alert", "--as-of", "2026-11-01")[0] == 4


def test_the_stamp_is_kept_by_output_folder_and_privacy_mode(repo, capsys, setups, tmp_path):
    public = tmp_path / "public"
    assert build(capsys, repo)[0] == 0
    assert build(capsys, repo, "--out", public, "--public")[0] == 0
    assert len(setups) == 2
    assert "is up to date" in build(capsys, repo)[1]
    assert "is up to date" in build(capsys, repo, "--out", public, "--public")[1]
    assert len(setups) == 2
    assert stamp_file(repo) != stamp_file(repo, public, True) and stamp_file(repo, public, True).is_file()


def _edit_same_size_and_time(root: Path) -> None:
    path = root / "content/contacts/priya-nair.yaml"
    info = path.stat()
    text = path.read_text()
    path.write_text(text.replace("Priya", "Pryia", 1))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def _pip_install(root: Path) -> None:
    (root.parent / "site-packages/a_plugin-1.0.dist-info").mkdir()  # a folder on sys.path (see the test)


def _record_in_new_folder(root: Path) -> None:
    (root / "content/contacts/2026").mkdir()
    (root / "content/contacts/2026/new-person.yaml").write_text("name: New Person\n")


def _leave_killed_build_leftovers(root: Path) -> None:
    (root / ".site.tmp-1234").mkdir()
    (root / ".site.tmp-1234/.careerkit-tmp").write_text("")


CHANGES = {
    "new record": lambda root: (root / "content/contacts/new-person.yaml").write_text("name: New Person\n"),
    "record in a new folder": _record_in_new_folder,
    "deleted record": lambda root: (root / "content/contacts/priya-nair.yaml").unlink(),
    "same size, same time": _edit_same_size_and_time,
    "config edited": lambda root: (root / "careerkit.yaml").write_text(
        (root / "careerkit.yaml").read_text().replace("2026-11-01", "2026-10-01")
    ),
    "config removed": lambda root: (root / "careerkit.yaml").unlink(),
    "page edited": lambda root: (root / "site/index.html").write_text("edited by hand"),
    "page removed": lambda root: (root / "site/report.md").unlink(),
    "file added to the site": lambda root: (root / "site/extra.txt").write_text("left here"),
    "marker rewritten": lambda root: (root / "site/.careerkit-site").write_text(
        "This folder is generated by careerkit build\ninputs: 0\n"
    ),
    "killed build's leftovers": _leave_killed_build_leftovers,
    "a package installed": _pip_install,
}


@pytest.mark.parametrize("change", list(CHANGES.values()), ids=list(CHANGES))
def test_any_change_goes_the_full_way_and_gives_the_site_a_build_without_shortcuts_gives(
    repo, capsys, tmp_path, setups, monkeypatch, change
):
    (repo.parent / "site-packages").mkdir()
    monkeypatch.setattr(sys, "path", [*sys.path, str(repo.parent / "site-packages")])
    assert build(capsys, repo)[0] == 0
    settle(repo)
    assert "is up to date" in build(capsys, repo)[1] and len(setups) == 1
    change(repo)
    code, out = build(capsys, repo)
    assert code in (0, 1) and len(setups) == 2, out
    if code == 0:
        fresh = tmp_path / "fresh"
        assert main(["build", "--root", str(repo), "--out", str(fresh), "--no-cache"]) == 0
        assert tree(repo / "site") == tree(fresh)
    assert not (repo / ".site.tmp-1234").exists()


def test_editor_leftovers_in_content_are_ignored_as_the_full_build_ignores_them(repo, capsys, setups):
    assert build(capsys, repo)[0] == 0
    (repo / "content/contacts/.priya-nair.yaml.swp").write_bytes(b"\0swap")
    (repo / "content/contacts/priya-nair.yaml~").write_text("backup")
    (repo / "content/contacts/README.md").write_text("not a record")
    assert "is up to date" in build(capsys, repo)[1] and len(setups) == 1


def test_a_touched_file_with_the_same_bytes_is_still_up_to_date_and_its_new_stat_is_kept(repo, capsys, setups):
    assert build(capsys, repo)[0] == 0
    settle(repo)
    assert "is up to date" in build(capsys, repo)[1]
    os.utime(repo / "content/contacts/priya-nair.yaml")  # now
    assert "is up to date" in build(capsys, repo)[1] and len(setups) == 1
    recorded = stamp.read_stamp(stamp_file(repo))["trees"][-1][3]["content/contacts/priya-nair.yaml"]
    assert recorded[0][1] == (repo / "content/contacts/priya-nair.yaml").stat().st_mtime_ns


def test_a_stat_taken_too_soon_after_a_change_is_not_trusted(repo, capsys, setups):
    """The racy case: a file changed again within the clock tick its stat was
    taken in keeps its stat; such an entry is judged by content instead."""
    assert build(capsys, repo)[0] == 0
    body = stamp_file(repo).read_bytes()[len(stamp.MAGIC) + stamp.CHECK:]
    made = marshal.loads(body)
    rel = "content/contacts/priya-nair.yaml"
    records = made["trees"][-1][3]
    key = records[rel][0]
    records[rel] = (key, b"\0" * 16, False)  # "recorded too soon", and the bytes differ since
    rewrite(stamp_file(repo), marshal.dumps(made))
    assert "is up to date" in build(capsys, repo)[1] and len(setups) == 2  # the full check
    records[rel] = (key, b"\0" * 16, True)  # trusted: the same stat is enough (what makes it fast)
    rewrite(stamp_file(repo), marshal.dumps(made))
    assert "is up to date" in build(capsys, repo)[1] and len(setups) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-10],
        lambda data: data[:40] + bytes([data[40] ^ 1]) + data[41:],
        lambda data: b"",
        lambda data: b"careerkit-stamp 9\n" + data[len(stamp.MAGIC):],
    ],
    ids=["truncated", "flipped bit", "empty", "other format"],
)
def test_a_damaged_stamp_is_ignored(repo, capsys, setups, damage):
    assert build(capsys, repo)[0] == 0
    path = stamp_file(repo)
    path.write_bytes(damage(path.read_bytes()))
    code, out = build(capsys, repo)
    assert code == 0 and "is up to date" in out and len(setups) == 2  # the full check said so
    assert stamp.read_stamp(path) is not None  # and left a good stamp


@pytest.mark.parametrize(
    "forged",
    [
        [1, 2, 3],
        {"options": (), "as_of": "2026-11-01", "statuses": [], "folders": [],
         "trees": [("all", "/", ".", {"x": "not an entry"})]},
        {"options": (), "as_of": 20261101, "statuses": [], "folders": [], "trees": []},
        {"options": (), "as_of": "2026-11-01", "statuses": [("pay_gaps", 1)], "folders": [], "trees": []},
    ],
    ids=["a list", "a bad entry", "a bad date", "a bad status"],
)
def test_a_well_checksummed_stamp_of_another_shape_is_ignored(repo, capsys, setups, forged):
    assert build(capsys, repo)[0] == 0
    rewrite(stamp_file(repo), marshal.dumps(forged))
    code, out = build(capsys, repo)
    assert code == 0 and "is up to date" in out and len(setups) == 2


def test_a_stamp_from_another_day_is_not_used(repo, capsys, setups, monkeypatch):
    """as_of may be "today": a stamp holds the day it was made."""
    assert build(capsys, repo)[0] == 0

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return date.today() + timedelta(days=1)

    monkeypatch.setattr(stamp, "date", Tomorrow)
    assert "is up to date" in build(capsys, repo)[1] and len(setups) == 2


def test_no_cache_neither_reads_nor_writes_the_stamp(repo, capsys, setups):
    assert build(capsys, repo, "--no-cache")[0] == 0
    assert not (repo / ".careerkit-cache").exists()
    assert build(capsys, repo)[0] == 0 and stamp_file(repo).is_file()
    # --no-cache does not read .careerkit-cache/, where the code digest of the site is kept: a full build
    assert build(capsys, repo, "--no-cache")[1].startswith("built ") and len(setups) == 3


def test_a_changed_or_added_plugin_file_goes_the_full_way(repo, capsys, setups):
    plugins = repo / "mine"
    plugins.mkdir()
    (plugins / "extra.py").write_text("X = 1\n")
    assert build(capsys, repo, "--plugins-dir", plugins)[0] == 0
    assert "is up to date" in build(capsys, repo, "--plugins-dir", plugins)[1] and len(setups) == 1
    (plugins / "more.py").write_text("Y = 1\n")
    assert build(capsys, repo, "--plugins-dir", plugins)[0] == 0 and len(setups) == 2
    (plugins / "extra.py").write_text("X = 2\n")
    assert build(capsys, repo, "--plugins-dir", plugins)[1].startswith("built ") and len(setups) == 3


def test_a_symbolic_link_in_content_means_no_shortcut(repo, capsys, setups):
    (repo / "content/contacts/alias.yaml").symlink_to(repo / "content/contacts/priya-nair.yaml")
    build(capsys, repo)
    build(capsys, repo)
    assert len(setups) == 2


def test_a_stamp_is_not_written_for_a_failed_build(repo, capsys, setups):
    (repo / "content/contacts/broken.yaml").write_text("name: [unclosed\n")
    assert build(capsys, repo)[0] == 1
    assert not stamp_file(repo).exists()


def test_a_build_with_nothing_to_do_loads_only_the_fast_path(repo):
    """The stamp decides before anything heavy is imported: not the models
    (~25 ms of dataclasses), the loader, PyYAML, Jinja2 or pluggy."""
    import subprocess
    import sys

    code = ("import sys; from careerkit.commands.cli import main; code = main(['build', '--root', sys.argv[1]]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('careerkit', 'yaml', 'jinja2', 'pluggy', 'dataclasses')))")
    settle(repo)
    first = subprocess.run([sys.executable, "-c", code, str(repo)], capture_output=True, text=True, timeout=120)
    assert "built" in first.stdout and "careerkit.records.loader" in first.stdout  # the full build, the first time
    second = subprocess.run([sys.executable, "-c", code, str(repo)], capture_output=True, text=True, timeout=120)
    assert "is up to date" in second.stdout, second.stdout + second.stderr
    loaded = second.stdout.splitlines()[-1]
    assert loaded == str(["careerkit", "careerkit.commands", "careerkit.commands.arguments", "careerkit.commands.cli",
                          "careerkit.commands.core", "careerkit.errors", "careerkit.incremental",
                          "careerkit.incremental.fingerprint", "careerkit.incremental.stamp", "careerkit.pipeline"])
