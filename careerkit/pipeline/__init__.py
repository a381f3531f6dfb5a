"""The pipeline: the one function `build`, `check`, `serve` and the tests
go through.

    stamp (stat only) → config → plugin manager → scan records →
    inputs unchanged? → read and validate → analyze → render in memory →
    write atomically → stamp

Work is skipped at two places only: before anything heavy is imported,
when the stamp shows that no file the last build depended on changed
(careerkit.incremental.stamp: ``stat`` alone); and after the record files were scanned,
when the digest of every input matches the site's marker and the site is
intact (careerkit.incremental.uptodate).  Nothing touches the output folder until every
file has rendered in memory (careerkit.pipeline.steps holds the steps).

This module imports only light parts of the standard library and
careerkit.incremental.stamp at the top (not even dataclasses, ~10 ms): a build with
nothing to do stops before the rest is loaded.
"""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import UsageError
from ..incremental import stamp


class Request(NamedTuple):
    """What to do.  ``out`` None: stop after validating (and analyzing when
    ``analyze``): `check`.  ``cache``: use the record cache (and the stamp);
    ``shortcut``: skip a build whose inputs did not change and give the site's
    marker the inputs digest (`build`; not `serve` and the tests, which
    always render)."""

    root: Path
    out: Path | None = None
    as_of: date | None = None
    public: bool = False
    plugins_dir: Path | None = None
    cache: bool = False
    shortcut: bool = False
    analyze: bool = True
    entry_points: Any = None  # tests: fake distributions (careerkit.pipeline.plugins.make_plugin_manager)


class Session:
    """What `serve` keeps between rebuilds, in memory: the record cache
    (careerkit.incremental.cache.Cache, used again while its context holds), the last
    scan (careerkit.records.loader.Scan: the next rebuild looks again only at the
    files events name) and careerkit.kept.Kept (rows and texts rendered)."""

    __slots__ = ("cache", "scanned", "kept")

    def __init__(self, cache: Any = None, scanned: Any = None, kept: Any = None):
        self.cache, self.scanned, self.kept = cache, scanned, kept


class Outcome:
    """What happened.  ``loaded`` (careerkit.pipeline.steps.Loaded) is None when the
    stamp alone showed the site up to date; ``statuses``: each analyzer's
    status, by name."""

    __slots__ = ("loaded", "problems", "analyses", "statuses", "as_of", "up_to_date", "written")

    def __init__(self, loaded: Any = None, problems: list | None = None, analyses: list | None = None,
                 statuses: dict[str, str] | None = None, as_of: str = "", up_to_date: bool = False, written: bool = False):
        self.loaded, self.problems, self.analyses = loaded, problems if problems is not None else [], analyses
        self.statuses, self.as_of = statuses if statuses is not None else {}, as_of
        self.up_to_date, self.written = up_to_date, written


def run(request: Request, session: Session | None = None, since: tuple[Any, set[str]] | None = None) -> Outcome:
    """Run the pipeline for ``request``.  ``session`` (`serve`): kept
    between runs and updated once the records are read; ``since``: the
    session's previous Scan and the record files changed since (paths
    relative to root): only those are looked at again.  Raises UsageError
    (no such root), OutputError (a refused output folder) and PluginError
    (a plugin failed, an analyzer raised: AnalyzerFailures)."""
    root, out = request.root, request.out
    if not root.is_dir():
        raise UsageError(f"--root {root} is not a folder")

    # 0. Nothing changed since the last build?  (stat only, nothing heavy imported)
    front = None
    if request.shortcut and request.cache and out is not None:
        front = stamp.Front(root, out, request.public, request.as_of, request.plugins_dir)
        found = front.check()
        if found is not None:
            return Outcome(statuses=dict(found[1]), as_of=found[0], up_to_date=True)

    if out is not None:
        from ..errors import OutputError
        from ..site.writer import check_output, output_lock

        check_output(out, root)  # a refused folder: before anything is read, cached or locked
        try:
            out.resolve().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot write the site next to {out}: {exc.strerror or exc}") from exc
        # concurrent builds of one site take turns (careerkit.site.writer.output_lock):
        # the site, and the stamp beside it, are always those of one build
        with output_lock(out.resolve()):
            return _run(request, session, since, front)
    return _run(request, session, since, front)


def _run(request: Request, session: Session | None, since: tuple[Any, set[str]] | None, front: Any) -> Outcome:
    root, out = request.root, request.out
    from ..incremental.uptodate import inputs_digest, remember_code, up_to_date
    from ..kept import Kept
    from ..records.loader import scan, scan_again
    from ..site.writer import check_output, clean_leftovers
    from .steps import analyze_or_raise, code_of, open_cache, read_content, render, setup, write

    if out is not None:
        check_output(out, root)  # a refused folder: before anything is read or cached
    # 1. config → plugin manager: careerkit_settings, careerkit_record_kinds
    loaded = setup(root, request.as_of, request.public, request.plugins_dir, request.entry_points,
                   with_code=request.cache or request.shortcut)
    # 2. the record files' stat and content digest, through the record cache
    previous = session.cache if session is not None else None
    cache = open_cache(loaded, root, previous) if request.cache else None
    if since is not None and cache is not None and cache is previous:
        scanned = scan_again(since[0], since[1], cache)
    else:
        scanned = scan(root, cache)
    # 3. Every input as when the site was built, and the site intact?  (careerkit.incremental.uptodate)
    inputs = inputs_digest(root, loaded.config, loaded.pm, scanned, code_of(loaded)) if request.shortcut else ""
    if inputs and out is not None and not loaded.problems and cache is not None:
        statuses = up_to_date(out, inputs, root)
        if statuses is not None:
            if cache is not None:
                cache.save(rel for rel, _ in scanned.files)  # the files' new stat, if any
            clean_leftovers(out.resolve())  # what a killed build left, even when there is nothing to do
            if front is not None:
                front.record(loaded, scanned, statuses)
            return Outcome(loaded, statuses=statuses, as_of=loaded.config.as_of.isoformat(), up_to_date=True)

    if cache is not None and out is not None:
        cache.background = True  # a first build's cache is written while the site is made
    try:
        # 4. read and validate every record (careerkit_record_kinds' checks, cross-record checks)
        loaded = read_content(loaded, root, cache, scanned)
        if session is not None:
            session.cache, session.scanned = loaded.cache, loaded.scanned
        else:  # a one-off run: the records live as long as the process, so later collections
            gc.freeze()  # need not walk them again (not in serve: each rebuild would add to it)
        outcome = Outcome(loaded, loaded.problems, as_of=loaded.config.as_of.isoformat())
        if loaded.problems or (out is None and not request.analyze):
            return outcome
        # 5. careerkit_analyze: each analyzer on its own, failures attributed
        outcome.analyses = analyze_or_raise(loaded)
        outcome.statuses = {a.name: a.status for a in outcome.analyses}
        if out is None:
            return outcome
        # 6. careerkit_pages, careerkit_outputs, templates: every file rendered in memory
        if session is not None and request.cache and session.kept is None:
            session.kept = Kept()
        files = render(loaded, outcome.analyses, session.kept if session is not None else None)
        # 7. the only step that writes: the new site beside the old, swapped in whole
        write(files, out, root, inputs, outcome.statuses)
        outcome.written = True
        if inputs and cache is not None:
            remember_code(root, out, inputs)  # the code digest stays out of the site's marker, in .careerkit-cache/
    finally:
        if cache is not None:
            cache.wait()
    # 8. the stamp, for the next build's step 0
    if front is not None:
        front.record(loaded, scanned, outcome.statuses)
    return outcome
