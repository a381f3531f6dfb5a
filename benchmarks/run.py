"""The benchmark runner: how fast `careerkit build` is, against the floor.

    python benchmarks/run.py                      # 1k and 10k, split and bundled
    python benchmarks/run.py --sizes 100000 --layouts split
    python benchmarks/run.py --profile benchmarks/.data/split-10000

For each size and layout it generates a repository (benchmarks/generate.py,
cached in benchmarks/.data/, git-ignored) and measures, each in a fresh
process:

- **build**: wall time and peak RSS of `careerkit build` (median of
  ``--reps`` cold builds: no site/ and no cache folder before each);
- **phases**: the build's steps run in-process in the order careerkit.pipeline.build
  runs them, each timed with perf_counter (see :func:`phases`);
- **floor**: the unavoidable work, nothing else: list and read every file,
  parse it with ``yaml.CSafeLoader`` and render every note (every ``note`` /
  ``notes`` string) with one shared ``MarkdownIt("commonmark")``;
- **warm**: a second build with no change, then with one contact file
  changed (these are the cache's targets);

- **Hugo**: with ``hugo`` installed, Hugo's cold builds of one page listing
  the same contacts with every note through Markdown, one after each of
  careerkit's cold builds, and a second run with its output in place
  (benchmarks/hugo.py; ``--no-hugo`` skips it, a missing ``hugo`` skips it
  with one message);

then `careerkit --version` and `careerkit check` on the example content
(median of 10 runs each).  It prints Markdown tables: build / floor ratio,
µs per record, peak MB, each phase, careerkit beside Hugo, and how each
phase's cost per record grows from the smallest to the largest size (1.0 =
linear).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DATA = os.path.join(HERE, ".data")
PHASES = ("setup", "read", "parse", "validate", "analyze", "render", "write")
FLOOR_PARTS = ("read", "parse", "markdown")
CACHE_DIRS = (".careerkit-cache",)
NOTE_KEYS = ("note", "notes")


# --- the floor: read + CSafeLoader + markdown-it, nothing else ------------------------


def floor(root: str) -> dict:
    """Time the floor in this process; returns seconds per part and counts."""
    clock = time.perf_counter
    start = clock()
    import yaml
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    imported = clock()
    raws = []
    for folder, dirs, files in os.walk(os.path.join(root, "content")):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(folder, name), "rb") as handle:
                    raws.append(handle.read())
    read = clock()
    loader = yaml.CSafeLoader
    documents = [yaml.load(raw, Loader=loader) for raw in raws]
    parsed = clock()
    notes = _notes(documents)
    html = 0
    for note in notes:
        html += len(md.render(note))
    rendered = clock()
    return {
        "import": imported - start,
        "read": read - imported,
        "parse": parsed - read,
        "markdown": rendered - parsed,
        "total": rendered - start,
        "files": len(raws),
        "bytes": sum(len(r) for r in raws),
        "notes": len(notes),
        "html_bytes": html,
    }


def _notes(value, out=None) -> list:
    """Every string under a ``note`` or ``notes`` key, depth first."""
    out = [] if out is None else out
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, sub in item.items():
                if key in NOTE_KEYS and isinstance(sub, str):
                    out.append(sub)
                elif isinstance(sub, (dict, list)):
                    stack.append(sub)
        elif isinstance(item, list):
            stack.extend(item)
    return out


# --- the build's phases, in-process ---------------------------------------------------


def phases(root, out) -> dict:
    """Run the build's steps on ``root`` in the order careerkit.pipeline.run runs
    them, writing the site to ``out``; returns seconds per phase plus counts.

    setup    read_config, the plugin manager, plugin settings, record kinds
    read     loader.find_files and reading every file's bytes
    parse    yamlio.read_yaml on every file (it reads the file again: ~5 µs)
    validate the checker, per-kind checks, model building (loader's
             _records_in_file) and validate.cross_check
    analyze  analyze.run_analyzers
    render   site.render_site (every page and file in memory)
    write    writer.check_files and writer.write_site
    """
    from dataclasses import replace
    from pathlib import Path
    from types import MappingProxyType

    clock = time.perf_counter
    start = clock()
    from careerkit.models import Records
    from careerkit.pipeline.analyze import run_analyzers
    from careerkit.pipeline.plugins import make_plugin_manager
    from careerkit.records import loader, validate
    from careerkit.records.check import locate
    from careerkit.records.config import check_sections, read_config
    from careerkit.records.yamlio import read_yaml
    from careerkit.site.assemble import render_site
    from careerkit.site.writer import check_files, check_output, write_site

    root, out = Path(root), Path(out)
    times = {"import": clock() - start}

    start = clock()
    config, raw, problems = read_config(root)
    folder = root / config.plugins_dir if config.plugins_dir else None
    pm = make_plugin_manager(folder, config.disabled)
    defaults: dict = {}
    for result in pm.hook.careerkit_settings():
        defaults.update(result or {})
    settings, section_problems = check_sections(raw, defaults)
    problems += section_problems
    config = replace(config, sections=MappingProxyType({k: MappingProxyType(v) for k, v in sorted(settings.items())}))
    kinds = {kind.name: kind for result in pm.hook.careerkit_record_kinds() for kind in result or ()}
    times["setup"] = clock() - start

    start = clock()
    files, file_problems = loader.find_files(root)
    problems += file_problems
    size = 0
    for _, path in files:
        with open(path, "rb") as handle:
            size += len(handle.read())
    times["read"] = clock() - start

    import gc

    gc.disable()  # as careerkit.records.loader.load_records does
    start = clock()
    parsed = []
    for rel, path in files:
        parts = rel.split("/")
        kind = kinds.get(parts[1]) if len(parts) > 2 else None
        if kind is None:
            continue
        data, yaml_problems = read_yaml(Path(path), rel)
        problems += yaml_problems
        if data is not None:
            parsed.append((rel, Path(path), kind, data))
    times["parse"] = clock() - start

    start = clock()
    currencies = frozenset({config.currency, *config.fx})
    money = loader.money_maker(config)
    built: dict = {name: [] for name in kinds}
    contact_at: dict = {}
    for rel, path, kind, data in parsed:
        for record, raw in loader._records_in_file(data, rel, path, kind, currencies, money, problems):
            built[kind.name].append(record)
            if getattr(record, "contact", None) is not None:
                contact_at[id(record)] = locate(raw, "contact")
    by_kind = {name: tuple(sorted(items, key=lambda r: r.id)) for name, items in sorted(built.items())}
    problems += validate.cross_check(by_kind, contact_at)
    records = Records(MappingProxyType(by_kind))
    times["validate"] = clock() - start
    gc.freeze()  # as careerkit.records.loader.load_records does: the records are not walked again
    gc.enable()
    if problems:
        raise RuntimeError(f"the repository has {len(problems)} problems, e.g. {problems[0]}")

    start = clock()
    analyses, failures = run_analyzers(pm, records, settings, config, config.as_of)
    times["analyze"] = clock() - start
    if failures:
        raise RuntimeError(f"analyzers failed: {failures[0]}")

    start = clock()
    site = render_site(pm, analyses, records, config)
    times["render"] = clock() - start

    start = clock()
    check_output(out, root)
    check_files(site)
    write_site(site, out, root)
    times["write"] = clock() - start

    times["total"] = sum(times[p] for p in PHASES)
    times["files"] = len(files)
    times["bytes"] = size
    times["records"] = sum(len(v) for v in by_kind.values())
    times["outputs"] = len(site)
    return times


def serve_rebuilds(root: str, out: str, reps: str) -> dict:
    """What `careerkit serve` does after a save: rebuild in the same process,
    the record cache kept in memory, told which file changed as the file
    watcher tells it.  One warm-up build, then ``reps`` rebuilds each after
    appending a line to the manifest's file (restored at the end); returns
    their median."""
    import json
    from argparse import Namespace
    from pathlib import Path

    from watchfiles import Change

    from careerkit.commands import serve

    with open(os.path.join(root, "bench.json"), encoding="utf-8") as handle:
        touch = json.load(handle)["touch"]
    args = Namespace(root=Path(root), as_of=None, public=False, plugins_dir=None, no_cache=False)
    state = serve.State(Path(out))
    serve.rebuild(args, state)
    path = os.path.join(root, touch["path"])
    with open(path, "rb") as handle:
        original = handle.read()
    times = []
    try:
        for n in range(int(reps)):
            with open(path, "wb") as handle:
                handle.write(original + touch["append"].format(n=n).encode("utf-8"))
            start = time.perf_counter()
            serve.rebuild(args, state, {(Change.modified, path)})
            times.append(time.perf_counter() - start)
    finally:
        with open(path, "wb") as handle:
            handle.write(original)
    if state.errors:
        raise BenchError(f"serve rebuild failed: {state.errors[0]}")
    return {"rebuild": median(times)}


# --- processes ------------------------------------------------------------------------


def careerkit_command() -> list[str]:
    script = os.path.join(os.path.dirname(sys.executable), "careerkit")
    if os.access(script, os.X_OK):
        return [script]
    return [sys.executable, "-c", "import sys; from careerkit.commands.cli import main; sys.exit(main())"]


def run(command: list[str], cwd: str | None = None) -> dict:
    """Run a process; its wall time, peak RSS (MB), exit code and output."""
    import subprocess
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "wall": wall,
            "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024,
            "rc": proc.returncode,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }


def checked(result: dict, what: str) -> dict:
    if result["rc"] != 0:
        tail = (result["stdout"] + result["stderr"]).strip().splitlines()[-3:]
        raise BenchError(f"{what} exited {result['rc']}: " + " | ".join(tail))
    return result


class BenchError(Exception):
    pass


def in_child(mode: str, *args: str) -> dict:
    """Run ``floor``, ``phases`` or ``serve`` in a fresh process; its JSON result plus wall and RSS."""
    import json

    result = checked(run([sys.executable, os.path.abspath(__file__), f"--{mode}", *args]), mode)
    data = json.loads(result["stdout"].strip().splitlines()[-1])
    data["wall"], data["cpu"], data["rss_mb"] = result["wall"], result["cpu"], result["rss_mb"]
    return data


def progress(what: str, step: str) -> None:
    print(f"  {what}: {step}", file=sys.stderr, flush=True)


def median(values):
    import statistics

    return statistics.median(values) if values else None


# --- one configuration ----------------------------------------------------------------


def hugo_module():
    """benchmarks/hugo.py (imported from this folder, as generate.py is)."""
    sys.path.insert(0, HERE)
    import hugo

    return hugo


def dataset(contacts: int, layout: str, seed: int, chunk: int, data_dir: str = DATA) -> tuple[str, dict]:
    """The generated repository for these arguments, generated if missing or stale."""
    import hashlib
    import json

    sys.path.insert(0, HERE)
    import generate

    with open(generate.__file__, "rb") as handle:
        stamp = json.dumps([hashlib.sha1(handle.read()).hexdigest(), contacts, layout, seed, chunk])
    root = os.path.join(data_dir, f"{layout}-{contacts}")
    stamp_file = os.path.join(root, ".stamp")
    manifest_file = os.path.join(root, "bench.json")
    try:
        with open(stamp_file, encoding="utf-8") as handle:
            fresh = handle.read() == stamp
        with open(manifest_file, encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        fresh = False
    if not fresh:
        from pathlib import Path

        manifest = generate.generate(Path(root), contacts, layout, seed, chunk)
        with open(stamp_file, "w", encoding="utf-8") as handle:
            handle.write(stamp)
    return root, manifest


def clean(root: str) -> None:
    import shutil

    for name in ("site", *CACHE_DIRS):
        shutil.rmtree(os.path.join(root, name), ignore_errors=True)


def measure(root: str, manifest: dict, reps: int, log, peer=None) -> dict:
    """careerkit's figures on one generated repository; with ``peer`` (a
    hugo.Peer), Hugo's cold builds interleaved with careerkit's, then its
    own figures under ``"hugo"``."""
    site = os.path.join(root, "site")
    build = careerkit_command() + ["build", "--root", root, "--out", site]
    result: dict = {"manifest": manifest}

    log("cold builds" + (" (and Hugo's)" if peer else ""))
    cold = []
    for _ in range(reps):
        clean(root)
        cold.append(checked(run(build), "careerkit build"))
        if peer:
            peer.cold()
    result["build"] = median([c["wall"] for c in cold])
    result["build_runs"] = [c["wall"] for c in cold]
    result["build_cpu"] = median([c["cpu"] for c in cold])
    result["peak_mb"] = max(c["rss_mb"] for c in cold)

    log("warm rebuilds")
    result["warm"] = median([checked(run(build), "warm build")["wall"] for _ in range(reps)])
    touch = manifest.get("touch")
    if touch:
        path = os.path.join(root, touch["path"])
        with open(path, "rb") as handle:
            original = handle.read()
        times = []
        try:
            for n in range(reps):
                with open(path, "wb") as handle:
                    handle.write(original + touch["append"].format(n=n).encode("utf-8"))
                times.append(checked(run(build), "one-file rebuild")["wall"])
        finally:
            with open(path, "wb") as handle:
                handle.write(original)
        result["one_file"] = median(times)
        log("serve rebuilds")
        result["serve"] = in_child("serve", root, site, str(reps))["rebuild"]

    log("phases")
    clean(root)
    runs = [in_child("phases", root, site) for _ in range(max(1, reps // 2))]
    result["phases"] = {k: median([r[k] for r in runs]) for k in ("import", *PHASES, "total", "wall", "rss_mb")}
    result["outputs"] = runs[0]["outputs"]

    log("floor")
    floors = [in_child("floor", root) for _ in range(reps)]
    result["floor"] = {k: median([f[k] for f in floors]) for k in ("import", *FLOOR_PARTS, "total", "wall", "cpu", "rss_mb")}
    result["notes"] = floors[0]["notes"]
    result["bytes"] = floors[0]["bytes"]
    result["ratio"] = result["build"] / result["floor"]["wall"]
    result["cpu_ratio"] = result["build_cpu"] / result["floor"]["cpu"]
    clean(root)
    if peer:
        log("Hugo: no-change runs")
        try:
            result["hugo"] = peer.finish(reps)
        except ValueError as exc:
            raise BenchError(str(exc)) from None
    return result


def startup(runs: int = 10) -> dict:
    base = careerkit_command()
    version = [checked(run(base + ["--version"], cwd=REPO), "careerkit --version")["wall"] for _ in range(runs)]
    check = [checked(run(base + ["check", "--root", REPO], cwd=REPO), "careerkit check")["wall"] for _ in range(runs)]
    return {"version": median(version), "check": median(check)}


# --- the report -----------------------------------------------------------------------


def _size(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def report(results: list[dict], start: dict | None, load: tuple | None = None, peer_note: str | None = None) -> str:
    import platform

    lines = [f"careerkit benchmark: {machine()}, Python {platform.python_version()}, {library_versions()}"]
    if load:
        lines.append(
            f"1-minute load average before / after: {load[0]:.2f} / {load[1]:.2f} "
            "(other work on the machine makes wall times noisy; CPU times less so)"
        )
    lines.append("")
    lines += [
        "| size | layout | records | files | MB | build s | floor s | build/floor | CPU build/floor | µs/record | peak MB "
        "| no change s | 1 file changed s | serve: 1 file changed s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        m = r["manifest"]
        lines.append(
            f"| {_size(m['contacts'])} | {m['layout']} | {m['record_count']:,} | {m['files']:,} | {r['bytes'] / 1e6:.1f} "
            f"| {r['build']:.2f} | {r['floor']['wall']:.2f} | **{r['ratio']:.2f}** | {r['cpu_ratio']:.2f} "
            f"| {r['build'] / m['record_count'] * 1e6:.0f} | {r['peak_mb']:.0f} | {r['warm']:.2f} "
            f"| {r.get('one_file', float('nan')):.2f} | {r.get('serve', float('nan')):.2f} |"
        )
    lines += ["", "Phases of the build, in-process (seconds; the phase process's own wall time and peak RSS last):", ""]
    lines += [
        "| size | layout | import | " + " | ".join(PHASES) + " | sum | process s | process MB |",
        "|---|---|" + "---:|" * (len(PHASES) + 4),
    ]
    for r in results:
        m, p = r["manifest"], r["phases"]
        lines.append(
            f"| {_size(m['contacts'])} | {m['layout']} | {p['import']:.2f} | "
            + " | ".join(f"{p[k]:.2f}" for k in PHASES)
            + f" | {p['total']:.2f} | {p['wall']:.2f} | {p['rss_mb']:.0f} |"
        )
    lines += ["", "The floor (read + CSafeLoader + one shared MarkdownIt on every note), in-process seconds:", ""]
    lines += [
        "| size | layout | notes | import | read | parse | markdown | process s | process MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        m, f = r["manifest"], r["floor"]
        lines.append(
            f"| {_size(m['contacts'])} | {m['layout']} | {r['notes']:,} | {f['import']:.2f} | {f['read']:.2f} "
            f"| {f['parse']:.2f} | {f['markdown']:.2f} | {f['wall']:.2f} | {f['rss_mb']:.0f} |"
        )
    peer = hugo_module().table(results)
    if peer or peer_note:
        lines += ["", *(peer or [peer_note])]
    growth = _growth(results)
    if growth:
        lines += [
            "",
            "Growth: µs per record at the largest size / at the smallest (1.0 = linear; well above 1 = superlinear):",
            "",
        ]
        lines += growth
    if start:
        lines += [
            "",
            f"Start-up (median of 10, example content): `careerkit --version` {start['version'] * 1000:.0f} ms, "
            f"`careerkit check` {start['check'] * 1000:.0f} ms",
        ]
    return "\n".join(lines)


def _growth(results: list[dict]) -> list[str]:
    rows = []
    for layout in sorted({r["manifest"]["layout"] for r in results}):
        mine = [r for r in results if r["manifest"]["layout"] == layout]
        mine.sort(key=lambda r: r["manifest"]["contacts"])
        if len(mine) < 2:
            continue
        small, large = mine[0], mine[-1]
        per = lambda r, v: v / r["manifest"]["record_count"]  # noqa: E731
        cells = [f"{per(large, large['build']) / per(small, small['build']):.2f}"]
        cells += [f"{per(large, large['phases'][k]) / max(per(small, small['phases'][k]), 1e-12):.2f}" for k in PHASES]
        cells.append(f"{per(large, large['floor']['wall']) / per(small, small['floor']['wall']):.2f}")
        if not rows:
            rows = [
                "| layout | sizes | build | " + " | ".join(PHASES) + " | floor |",
                "|---|---|" + "---:|" * (len(PHASES) + 2),
            ]
        sizes = f"{_size(small['manifest']['contacts'])} → {_size(large['manifest']['contacts'])}"
        rows.append(f"| {layout} | {sizes} | " + " | ".join(cells) + " |")
    return rows


def machine() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "")
    except OSError:
        pass
    memory = ""
    with contextlib.suppress(ValueError, OSError, AttributeError):
        memory = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    return f"{os.cpu_count()} CPUs ({model or 'unknown CPU'}){memory}"


def library_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for name in ("careerkit", "PyYAML", "markdown-it-py", "Jinja2"):
        with contextlib.suppress(PackageNotFoundError):
            parts.append(f"{name} {version(name)}")
    return ", ".join(parts)


def profile(root: str, top: int = 25, sort: str = "cumulative") -> None:
    import cProfile
    import pstats

    from careerkit.commands.cli import main

    clean(root)
    profiler = cProfile.Profile()
    profiler.enable()
    code = main(["build", "--root", root, "--out", os.path.join(root, "site")])
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats(sort).print_stats(top)
    clean(root)
    if code:
        raise BenchError(f"careerkit build exited {code}")


def compile_code() -> None:
    """Write careerkit's and the plugins' bytecode first, as installing a
    package does: with PYTHONDONTWRITEBYTECODE set (or a read-only checkout)
    every run would compile them again (~30 ms of each start)."""
    import compileall

    for folder in ("careerkit", "plugins"):
        compileall.compile_dir(os.path.join(REPO, folder), quiet=1)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(description="Benchmark careerkit build against the floor.")
    parser.add_argument("--sizes", default="1000,10000", help="contacts per repository, comma-separated (default 1000,10000)")
    parser.add_argument("--layouts", default="split,bundled", help="split, bundled or both (default both)")
    parser.add_argument("--reps", type=int, default=3, help="runs per measurement; the median is shown (default 3)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--chunk", type=int, default=2000, help="records per file in the bundled layout")
    parser.add_argument("--data", default=DATA, help="where generated repositories are kept (default benchmarks/.data)")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up measurements")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo peer (benchmarks/hugo.py)")
    parser.add_argument("--profile", metavar="ROOT", help="profile one in-process build of ROOT with cProfile and exit")
    parser.add_argument("--profile-sort", default="cumulative", help="pstats sort key (default cumulative)")
    parser.add_argument("--floor", nargs=1, metavar="ROOT", help=argparse.SUPPRESS)
    parser.add_argument("--phases", nargs=2, metavar=("ROOT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--serve", nargs=3, metavar=("ROOT", "OUT", "REPS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    try:
        if args.floor:
            print(json.dumps(floor(args.floor[0])))
            return 0
        if args.phases:
            print(json.dumps(phases(*args.phases)))
            return 0
        if args.serve:
            print(json.dumps(serve_rebuilds(*args.serve)))
            return 0
        if args.profile:
            profile(args.profile, 25, args.profile_sort)
            return 0
        compile_code()
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        layouts = [s.strip() for s in args.layouts.split(",") if s.strip()]
        hugo = hugo_module()
        hugo_path = None if args.no_hugo else hugo.command()
        peer_note = None if args.no_hugo or hugo_path else hugo.MISSING
        if peer_note:
            print(peer_note, file=sys.stderr)
        results = []
        load_before = os.getloadavg()[0]
        for size in sizes:
            for layout in layouts:
                started = time.perf_counter()
                log = functools.partial(progress, f"{_size(size)} {layout}")
                log("generating")
                root, manifest = dataset(size, layout, args.seed, args.chunk, args.data)
                peer = hugo.Peer(hugo_path, root, manifest, run, checked) if hugo_path else None
                results.append(measure(root, manifest, args.reps, log, peer))
                log(f"done in {time.perf_counter() - started:.0f} s")
        start = None if args.no_startup else startup()
        print(report(results, start, (load_before, os.getloadavg()[0]), peer_note))
        if args.json:
            with open(args.json, "w", encoding="utf-8") as handle:
                json.dump({"results": results, "startup": start}, handle, indent=2, default=str)
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
