"""Entry points for code and tests that drive the pipeline's steps
themselves: :func:`load` (the pipeline up to validation) and :func:`build`
(analyze, render and write records already read).  The steps are in
careerkit.pipeline.steps (re-exported here); careerkit.pipeline.run is the
pipeline every command goes through.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..incremental.cache import Cache
from ..kept import Kept
from ..models import Analysis
from ..records.loader import Scan
from ..site.writer import check_output
from . import Request, Session, run
from .steps import (
    AnalyzerFailures,
    Loaded,
    analyze,
    analyze_or_raise,
    attributed,
    code_of,
    memo_for,
    open_cache,
    read_content,
    render,
    setup,
    write,
)

__all__ = [
    "AnalyzerFailures", "Loaded", "analyze", "analyze_or_raise", "attributed", "build", "code_of", "load", "memo_for",
    "open_cache", "read_content", "render", "setup", "write",
]


def load(root: Path, as_of: date | None = None, public: bool = False, plugins_dir: Path | None = None, entry_points=None,
         cache: bool | Cache = False, since: tuple[Scan, set[str]] | None = None) -> Loaded:
    """Read the configuration, make the plugin manager, read and validate
    every record (careerkit.pipeline.run up to validation) — through the
    record cache when ``cache`` (True, or the Cache of an earlier load,
    which is used again when it fits; the one used is ``Loaded.cache``).
    ``since``: that earlier load's Scan and the record files changed since
    (see careerkit.pipeline.run).  Raises PluginError when a plugin cannot
    load."""
    request = Request(root, None, as_of, public, plugins_dir, cache=bool(cache), analyze=False, entry_points=entry_points)
    return run(request, Session(cache=cache if isinstance(cache, Cache) else None), since).loaded


def build(loaded: Loaded, out: Path, root: Path, inputs: str = "", kept: Kept | None = None) -> list[Analysis]:
    """Analyze, render and write a site from records already read (the
    pipeline's last steps, for tests that read the records themselves).
    Raises PluginError when an analyzer failed (the site is untouched)."""
    check_output(out, root)
    analyses = analyze_or_raise(loaded)
    write(render(loaded, analyses, kept), out, root, inputs, {a.name: a.status for a in analyses})
    return analyses
