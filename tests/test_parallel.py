"""Reading records with a second process gives exactly what reading them in
one process gives: the same records, the same problems, the same site."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import make_repo

from careerkit.commands.cli import main
from careerkit.pipeline.build import load

REPO = Path(__file__).resolve().parent.parent


def loaded_with(monkeypatch, root: Path, jobs: str):
    monkeypatch.setenv("CAREERKIT_JOBS", jobs)
    loaded = load(root)
    return loaded.records, [str(p) for p in loaded.problems]


def test_the_example_reads_the_same_with_two_processes(monkeypatch):
    from careerkit.records import loader

    used = []
    real = loader._load_in_parallel
    monkeypatch.setattr(loader, "_load_in_parallel", lambda job: used.append(real(job)) or used[-1])
    two = loaded_with(monkeypatch, REPO, "2")
    assert used and used[-1] is not None, "the second process was not used"
    one = loaded_with(monkeypatch, REPO, "1")
    assert used[-1] is None
    assert two == one


def test_problems_in_both_halves_are_all_reported_the_same_way(monkeypatch, tmp_path):
    files = {f"content/contacts/c{i:02}.yaml": f"name: C {i}\nroles: [recruter]\n" for i in range(10)}
    files["content/opportunities/o.yaml"] = "company: A\nrole: B\ncontact: c99\nstages: [{stage: lead, date: 2024-01-01}]\n"
    files["content/contacts/c05.yaml"] = "name: C 5\nname: again\n"
    root = make_repo(tmp_path, files)
    two = loaded_with(monkeypatch, root, "2")
    assert two == loaded_with(monkeypatch, root, "1")
    assert len(two[1]) == 11  # 9 bad roles, a duplicate key, a dangling contact


def test_the_site_is_byte_identical_with_one_or_two_processes(monkeypatch, tmp_path):
    repo = tmp_path / "career"
    shutil.copytree(REPO / "content", repo / "content")
    shutil.copy(REPO / "careerkit.yaml", repo / "careerkit.yaml")
    sites = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("CAREERKIT_JOBS", jobs)
        out = tmp_path / f"site-{jobs}"
        assert main(["build", "--root", str(repo), "--out", str(out)]) == 0
        sites[jobs] = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert sites["1"] == sites["2"]
