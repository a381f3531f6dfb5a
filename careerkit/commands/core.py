"""What each CLI command does; returns its exit code."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EXIT_FAIL_ON, EXIT_INVALID, EXIT_OK, OutputError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from ..models import Problem

# careerkit.pipeline imports careerkit.pipeline.build and what it needs only when a
# command needs them: a build with nothing to do (careerkit.incremental.stamp) stops before.


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
        errors = f"{len(problems)} error{'s' if len(problems) != 1 else ''}"
        print(f"{errors} in {files} file{'s' if files != 1 else ''}", file=sys.stderr if fmt == "github" else sys.stdout)
    elif fmt == "text":
        print(f"ok: {record_count} records, no errors")


def _gh(text: str, prop: bool = False) -> str:
    """Escape for a GitHub workflow command."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _fail_on_statuses(args, statuses: dict[str, str]) -> int:
    level = getattr(args, "fail_on", None)
    if not level:
        return EXIT_OK
    from ..models import RANK  # only here: a no-change build without --fail-on does not load careerkit.models (~25 ms)

    reached = [f"{name} is {status}" for name, status in statuses.items() if RANK.get(status, 2) >= RANK.get(level, 3)]
    if reached:
        print(
            f"careerkit: exit 4 (--fail-on {level}): {', '.join(reached)}; the records are valid, "
            f"but an analyzer's status is {level} or worse",
            file=sys.stderr,
        )
        return EXIT_FAIL_ON
    return EXIT_OK


def cmd_check(args) -> int:
    from ..pipeline import Request, run

    # public: False — `check` reads every record as it is (names and notes included)
    request = Request(args.root, None, args.as_of, False, args.plugins_dir,
                      cache=not args.no_cache, analyze=bool(args.fail_on))
    outcome = run(request)
    print_problems(outcome.problems, args.format, 0, sum(outcome.loaded.records.counts().values()))
    if outcome.problems:
        return EXIT_INVALID
    return _fail_on_statuses(args, outcome.statuses) if args.fail_on else EXIT_OK


def cmd_build(args) -> int:
    from ..pipeline import Request, run

    out = args.out if args.out is not None else args.root / "site"
    if args.out is not None and not args.out.is_absolute():
        out = Path.cwd() / args.out
    outcome = run(Request(args.root, out, args.as_of, args.public, args.plugins_dir, cache=not args.no_cache, shortcut=True))
    if outcome.problems:
        print_problems(outcome.problems, "text", 0, 0)
        print("careerkit: nothing was written", file=sys.stderr)
        return EXIT_INVALID
    summary = ", ".join(f"{name} {status}" for name, status in outcome.statuses.items())
    if outcome.up_to_date:
        print(f"{out} is up to date (as of {outcome.as_of}): {summary}")
    else:
        print(f"built {out} as of {outcome.as_of}: {summary}")
    return _fail_on_statuses(args, outcome.statuses)


def _plugin_manager(args):
    """The plugin manager a build in ``--root`` would use: the config's
    ``plugins_dir`` (or ``--plugins-dir``) and ``plugins: {disable: ...}``."""
    from ..pipeline.plugins import make_plugin_manager
    from ..records.config import plugins_folder, read_config

    if not args.root.is_dir():
        raise UsageError(f"--root {args.root} is not a folder")
    config, _, _ = read_config(args.root)
    folder = plugins_folder(args.root, config, args.plugins_dir)
    return make_plugin_manager(folder, config.disabled)


def cmd_plugins(args) -> int:
    from ..pipeline.plugins import describe_plugins

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
