"""The record cache (.careerkit-cache/): it only ever saves work.  Whatever
state it is in — fresh, stale, corrupted, forged, from another context — the
output is exactly what a build without it gives."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import CONFIG, EXAMPLE, make_repo

from careerkit.incremental import cache as cache_module
from careerkit.incremental.cache import FOLDER, MAGIC, Cache
from careerkit.records import loader

JANE = "name: Jane Doe\ncompany: Acme\nroles: [recruiter]\ninteractions:\n  - {date: 2026-10-01, kind: call}\n"
OPP = "company: Acme\nrole: Engineer\nsource: recruiter\ncontact: jane-doe\nstages:\n  - {stage: applied, date: 2026-09-01}\n"


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".careerkit-site"}


def repo(tmp_path: Path, extra: dict | None = None) -> Path:
    files = {"careerkit.yaml": CONFIG, "content/contacts/jane-doe.yaml": JANE, "content/opportunities/acme.yaml": OPP}
    return make_repo(tmp_path, {**files, **(extra or {})})


def build(run_cli, root: Path, out: Path, *more) -> tuple[int, str, str]:
    return run_cli(["build", "--root", root, "--out", out, *more])


def reference(run_cli, root: Path, tmp_path: Path, name: str = "reference") -> dict[str, bytes]:
    """The site a build without the cache makes."""
    out = tmp_path / name
    code, _, err = build(run_cli, root, out, "--no-cache")
    assert code == 0, err
    return site_files(out)


def cache_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / FOLDER).rglob("*") if p.is_file())


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The files the loader actually parses (not taken from the cache)."""
    seen: list[str] = []
    real = loader._load_file

    def spy(job, rel, path, raw):
        seen.append(rel)
        return real(job, rel, path, raw)

    monkeypatch.setattr(loader, "_load_file", spy)
    monkeypatch.setenv("CAREERKIT_JOBS", "1")
    return seen


def test_the_example_builds_the_same_with_and_without_the_cache(tmp_path, run_cli):
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE / "content", root / "content")
    shutil.copy(EXAMPLE / "careerkit.yaml", root / "careerkit.yaml")
    expected = reference(run_cli, root, tmp_path)
    assert not (root / FOLDER).exists()  # --no-cache writes no cache
    for _attempt in range(2):  # filling the cache, then reading it
        shutil.rmtree(tmp_path / "site", ignore_errors=True)
        assert build(run_cli, root, tmp_path / "site")[0] == 0
        assert site_files(tmp_path / "site") == expected
    assert (root / FOLDER / ".gitignore").read_text().endswith("*\n")
    assert (root / FOLDER / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_only_changed_files_are_parsed_again(tmp_path, run_cli, parsed):
    root = repo(tmp_path, {"content/contacts/sam.yaml": "name: Sam\n"})
    assert run_cli(["check", "--root", root])[0] == 0
    assert sorted(parsed) == ["content/contacts/jane-doe.yaml", "content/contacts/sam.yaml", "content/opportunities/acme.yaml"]
    parsed.clear()
    assert run_cli(["check", "--root", root])[0] == 0
    assert parsed == []
    (root / "content/contacts/sam.yaml").write_text("name: Sam Smith\n")
    code, out, _ = run_cli(["check", "--root", root, "--format", "json"])
    assert code == 0 and parsed == ["content/contacts/sam.yaml"]
    # the edit is seen, whatever the cache held
    parsed.clear()
    build(run_cli, root, tmp_path / "site")
    assert parsed == [] and "Sam Smith" in (tmp_path / "site/contacts.html").read_text()


def test_the_same_bytes_under_a_new_stat_are_not_parsed_again(tmp_path, run_cli, parsed):
    root = repo(tmp_path)
    run_cli(["check", "--root", root])
    parsed.clear()
    path = root / "content/contacts/jane-doe.yaml"
    path.write_bytes(path.read_bytes())  # a new mtime and ctime, the same content
    assert run_cli(["check", "--root", root])[0] == 0
    assert parsed == []


def test_a_file_changed_within_the_same_clock_tick_is_still_seen(tmp_path, run_cli, parsed, monkeypatch):
    """The racy case: a second write that keeps the size and (here, forced)
    the same stat.  A digest recorded soon after the file changed is not
    trusted on its stat, so the file is hashed again."""
    root = repo(tmp_path)
    path = root / "content/contacts/jane-doe.yaml"
    run_cli(["check", "--root", root])
    real_stat = os.stat
    frozen = real_stat(path)

    class Same:  # every later stat of the file looks like the first one
        def __init__(self, info):
            self.st_mode, self.st_size = info.st_mode, info.st_size
            self.st_mtime_ns, self.st_ctime_ns = frozen.st_mtime_ns, frozen.st_ctime_ns
            self.st_ino, self.st_dev = frozen.st_ino, frozen.st_dev

    def fake_stat(p, *a, **k):
        return Same(real_stat(p, *a, **k)) if str(p) == str(path) else real_stat(p, *a, **k)

    monkeypatch.setattr(cache_module.os, "stat", fake_stat)
    path.write_text(JANE.replace("Jane Doe", "Jana Doe"))  # same length
    parsed.clear()
    code, out, _ = build(run_cli, root, tmp_path / "site")
    assert code == 0 and parsed == ["content/contacts/jane-doe.yaml"]
    assert "Jana Doe" in (tmp_path / "site/contacts.html").read_text()


def test_a_deleted_file_leaves_the_output_and_the_cache(tmp_path, run_cli):
    root = repo(tmp_path, {"content/contacts/sam.yaml": "name: Sam Smith\n"})
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    (root / "content/contacts/sam.yaml").unlink()
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert "Sam Smith" not in (tmp_path / "site/contacts.html").read_text()
    assert site_files(tmp_path / "site") == reference(run_cli, root, tmp_path)
    assert not any(b"Sam Smith" in p.read_bytes() or b"sam.yaml" in p.read_bytes()
                   for p in cache_files(root) if p.name.startswith("shard"))


def test_problems_come_back_from_the_cache_unchanged(tmp_path, run_cli, parsed):
    root = repo(tmp_path, {"content/contacts/bad.yaml": "name: Bad\ncompnay: Typo\n"})
    first = run_cli(["check", "--root", root])
    parsed.clear()
    second = run_cli(["check", "--root", root])
    assert parsed == [] and first == second
    assert first[0] == 1
    assert "content/contacts/bad.yaml:2:1: error: unknown key 'compnay' (did you mean 'company'?)" in first[1]


def test_a_reference_to_a_cached_invalid_record_is_still_not_dangling(tmp_path, run_cli):
    """The cross checks see the invalid records of cached files too."""
    root = repo(tmp_path, {"content/contacts/jane-doe.yaml": JANE + "compnay: Typo\n"})
    first = run_cli(["check", "--root", root])
    assert first == run_cli(["check", "--root", root])
    assert "unknown key 'compnay'" in first[1] and "jane-doe" not in first[1].replace("jane-doe.yaml", "")


def test_a_change_of_fx_or_hours_makes_a_new_context(tmp_path, run_cli, parsed):
    pay = "date: 2020-01-01\nemployer: Acme\nbase: 50\nperiod: hour\nreason: hire\n"
    root = repo(tmp_path, {"content/compensation/acme.yaml": pay})
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    before = [p.name for p in (root / FOLDER).iterdir() if p.name.startswith("records-")]
    (root / "careerkit.yaml").write_text(CONFIG + "hours_per_year: 1000\n")
    parsed.clear()
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert len(parsed) == 3  # every file again: the money of every record may differ
    after = [p.name for p in (root / FOLDER).iterdir() if p.name.startswith("records-")]
    assert len(before) == len(after) == 1 and before != after  # the old context is dropped
    assert site_files(tmp_path / "site") == reference(run_cli, root, tmp_path)
    report = json.loads((tmp_path / "site/report.json").read_text())
    assert report["analyzers"]["pay_gaps"]["metrics"]["current_annual_base"]["value"] == 50 * 1000  # 50/h × 1,000 h


def test_one_process_two_processes_and_the_cache_agree(tmp_path, run_cli, monkeypatch):
    files = {f"content/contacts/person-{n:02d}.yaml": f"name: Person {n}\ncompany: Co {n % 3}\n" for n in range(40)}
    root = repo(tmp_path, files)
    expected = reference(run_cli, root, tmp_path)
    monkeypatch.setenv("CAREERKIT_JOBS", "2")  # the forked second process, even for 42 files
    for _attempt in range(2):
        shutil.rmtree(tmp_path / "site", ignore_errors=True)
        assert build(run_cli, root, tmp_path / "site")[0] == 0
        assert site_files(tmp_path / "site") == expected


# --- a damaged, stale or forged cache -----------------------------------------------


def corruptions():
    """(name, how) — each ``how(path)`` damages one cache file."""

    def flip(path):
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x40
        path.write_bytes(bytes(data))

    return [
        ("a flipped bit", flip),
        ("truncated", lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2])),
        ("empty", lambda p: p.write_bytes(b"")),
        ("garbage", lambda p: p.write_bytes(os.urandom(300))),
        ("only the magic", lambda p: p.write_bytes(MAGIC)),
        ("a folder", lambda p: (p.unlink(), p.mkdir())),
        ("unreadable", lambda p: p.chmod(0)),
    ]


@pytest.mark.parametrize("name,damage", corruptions(), ids=[c[0] for c in corruptions()])
def test_a_damaged_cache_never_changes_the_output(tmp_path, run_cli, name, damage):
    root = repo(tmp_path, {"content/contacts/sam.yaml": "name: Sam Smith\n"})
    expected = reference(run_cli, root, tmp_path)
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    for path in cache_files(root):
        if path.parent.name.startswith("records-"):
            damage(path)
    (root / "content/contacts/sam.yaml").write_text("name: Sam Smyth\n")  # so the build is not skipped
    code, _, err = build(run_cli, root, tmp_path / "site")
    assert code == 0, err
    expected_now = reference(run_cli, root, tmp_path, "reference-2")
    assert site_files(tmp_path / "site") == expected_now != expected
    assert run_cli(["check", "--root", root])[0] == 0


def test_a_cache_that_cannot_be_written_is_not_an_error(tmp_path, run_cli):
    root = repo(tmp_path)
    (root / FOLDER).write_text("not a folder")
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert (root / FOLDER).read_text() == "not a folder"
    (root / FOLDER).unlink()
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    context = next((root / FOLDER).glob("records-*"))  # where this context's files go
    shutil.rmtree(context)
    context.write_text("in the way")  # (root can write anywhere: a file makes the folder impossible)
    (root / "content/contacts/sam.yaml").write_text("name: Sam\n")
    code, _, err = build(run_cli, root, tmp_path / "site2")
    assert code == 0 and err == ""
    assert context.read_text() == "in the way"
    assert site_files(tmp_path / "site2") == reference(run_cli, root, tmp_path)


def test_a_cache_folder_that_is_a_symlink_is_neither_read_nor_written(tmp_path, run_cli):
    root = repo(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / FOLDER).symlink_to(elsewhere)
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert list(elsewhere.iterdir()) == []


def forge(path: Path, payload: bytes) -> None:
    """Write a cache file with a valid checksum around ``payload``."""
    import zlib

    body = zlib.compress(payload)
    path.write_bytes(MAGIC + hashlib.blake2b(body, digest_size=16).digest() + body)


class Boom:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


def test_a_forged_cache_cannot_run_code(tmp_path, run_cli, monkeypatch):
    """A shard with a valid checksum whose pickle calls os.system: the
    restricted unpickler refuses the class, the shard is ignored."""
    root = repo(tmp_path)
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    shards = [p for p in cache_files(root) if p.name.startswith("shard-")]
    for shard in shards:
        forge(shard, pickle.dumps({"content/contacts/jane-doe.yaml": (b"x" * 16, Boom())}))
    (root / "content/contacts/jane-doe.yaml").write_text(JANE.replace("Acme", "Acme Corp"))
    monkeypatch.chdir(tmp_path)
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert not (tmp_path / "pwned").exists() and not (root / "pwned").exists()
    assert site_files(tmp_path / "site") == reference(run_cli, root, tmp_path)


def test_an_entry_for_other_bytes_is_not_used(tmp_path, run_cli):
    """A forged entry under the right path but another digest is ignored:
    entries are used only for the exact bytes they were made from."""
    root = repo(tmp_path)
    assert run_cli(["check", "--root", root])[0] == 0
    from careerkit.pipeline.build import open_cache, setup

    made = open_cache(setup(root), root)
    scanned = loader.scan(root, made)
    state = next(s for s in scanned.states if s.rel.endswith("jane-doe.yaml"))
    good = made.result(state)
    assert good is not None
    fake = ([("contacts", good[0][0][1].__class__(id="jane-doe", name="Forged"), None)], [], [])
    made.shards[cache_module.shard_of(state.rel)][state.rel] = (b"\0" * 16, fake)
    made.dirty.add(cache_module.shard_of(state.rel))
    made.save([s.rel for s in scanned.states])
    code, out, _ = run_cli(["check", "--root", root, "--format", "json"])
    assert code == 0
    build(run_cli, root, tmp_path / "site")
    assert "Forged" not in (tmp_path / "site/contacts.html").read_text()


def test_records_of_a_plugin_kind_round_trip(tmp_path):
    """A generic record (frozen mappings, tuples, dates) comes back equal."""
    from datetime import date
    from types import MappingProxyType

    from careerkit.models import Location, Record

    data = MappingProxyType({"when": date(2026, 1, 2), "tags": ("a", "b"), "inner": MappingProxyType({"x": 1.5})})
    record = Record("notes", "n1", data, Location("content/notes/n1.yaml", 1, 1))
    made = Cache(tmp_path, "test")
    state = cache_module.FileState("content/notes/n1.yaml", str(tmp_path / "n1.yaml"), (1, 2, 3, 4, 5), b"d" * 16)
    made.store(state, ([("notes", record, None)], [], []))
    made.save([state.rel])
    again = Cache(tmp_path, "test").result(state)
    assert again == ([("notes", record, None)], [], [])
    assert isinstance(again[0][0][1].data, MappingProxyType)


def test_the_unpickler_refuses_anything_but_record_types():
    allowed = cache_module._Allowed({}, frozenset({"careerkit.models"}))
    for payload in (pickle.dumps(Boom()), pickle.dumps(io.BytesIO), pickle.dumps(os.getcwd)):
        with pytest.raises(pickle.UnpicklingError):
            cache_module._Unpickler(io.BytesIO(payload), allowed).load()
    # a module's function, even in an allowed module, is not a class
    with pytest.raises(pickle.UnpicklingError):
        allowed[("careerkit.models", "worst")]


# --- analyses kept between builds (careerkit.incremental.memo) -------------------------------------

BENCHMARK = "date: 2026-05-20\nsource: A survey\nrole: Engineers\np25: 90000\np50: 110000\np75: 130000\n"
PAY = "- {id: hire, date: 2020-01-01, employer: Acme, base: 100000, reason: hire}\n"


@pytest.fixture
def ran(monkeypatch) -> list[str]:
    """The analyzers that actually run (by plugin module)."""
    from careerkit.pipeline import analyze

    names: list[str] = []
    real = analyze._call_with_time_limit

    def spy(function, arguments, limit):
        names.append(function.__module__.rsplit(".", 1)[-1])
        return real(function, arguments, limit)

    monkeypatch.setattr(analyze, "_call_with_time_limit", spy)
    return names


def test_an_analyzer_runs_again_only_when_what_it_read_changed(tmp_path, run_cli, ran):
    root = repo(tmp_path, {"content/compensation/history.yaml": PAY})
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert sorted(ran) == ["market_cadence", "network_health", "pay_gaps"]
    ran.clear()
    (root / "content/contacts/jane-doe.yaml").write_text(JANE + "title: Lead recruiter\n")
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert ran == ["network_health"]  # the only analyzer that reads contacts
    assert site_files(tmp_path / "site") == reference(run_cli, root, tmp_path)
    ran.clear()
    (root / "content/benchmarks").mkdir()
    (root / "content/benchmarks/survey.yaml").write_text(BENCHMARK)
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert ran == ["pay_gaps"]  # the only analyzer that reads benchmarks
    assert site_files(tmp_path / "site") == reference(run_cli, root, tmp_path, "reference-2")
    ran.clear()
    (root / "content/opportunities/acme.yaml").write_text(OPP.replace("Engineer", "Staff Engineer"))
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert sorted(ran) == ["market_cadence", "network_health", "pay_gaps"]


@pytest.mark.parametrize("change", [
    ("careerkit.yaml", CONFIG + "market_cadence: {target_days: 365}\n"),  # a setting
    ("--as-of", "2026-10-15"),  # the report date
    ("careerkit.yaml", CONFIG + "title: Another title\n"),  # anything in the configuration
])
def test_every_analyzer_runs_again_when_the_configuration_or_date_changes(tmp_path, run_cli, ran, change):
    root = repo(tmp_path, {"content/compensation/history.yaml": PAY})
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    ran.clear()
    where, value = change
    more = [where, value] if where.startswith("--") else []
    if not more:
        (root / where).write_text(value)
    assert build(run_cli, root, tmp_path / "site", *more)[0] == 0
    assert sorted(ran) == ["market_cadence", "network_health", "pay_gaps"]
    expected = tmp_path / "expected"
    assert build(run_cli, root, expected, "--no-cache", *more)[0] == 0
    assert site_files(tmp_path / "site") == site_files(expected)


def test_a_plugin_that_reads_every_kind_runs_again_on_any_change(tmp_path, run_cli, ran):
    plugin = (
        "from careerkit import Analysis, hookimpl\n"
        "@hookimpl\n"
        "def careerkit_analyze(records):\n"
        "    total = sum(len(items) for kind, items in records.by_kind.items())\n"
        "    return Analysis(name='everything', title='Everything', status='ok', metrics={}, "
        "summary=f'{total} records', methodology='counted')\n"
    )
    root = repo(tmp_path, {"plugins/everything.py": plugin, "content/compensation/history.yaml": PAY})
    (root / "careerkit.yaml").write_text(CONFIG + "plugins_dir: plugins\n")
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    ran.clear()
    (root / "content/benchmarks").mkdir()
    (root / "content/benchmarks/survey.yaml").write_text(BENCHMARK)
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert sorted(ran) == ["everything", "pay_gaps"]
    assert "4 records" in (tmp_path / "site/index.html").read_text()


def test_a_changed_plugin_runs_again(tmp_path, run_cli, ran):
    plugin = (
        "from careerkit import Analysis, hookimpl\n"
        "@hookimpl\n"
        "def careerkit_analyze(records):\n"
        "    return Analysis(name='mine', title='Mine', status='ok', metrics={{}}, summary='{}', methodology='none')\n"
    )
    root = repo(tmp_path, {"plugins/mine.py": plugin.format("first")})
    (root / "careerkit.yaml").write_text(CONFIG + "plugins_dir: plugins\n")
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    (root / "plugins/mine.py").write_text(plugin.format("second"))
    ran.clear()
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert ran == ["mine"] and "second" in (tmp_path / "site/index.html").read_text()


def test_damaged_kept_analyses_are_run_again(tmp_path, run_cli, ran):
    root = repo(tmp_path, {"content/compensation/history.yaml": PAY})
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    kept = [p for p in cache_files(root) if p.name.startswith("analysis-")]
    assert len(kept) == 3
    for path, damage in zip(kept, [c[1] for c in corruptions()], strict=False):
        damage(path)
    (root / "content/contacts/jane-doe.yaml").write_text(JANE + "title: Lead recruiter\n")
    ran.clear()
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert sorted(ran) == ["market_cadence", "network_health", "pay_gaps"]
    assert site_files(tmp_path / "site") == reference(run_cli, root, tmp_path)


def test_seen_notes_each_kind_looked_up():
    from careerkit.incremental.memo import ALL, watched
    from careerkit.models import Records

    records = Records.of(contacts=[1], benchmarks=[2])
    seen: set = set()
    mine = watched(records, seen)
    assert mine.contacts == (1,) and mine.get("opportunities") == ()
    assert seen == {"contacts", "opportunities"}
    assert mine.counts() == {"benchmarks": 1, "contacts": 1}
    assert ALL in seen


def test_a_first_build_writes_its_cache_in_a_second_process(tmp_path, run_cli, parsed, monkeypatch):
    """Many changed shards are written by a forked process while the site
    is made; the build waits for it, so the cache is complete on exit."""
    files = {f"content/contacts/person-{n:03d}.yaml": f"name: Person {n}\n" for n in range(400)}
    root = repo(tmp_path, files)
    forks = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(cache_module.os, "fork", fork)
    monkeypatch.delenv("CAREERKIT_JOBS")
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert len(forks) == 1
    rels = [*files, "content/contacts/jane-doe.yaml", "content/opportunities/acme.yaml"]
    shards = {cache_module.shard_of(rel) for rel in rels}
    assert sorted(p.name for p in cache_files(root) if p.name.startswith("shard-")) == sorted(f"shard-{n:03d}" for n in shards)
    parsed.clear()
    (root / "content/contacts/person-000.yaml").write_text("name: Person Zero\n")
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    assert parsed == ["content/contacts/person-000.yaml"] and len(forks) == 1  # one shard: written in-process
    assert site_files(tmp_path / "site") == reference(run_cli, root, tmp_path)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux /proc")
def test_reading_many_files_does_not_use_a_memory_mapping_each(tmp_path):
    """Regression: reading each file into a 5 MiB buffer that was then
    shrunk left one memory mapping per kept file; at 100,000 files the
    process ran out of mappings (vm.max_map_count) and crashed."""
    folder = tmp_path / "content" / "contacts"
    folder.mkdir(parents=True)
    files = []
    for n in range(3000):
        path = folder / f"p{n}.yaml"
        path.write_text(f"name: Person {n}\nnotes: {'x' * 600}\n")
        files.append((f"content/contacts/p{n}.yaml", str(path)))
    before = len(Path("/proc/self/maps").read_text().splitlines())
    states = cache_module.file_states(files, {}, 5 * 1024 * 1024)
    after = len(Path("/proc/self/maps").read_text().splitlines())
    assert all(state.raw for state in states)
    assert after - before < 300


def checksummed(path: Path, body: bytes) -> None:
    """Write a cache file with a valid checksum around ``body`` (no compression)."""
    path.write_bytes(MAGIC + hashlib.blake2b(body, digest_size=16).digest() + body)


@pytest.mark.parametrize("index", [
    {"content/contacts/jane-doe.yaml": 1},
    {"content/contacts/jane-doe.yaml": ((1, 2), "not bytes", True)},
    {"content/contacts/jane-doe.yaml": (None, b"x", True, 4)},
    ["not", "a", "dict"],
    {3: (None, b"x", True)},
])
def test_a_well_checksummed_index_of_the_wrong_shape_is_ignored(tmp_path, run_cli, index):
    import marshal

    root = repo(tmp_path)
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    checksummed(next((root / FOLDER).glob("records-*/index")), marshal.dumps(index))
    (root / "content/contacts/jane-doe.yaml").write_text(JANE.replace("Acme", "Acme Corp"))
    code, _, err = build(run_cli, root, tmp_path / "site")
    assert code == 0, err
    assert site_files(tmp_path / "site") == reference(run_cli, root, tmp_path)


def made_by_careerkit(value) -> bytes:
    stream = io.BytesIO()
    cache_module._Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return stream.getvalue()


@pytest.mark.parametrize("kept", [
    ("analysis", ["contacts", 1]),  # a kind that is not text (sorting it would fail)
    ("analysis", "contacts"),  # kinds not a list
    ("not an analysis", ["contacts"]),
    ("not a tuple", None),
])
def test_a_well_checksummed_kept_analysis_of_the_wrong_shape_is_ignored(tmp_path, run_cli, ran, kept):
    from careerkit.models import Analysis

    what, seen = kept
    analysis = Analysis(name="network_health", title="Forged", status="ok", metrics={}, summary="forged", methodology="")
    value = "not a tuple" if what == "not a tuple" else (seen, "key", analysis if what == "analysis" else what)
    root = repo(tmp_path)
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    for path in (root / FOLDER).glob("records-*/analysis-*"):
        forge(path, made_by_careerkit(value))
    (root / "content/contacts/jane-doe.yaml").write_text(JANE.replace("Acme", "Acme Corp"))
    ran.clear()
    code, _, err = build(run_cli, root, tmp_path / "site")
    assert code == 0, err
    assert sorted(ran) == ["market_cadence", "network_health", "pay_gaps"]
    assert site_files(tmp_path / "site") == reference(run_cli, root, tmp_path)


@pytest.mark.parametrize("entry", [
    "not a tuple",
    (b"digest",),
    ("DIGEST", "not a result"),
    ("DIGEST", ([], [], ["not a problem"])),
    ("DIGEST", ([("contacts", "not a record", None)], [], [])),
    ("DIGEST", ([("no-such-kind", None, None)], [], [])),
])
def test_a_well_checksummed_shard_of_the_wrong_shape_is_ignored(tmp_path, run_cli, entry):
    root = repo(tmp_path)
    assert build(run_cli, root, tmp_path / "site")[0] == 0
    rel = "content/contacts/jane-doe.yaml"
    from careerkit.pipeline.build import open_cache, setup

    made = open_cache(setup(root), root)
    digest = next(s for s in loader.scan(root, made).states if s.rel == rel).digest
    value = tuple(digest if part == "DIGEST" else part for part in entry) if isinstance(entry, tuple) else entry
    forge(next((root / FOLDER).glob(f"records-*/shard-{cache_module.shard_of(rel):03d}")), made_by_careerkit({rel: value}))
    shutil.rmtree(tmp_path / "site")  # not up to date: the build must read the records
    code, _, err = build(run_cli, root, tmp_path / "site")
    assert code == 0, err
    assert site_files(tmp_path / "site") == reference(run_cli, root, tmp_path)
