"""The benchmark harness is correct (no timings are asserted): the
generator writes valid, deterministic repositories in both layouts, and the
runner's floor, phases and report work on them."""

from __future__ import annotations

import copy
import dataclasses
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from careerkit.commands.cli import main as careerkit_main
from careerkit.pipeline.build import load

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"careerkit_bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _module("generate")
runner = _module("run")
hugo = _module("hugo")
peer_cli = _module("peer")
HUGO = hugo.command()
needs_hugo = pytest.mark.skipif(HUGO is None, reason="hugo is not installed (make bench-deps)")

SMALL = 50


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def repos(tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    base = tmp_path_factory.mktemp("bench")
    return {layout: (base / layout, generate.generate(base / layout, SMALL, layout, seed=7)) for layout in generate.LAYOUTS}


@pytest.mark.parametrize("layout", generate.LAYOUTS)
def test_generated_repository_passes_check(repos, layout, capsys):
    root, manifest = repos[layout]
    assert careerkit_main(["check", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert f"ok: {manifest['record_count']} records, no errors" in out
    tenth = SMALL // 10
    assert manifest["records"] == {"contacts": SMALL, "opportunities": tenth, "compensation": tenth, "benchmarks": 3}


def test_layouts_hold_the_same_records(repos):
    split, bundled = (load(repos[layout][0]) for layout in ("split", "bundled"))
    assert not split.problems and not bundled.problems
    assert split.records.counts() == bundled.records.counts()
    for kind in ("contacts", "opportunities", "compensation", "benchmarks"):
        strip = lambda r: dataclasses.replace(r, location=None)  # noqa: E731
        assert [strip(r) for r in getattr(split.records, kind)] == [strip(r) for r in getattr(bundled.records, kind)]
    assert repos["split"][1]["files"] == split.records.counts()["contacts"] + 2 * (SMALL // 10) + 3
    assert repos["bundled"][1]["files"] == 4


def test_generated_content_is_realistic(repos):
    records = load(repos["split"][0]).records
    counts = [len(c.interactions) for c in records.contacts]
    assert min(counts) >= 0 and max(counts) <= 10 and len(set(counts)) > 3
    assert all(c.notes for c in records.contacts)
    assert any("\n- " in c.notes for c in records.contacts)  # some notes hold a list
    assert any(o.contact for o in records.opportunities)
    contact_ids = {c.id for c in records.contacts}
    assert all(o.contact in contact_ids for o in records.opportunities if o.contact)


def test_generator_is_deterministic(tmp_path):
    first = generate.generate(tmp_path / "a", SMALL, "split", seed=3)
    second = generate.generate(tmp_path / "b", SMALL, "split", seed=3)
    assert first == second
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    generate.generate(tmp_path / "c", SMALL, "split", seed=4)
    assert tree(tmp_path / "a") != tree(tmp_path / "c")


def test_bundled_files_are_chunked(tmp_path, capsys):
    manifest = generate.generate(tmp_path / "r", 120, "bundled", seed=1, chunk=50)
    names = sorted(p.name for p in (tmp_path / "r/content/contacts").iterdir())
    assert names == ["contacts-001.yaml", "contacts-002.yaml", "contacts-003.yaml"]
    assert manifest["files"] == 3 + 1 + 1 + 1
    assert careerkit_main(["check", "--root", str(tmp_path / "r")]) == 0


def test_regenerating_replaces_content(tmp_path):
    generate.generate(tmp_path / "r", 60, "split", seed=1)
    generate.generate(tmp_path / "r", 20, "bundled", seed=1)
    assert load(tmp_path / "r").records.counts()["contacts"] == 20


def test_generator_refuses_an_unknown_layout(tmp_path):
    with pytest.raises(ValueError, match="layout must be one of split, bundled"):
        generate.generate(tmp_path / "r", 10, "zipped")


def test_generator_command_line(tmp_path, capsys):
    assert generate.main([str(tmp_path / "r"), "--contacts", "20", "--layout", "bundled"]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'r'}: 27 records in 4 files\n"


@pytest.mark.parametrize("layout", generate.LAYOUTS)
def test_touched_file_stays_valid_and_changes_a_note(tmp_path, layout, capsys):
    manifest = generate.generate(tmp_path / layout, 30, layout, seed=2)
    touch = manifest["touch"]
    path = tmp_path / layout / touch["path"]
    path.write_bytes(path.read_bytes() + touch["append"].format(n=5).encode())
    records = load(tmp_path / layout).records
    assert any(c.notes.endswith("Edited by the benchmark (5).\n") for c in records.contacts)
    assert careerkit_main(["check", "--root", str(tmp_path / layout)]) == 0


@pytest.mark.parametrize("layout", generate.LAYOUTS)
def test_phases_run_the_whole_build(repos, layout, tmp_path):
    root, manifest = repos[layout]
    times = runner.phases(root, tmp_path / "site")
    assert set(runner.PHASES) <= set(times)
    assert all(times[p] >= 0 for p in runner.PHASES)
    assert times["records"] == manifest["record_count"]
    assert times["files"] == manifest["files"]
    assert (tmp_path / "site/index.html").is_file()
    assert (tmp_path / "site/contacts.html").is_file()


def test_phases_refuse_invalid_content(tmp_path):
    root = tmp_path / "r"
    generate.generate(root, 20, "split", seed=1)
    (root / "content/contacts/broken.yaml").write_text("name: [unclosed\n")
    with pytest.raises(RuntimeError, match=r"the repository has 1 problems, e\.g\. content/contacts/broken\.yaml:2:1"):
        runner.phases(root, tmp_path / "site")


def test_floor_reads_parses_and_renders_every_note(repos):
    root, manifest = repos["split"]
    result = runner.floor(str(root))
    records = load(root).records
    notes = sum(1 for c in records.contacts if c.notes) + sum(1 for c in records.contacts for i in c.interactions if i.note)
    notes += sum(1 for o in records.opportunities if o.notes)
    notes += sum(1 for o in records.opportunities for s in o.stages if s.note)
    notes += sum(1 for c in records.compensation if c.note)
    assert result["notes"] == notes
    assert result["files"] == manifest["files"]
    assert result["html_bytes"] > result["notes"] * 10
    assert runner.floor(str(repos["bundled"][0]))["notes"] == notes


def test_dataset_is_generated_once(tmp_path):
    root, manifest = runner.dataset(20, "split", 1, 2000, str(tmp_path))
    stamp = Path(root, ".stamp").stat().st_mtime_ns
    marker = Path(root, "content/contacts/marker.txt")
    marker.write_text("kept")
    again, same = runner.dataset(20, "split", 1, 2000, str(tmp_path))
    assert (again, same) == (root, manifest) and marker.exists() and Path(root, ".stamp").stat().st_mtime_ns == stamp
    runner.dataset(20, "split", 2, 2000, str(tmp_path))  # another seed: regenerated
    assert not marker.exists()


def test_runner_prints_the_tables(tmp_path, capsys):
    """The whole runner at a tiny size, one repetition (processes: a few seconds)."""
    args = ["--sizes", "20", "--layouts", "split", "--reps", "1", "--no-startup"]
    code = runner.main([*args, "--data", str(tmp_path), "--json", str(tmp_path / "r.json")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "| size | layout | records | files | MB | build s | floor s | build/floor |" in out
    assert "| 20 | split | 27 | 27 |" in out
    assert "| 20 | split | import |" not in out and "| 20 | split | 57 |" in out  # the floor table: 57 notes
    if HUGO:  # the peer's table: 20 contacts, 55 of the 57 notes are contacts' (the others: pay and opportunities)
        assert "| size | layout | contacts | notes | careerkit cold s | Hugo cold s | careerkit/Hugo |" in out
        assert "| 20 | split | 20 | 55 |" in out
    else:
        assert hugo.MISSING in out
    data = json.loads((tmp_path / "r.json").read_text())
    result = data["results"][0]
    assert result["ratio"] > 0 and result["cpu_ratio"] > 0 and result["peak_mb"] > 0 and result["one_file"] > 0
    assert set(result["phases"]) >= set(runner.PHASES)
    assert not (tmp_path / "split-20/site").exists()  # cleaned up
    generate.generate(tmp_path / "fresh", 20, "split", seed=42)
    assert tree(tmp_path / "split-20" / "content") == tree(tmp_path / "fresh" / "content")  # the touched file was restored

    # the growth table compares µs per record between the smallest and largest size
    larger = copy.deepcopy(result)
    larger["manifest"].update(contacts=40, record_count=54)
    larger["build"] *= 4  # twice the records in four times the time: quadratic
    table = runner.report([result, larger], None)
    assert "| split | 20 → 40 | 2.00 |" in table


def test_runner_reports_a_failing_build(tmp_path, capsys):
    root, _ = runner.dataset(20, "split", 42, 2000, str(tmp_path))
    Path(root, "content/contacts/broken.yaml").write_text("name: [unclosed\n")
    code = runner.main(["--sizes", "20", "--layouts", "split", "--reps", "1", "--no-startup", "--data", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "benchmark failed: careerkit build exited 1: content/contacts/broken.yaml:2:1:" in err
    assert "Traceback" not in err


def test_profile_prints_the_top_entries(repos, capsys):
    runner.profile(str(repos["split"][0]), top=5)
    out = capsys.readouterr().out
    assert "Ordered by: cumulative time" in out and "function calls" in out
    assert not (repos["split"][0] / "site").exists()


# --- the Hugo peer ----------------------------------------------------------------------


def test_hugo_site_reads_the_career_contacts(tmp_path):
    root = tmp_path / "split-5"
    generate.generate(root, 5, "split", seed=1)
    site = Path(hugo.write_site(str(root), "2026-11-01"))
    assert site == tmp_path / "hugo-split-5"  # beside the career, not in it
    config = (site / "hugo.toml").read_text()
    assert f'source = "{root / "content" / "contacts"}"\ntarget = "data"' in config
    assert 'as_of = "2026-11-01"' in config
    assert "markdownify" in (site / "layouts/index.html").read_text()
    assert not (root / "content" / "hugo.toml").exists()


@needs_hugo
@pytest.mark.parametrize("layout", generate.LAYOUTS)
def test_hugo_peer_lists_every_contact_with_its_notes(tmp_path, layout):
    """Hugo builds the page from the same files: every contact, every note
    through Markdown, touches counted up to as_of."""
    root = tmp_path / layout
    manifest = generate.generate(root, 12, layout, seed=5)
    zed = (
        "name: Zed Extra\n"
        "company: Acme\n"
        "interactions:\n"
        "  - {date: 2026-10-01, kind: call, note: 'Asked about *queues*.'}\n"
        "  - {date: 2026-12-01, kind: call}\n"
        "notes: 'Met at **the meetup**.'\n"
    )
    if layout == "bundled":  # a list of one, with its id
        zed = "- id: zed-extra\n" + "".join("  " + line for line in zed.splitlines(keepends=True))
    (root / "content/contacts/zed-extra.yaml").write_text(zed)
    before = tree(root)
    manifest["records"]["contacts"] += 1
    loaded = load(root)
    assert not loaded.problems
    records = loaded.records
    notes = sum(1 for c in records.contacts if c.notes) + sum(1 for c in records.contacts for i in c.interactions if i.note)
    peer = hugo.Peer(HUGO, str(root), manifest, runner.run, runner.checked)
    first = peer.cold()
    assert first["rc"] == 0 and first["wall"] > 0
    page = (Path(peer.site) / "public/index.html").read_text()
    # Zed: two interactions, one after as_of (2026-11-01): 1 touch, last 2026-10-01
    assert "<tr><td>Zed Extra</td><td>Acme</td><td></td><td></td>\n<td>2026-10-01</td><td>1</td>" in page
    assert "Met at <strong>the meetup</strong>." in page and "<div>Asked about <em>queues</em>.</div>" in page
    assert hugo.counts(peer.site) == (13, notes)  # 12 generated + Zed; every contact and interaction note
    result = peer.finish(reps=1)
    assert (result["contacts"], result["notes"]) == (13, notes)
    assert result["build"] == first["wall"] and result["warm"] > 0 and result["peak_mb"] > 0
    assert result["version"].startswith("hugo v")
    assert not (Path(peer.site) / "public").exists()  # cleaned up
    assert tree(root) == before  # Hugo wrote nothing into the career


@needs_hugo
def test_hugo_peer_refuses_a_page_missing_contacts(tmp_path):
    root = tmp_path / "split"
    manifest = generate.generate(root, 6, "split", seed=5)
    manifest["records"]["contacts"] = 7
    peer = hugo.Peer(HUGO, str(root), manifest, runner.run, runner.checked)
    with pytest.raises(ValueError, match="Hugo listed 6 contacts, the career has 7"):
        peer.finish(reps=1)


def test_runner_skips_hugo_with_one_message(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "hugo", hugo)  # the module run.py imports from benchmarks/
    monkeypatch.setattr(hugo, "command", lambda: None)
    code = runner.main(["--sizes", "20", "--layouts", "split", "--reps", "1", "--no-startup", "--data", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.err.count(hugo.MISSING) == 1 and captured.out.count(hugo.MISSING) == 1
    assert "careerkit/Hugo" not in captured.out
    assert not (tmp_path / "hugo-split-20").exists()


@needs_hugo
def test_side_by_side_times_both_cold_builds(tmp_path, capsys):
    root = tmp_path / "split-8"
    generate.generate(root, 8, "split", seed=3)
    assert peer_cli.main([str(root), "--careerkit", "--reps", "2"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["contacts"] == 8 and set(result["careerkit"]) == set(result["hugo"]) == {"wall", "min", "cpu"}
    assert result["ratio"] == result["careerkit"]["wall"] / result["hugo"]["wall"]  # careerkit over Hugo
    assert result["careerkit"]["min"] <= result["careerkit"]["wall"] and result["hugo"]["min"] <= result["hugo"]["wall"]
    assert not (root / "site").exists() and not (tmp_path / "hugo-split-8" / "public").exists()  # both cleaned up


def test_hugo_command_line_without_hugo(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(peer_cli.hugo, "command", lambda: None)
    assert peer_cli.main([str(tmp_path)]) == 0
    assert capsys.readouterr().err == hugo.MISSING + "\n"
