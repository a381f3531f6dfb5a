"""What each CLI command does; returns its exit code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import OutputError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from .models import Problem

# careerkit.build and what it imports load only when a command needs them: a
# build with nothing to do (careerkit.stamp) stops before.

RANK = {"ok": 0, "warn": 1, "alert": 2}


def require_repository(root: Path) -> None:
    """Refuse (exit 2) a --root that is not a career repository: one with
    neither careerkit.yaml nor content/ (so nothing is built, cached or
    reported as "ok" in the wrong folder)."""
    if not root.is_dir():
        raise UsageError(f"--root {root} is not a folder")
    if (root / "careerkit.yaml").is_file() or (root / "content").is_dir():
        return
    where = root.resolve()
    here = "" if where == Path.cwd().resolve() else f" {root}"
    raise UsageError(
        f"{where} is not a career repository: it has no careerkit.yaml and no content/ folder; "
        f"nothing was written (run `careerkit init{here}` to make one, or pass --root with your career repository)"
    )


def _load(args, public: bool = False):
    from .build import load

    root = args.root
    if not root.is_dir():
        raise UsageError(f"--root {root} is not a folder")
    return load(root, getattr(args, "as_of", None), public, getattr(args, "plugins_dir", None), cache=not getattr(args, "no_cache", True))


def print_problems(problems: list[Problem], fmt: str, file_count: int, record_count: int) -> None:
    if fmt == "json":
        data = {
            "valid": not problems,
            "errors": [
                {
                    "path": p.location.path,
                    "line": p.location.line,
                    "col": p.location.col,
                    "severity": p.severity,
                    "message": p.message,
                    "hint": p.hint,
                }
                for p in problems
            ],
            "count": len(problems),
            "records": record_count,
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for problem in problems:
        if fmt == "github":
            loc = problem.location
            text = problem.message + (f" ({problem.hint})" if problem.hint else "")
            print(f"::error file={_gh(loc.path, True)},line={loc.line},col={loc.col}::{_gh(text)}")
        else:
            print(problem)
    if problems:
        files = len({p.location.path for p in problems})
        print(f"{len(problems)} error{'s' if len(problems) != 1 else ''} in {files} file{'s' if files != 1 else ''}", file=sys.stderr if fmt == "github" else sys.stdout)
    elif fmt == "text":
        print(f"ok: {record_count} records, no errors")


def _gh(text: str, prop: bool = False) -> str:
    """Escape for a GitHub workflow command."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _fail_on(args, analyses) -> int:
    return _fail_on_statuses(args, {a.name: a.status for a in analyses})


def _fail_on_statuses(args, statuses: dict[str, str]) -> int:
    level = getattr(args, "fail_on", None)
    reached = [f"{name} is {status}" for name, status in statuses.items() if RANK.get(status, 2) >= RANK.get(level, 3)]
    if level and reached:
        print(
            f"careerkit: exit 4 (--fail-on {level}): {', '.join(reached)}; the records are valid, "
            f"but an analyzer's status is {level} or worse",
            file=sys.stderr,
        )
        return 4
    return 0


def cmd_check(args) -> int:
    loaded = _load(args)
    count = sum(loaded.records.counts().values())
    print_problems(loaded.problems, args.format, 0, count)
    if loaded.problems:
        return 1
    if args.fail_on:
        from .build import analyze

        analyses, failures = analyze(loaded)
        if failures:
            from .build import AnalyzerFailures

            raise AnalyzerFailures(failures)
        return _fail_on(args, analyses)
    return 0


def cmd_build(args) -> int:
    from . import stamp

    if not args.root.is_dir():
        raise UsageError(f"--root {args.root} is not a folder")
    out = args.out if args.out is not None else args.root / "site"
    if args.out is not None and not args.out.is_absolute():
        out = Path.cwd() / args.out
    if not args.no_cache:  # nothing changed since the last build? (stat only, nothing heavy imported)
        options = stamp.options_key(args.root, out, args.public, args.as_of, args.plugins_dir)
        stamp_file = stamp.stamp_path(args.root, out, args.public)
        found = stamp.check(stamp_file, options, out)
        if found is not None:
            return _up_to_date(args, out, found[0], dict(found[1]))
        config_entry = stamp.file_entry(str(args.root / "careerkit.yaml"))  # before it is read
    from .build import build, code_of, open_cache, read_content, setup
    from .loader import scan
    from .uptodate import inputs_digest, up_to_date
    from .writer import check_output

    check_output(out, args.root)  # a refused folder: before anything is read or cached
    loaded = setup(args.root, args.as_of, args.public, args.plugins_dir)
    cache = None if args.no_cache else open_cache(loaded, args.root)
    scanned = scan(args.root, cache)
    inputs = inputs_digest(args.root, loaded.config, loaded.pm, scanned, code_of(loaded))
    statuses = None if loaded.problems or not inputs or cache is None else up_to_date(out, inputs, args.root)
    if statuses is not None:
        from .writer import clean_leftovers

        if cache is not None:
            cache.save(rel for rel, _ in scanned.files)  # the files' new stat, if any
        clean_leftovers(out.resolve())  # what a killed build left, even when there is nothing to do
    else:
        if cache is not None:
            cache.background = True  # a first build's cache is written while the site is made
        try:
            loaded = read_content(loaded, args.root, cache, scanned)
            if loaded.problems:
                print_problems(loaded.problems, "text", 0, 0)
                print("careerkit: nothing was written", file=sys.stderr)
                return 1
            analyses = build(loaded, out, args.root, inputs)
            if cache is not None and inputs:
                from .uptodate import remember_code

                remember_code(args.root, out, inputs)  # the code digest stays out of the site's marker
        finally:
            if cache is not None:
                cache.wait()
    if cache is not None:
        _stamp(stamp_file, options, config_entry, loaded, scanned, args, out, statuses or {a.name: a.status for a in analyses})
    if statuses is not None:
        return _up_to_date(args, out, loaded.config.as_of.isoformat(), statuses)
    print(f"built {out} as of {loaded.config.as_of.isoformat()}: {', '.join(f'{a.name} {a.status}' for a in analyses)}")
    return _fail_on(args, analyses)


def _up_to_date(args, out: Path, as_of: str, statuses: dict[str, str]) -> int:
    summary = ", ".join(f"{name} {status}" for name, status in statuses.items())
    print(f"{out} is up to date (as of {as_of}): {summary}")
    return _fail_on_statuses(args, statuses)


def _stamp(path: Path, options: tuple, config_entry, loaded, scanned, args, out: Path, statuses: dict[str, str]) -> None:
    """Leave the build's stamp (careerkit.stamp) for the next one."""
    from . import stamp
    from .uptodate import code_locations

    code = [str(p) for p in code_locations(loaded.pm)]
    plugins = args.plugins_dir or (args.root / loaded.config.plugins_dir if loaded.config.plugins_dir else None)
    if plugins is not None:
        code.append(str(plugins))
    records = [(s.rel, s.key, s.digest, s.trusted) for s in scanned.states]
    made = stamp.make_stamp(options, records, config_entry, args.root, code, out, loaded.config.as_of, statuses)
    if made is not None:
        stamp.write_stamp(path, made)


def _plugin_manager(args):
    """The plugin manager a build in ``--root`` would use: the config's
    ``plugins_dir`` (or ``--plugins-dir``) and ``plugins: {disable: ...}``."""
    from .config import read_config
    from .plugins import make_plugin_manager

    if not args.root.is_dir():
        raise UsageError(f"--root {args.root} is not a folder")
    config, _, _ = read_config(args.root)
    folder = args.plugins_dir or (args.root / config.plugins_dir if config.plugins_dir else None)
    return make_plugin_manager(folder, config.disabled)


def cmd_plugins(args) -> int:
    from .plugins import describe_plugins

    pm = _plugin_manager(args)
    for row in describe_plugins(pm):
        source = f"{row['kind']}: {row['source']}" + (f" {row['version']}" if row["version"] else "")
        print(f"{row['name']}  ({source})")
        print(f"    hooks: {', '.join(row['hooks']) or '-'}")
    return 0


def cmd_schema(args) -> int:
    from .editor import schema_documents

    pm = _plugin_manager(args)
    kinds = [kind for result in pm.hook.careerkit_record_kinds() for kind in result or ()]
    out = args.out if args.out is not None else args.root / "schemas"
    content = (args.root / "content").resolve()
    if out.resolve() == content or content in out.resolve().parents:
        raise OutputError(f"refusing to write schemas to {out}: it is inside content/")
    documents = schema_documents(kinds)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, document in sorted(documents.items()):
            (out / name).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
            print(out / name)
    except OSError as exc:
        raise OutputError(f"cannot write schemas to {out}: {exc.strerror or exc}") from exc
    return 0


def cmd_init(args) -> int:
    from .scaffold import scaffold

    if args.dir is not None and args.root != Path(".") and args.dir != args.root:
        raise UsageError(f"init: give the folder once, as DIR or --root (got {args.dir} and --root {args.root})")
    return scaffold(args.dir if args.dir is not None else args.root, git=not args.no_git)
