"""The pipeline's steps (careerkit.pipeline.run calls them in order;
careerkit.pipeline.build runs them for tests that drive the steps themselves):
config → plugin manager → read records → validate → analyze → pages →
render in memory → write atomically.

Nothing touches the output folder until every file has rendered in memory;
the new site is written next to it and swapped in whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType

from .. import __version__
from ..errors import CareerkitError, PluginError
from ..guard import call_each, describe
from ..incremental.cache import Cache, context_digest, context_parts
from ..incremental.fingerprint import FOLDER, key_of
from ..incremental.memo import Memo, kind_digests
from ..incremental.uptodate import MARKER_HEAD, code_digests, library_versions, marker_text
from ..kept import Kept
from ..models import Analysis, Config, Problem, Records
from ..records.config import check_sections, plugins_folder, read_config, unknown_disabled
from ..records.loader import Scan, Unbuilt, load_records, scan
from ..site.writer import check_files, write_site
from .analyze import Failure, attribute, run_analyzers
from .plugins import PluginManager, make_plugin_manager


@dataclass(frozen=True)
class Loaded:
    """What the steps hand on: configuration, plugins, records (a new one
    per step that adds to it: dataclasses.replace)."""

    config: Config
    pm: PluginManager | None = None
    settings: dict = field(default_factory=dict)
    records: Records = field(default_factory=Records)
    problems: list[Problem] = field(default_factory=list)
    kinds: list = field(default_factory=list)
    cache: Cache | None = None
    scanned: Scan | None = None
    code: dict[str, str] | None = None  # careerkit's and each plugin's code digest ({}: unreadable; None: not made)
    plugins_folder: Path | None = None  # the local plugins folder, if any (careerkit.records.config.plugins_folder)


def setup(root: Path, as_of: date | None = None, public: bool = False, plugins_dir: Path | None = None,
          entry_points=None, with_code: bool = True) -> Loaded:
    """The configuration and the plugin manager, before any record is read;
    with the digest of the code when ``with_code`` (what the record cache,
    kept analyses and the site's marker depend on)."""
    # careerkit.yaml: the core keys (plugin sections are checked below)
    config, raw, problems = read_config(root, as_of, public)
    folder = plugins_folder(root, config, plugins_dir)
    # the plugin manager: core kinds, entry points, local plugins folder
    pm = make_plugin_manager(folder, config.disabled, entry_points)
    problems += unknown_disabled(raw, config.disabled, pm.known_names)
    # careerkit_settings: plugin sections of careerkit.yaml against their defaults
    # (each plugin on its own, under careerkit.guard)
    defaults: dict = {}
    for name, result in call_each(pm, "careerkit_settings", {}, "declaring its settings (careerkit_settings)"):
        if not isinstance(result, dict) or not all(isinstance(k, str) for k in result):
            raise PluginError(f"{describe(name, pm)} failed declaring its settings: expected a dict of sections, "
                              f"got {type(result).__name__}")
        defaults.update(result)
    settings, section_problems = check_sections(raw, defaults)
    problems += section_problems
    config = replace(config, sections=MappingProxyType({k: MappingProxyType(v) for k, v in sorted(settings.items())}))
    # careerkit_record_kinds: what each folder of content/ holds
    kinds: list = []
    for name, result in call_each(pm, "careerkit_record_kinds", {}, "declaring record kinds (careerkit_record_kinds)"):
        if not isinstance(result, (list, tuple)):
            raise PluginError(f"{describe(name, pm)} failed declaring record kinds: expected a list, "
                              f"got {type(result).__name__}")
        kinds += result
    return Loaded(config, pm, settings, Records(), problems, kinds, code=_code(pm) if with_code else None,
                  plugins_folder=folder)


def _code(pm: PluginManager) -> dict[str, str]:
    try:
        return code_digests(pm)
    except OSError:
        return {}


def code_of(loaded: Loaded) -> dict[str, str] | None:
    """The digest of careerkit's and each plugin's code (uptodate.code_digests),
    made once per build by setup; None when a file of it cannot be read (then
    nothing is cached or skipped)."""
    code = loaded.code if loaded.code is not None else _code(loaded.pm)
    return code or None


def open_cache(loaded: Loaded, root: Path, previous: Cache | None = None) -> Cache | None:
    """The record cache (careerkit.incremental.cache) for this configuration and these
    record kinds; ``previous`` (kept by `serve` between builds) is used
    again, with what it has in memory, when it is for the same context."""
    code = code_of(loaded)
    if code is None:
        return None
    config = loaded.config
    kind_plugins = sorted({impl.plugin_name for impl in loaded.pm.hook.careerkit_record_kinds.get_hookimpls()})
    parts = [(f"code {name}", code[name].encode()) for name in ["", *kind_plugins] if name in code]
    parts.append(("libraries", library_versions().encode()))
    money = repr((config.currency, sorted(config.fx.items()), config.hours_per_year))
    context = context_digest(context_parts(__version__, parts, [kind.name for kind in loaded.kinds], money))
    if previous is not None and previous.context == context and previous.folder == root / FOLDER:
        return previous
    modules = {type(kind).__module__ for kind in loaded.kinds} | {kind.build.__module__ for kind in loaded.kinds if kind.build}
    return Cache(root, context, classes=(Unbuilt,), modules=modules)


def read_content(loaded: Loaded, root: Path, cache: Cache | None = None, scanned: Scan | None = None) -> Loaded:
    """Read content/ and check every record, through ``cache`` if given."""
    scanned = scanned or scan(root, cache)
    records, record_problems = load_records(scanned, loaded.config, loaded.kinds, cache)
    problems = sorted(loaded.problems + record_problems, key=Problem.sort_key)
    return replace(loaded, records=records, problems=problems, cache=cache, scanned=scanned)


def analyze(loaded: Loaded) -> tuple[list[Analysis], list[Failure]]:
    # careerkit_analyze: each analyzer on its own, failures attributed
    return run_analyzers(loaded.pm, loaded.records, loaded.settings, loaded.config, loaded.config.as_of, memo_for(loaded))


def memo_for(loaded: Loaded) -> Memo | None:
    """Analyses kept from earlier builds (careerkit.incremental.memo), when the records
    came through the record cache."""
    code = code_of(loaded)
    if loaded.cache is None or loaded.scanned is None or code is None:
        return None
    base = key_of([("careerkit", __version__.encode()), ("code", code[""].encode()), ("config", repr(loaded.config).encode())])
    return Memo(loaded.cache, base, code, kind_digests(loaded.scanned.states))


def analyze_or_raise(loaded: Loaded) -> list[Analysis]:
    """The analyses; raises AnalyzerFailures (a PluginError) when an analyzer failed."""
    analyses, failures = analyze(loaded)
    if failures:
        raise AnalyzerFailures(failures)
    return analyses


def render(loaded: Loaded, analyses: list[Analysis], kept: Kept | None = None) -> dict[str, bytes | str]:
    """Every file of the site, rendered in memory (careerkit_pages,
    careerkit_outputs, templates); ``kept`` (`serve`'s careerkit.kept.Kept):
    what earlier builds rendered."""
    from ..site.assemble import render_site  # Jinja2 and markdown-it load only when a build renders

    with attributed(loaded.pm, "adding pages, templates or outputs"):
        files = render_site(loaded.pm, tuple(analyses), loaded.records, loaded.config, kept)
    check_files(files)
    return files


def write(files: dict[str, bytes | str], out: Path, root: Path, inputs: str, statuses: dict[str, str]) -> None:
    """The only step that writes: the site, with its marker (``inputs``,
    see careerkit.incremental.uptodate; "" for none), swapped in whole."""
    marker = marker_text(inputs, files, statuses) if inputs else MARKER_HEAD
    write_site(files, out, root, marker)


@contextmanager
def attributed(pm: PluginManager, doing: str) -> Iterator[None]:
    """Turn an exception raised inside a plugin's hook into a PluginError
    naming the plugin (exit 3); a broken plugin template too.  Anything
    else is careerkit's own bug and propagates."""
    try:
        yield
    except CareerkitError:
        raise
    except (Exception, SystemExit) as exc:
        if type(exc).__module__.startswith("jinja2"):  # a broken (plugin) template
            where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "filename", None) else ""
            message = getattr(exc, "message", None) or exc
            raise PluginError(f"a template failed: {where}{type(exc).__name__}: {message}") from exc
        error = attribute(pm, exc, doing)
        if error is None:
            raise
        raise error from exc


class AnalyzerFailures(PluginError):
    def __init__(self, failures: list[Failure]):
        self.failures = failures
        super().__init__("; ".join(str(f) for f in failures))
