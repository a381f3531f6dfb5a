"""The pipeline: config → plugin manager → read records → validate →
analyze → pages → render in memory → write atomically.

Nothing touches the output folder until every file has rendered in memory;
the new site is written next to it and swapped in whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .analyze import Failure, run_analyzers
from .config import check_sections, read_config
from .errors import PluginError
from .loader import load_records
from .models import Analysis, Config, Problem, Records
from .plugins import PluginManager, make_plugin_manager
from .site import render_site
from .writer import check_output, write_site


@dataclass
class Loaded:
    """What `check` and `build` share: configuration, plugins, records."""

    config: Config
    pm: PluginManager | None = None
    settings: dict = field(default_factory=dict)
    records: Records = field(default_factory=Records)
    problems: list[Problem] = field(default_factory=list)


def load(root: Path, as_of: date | None = None, public: bool = False, plugins_dir: Path | None = None, entry_points=None) -> Loaded:
    """Read the configuration, make the plugin manager, read and validate
    every record.  Raises PluginError when a plugin cannot load."""
    # careerkit.yaml: the core keys (plugin sections are checked below)
    config, raw, problems = read_config(root, as_of, public)
    folder = plugins_dir or (root / config.plugins_dir if config.plugins_dir else None)
    # the plugin manager: core kinds, entry points, local plugins folder
    pm = make_plugin_manager(folder, config.disabled, entry_points)
    # careerkit_settings: plugin sections of careerkit.yaml against their defaults
    defaults: dict = {}
    for result in pm.hook.careerkit_settings():
        defaults.update(result or {})
    settings, section_problems = check_sections(raw, defaults)
    problems += section_problems
    # careerkit_record_kinds: read content/ and check every record
    kinds = [kind for result in pm.hook.careerkit_record_kinds() for kind in result or ()]
    records, record_problems = load_records(root, config, kinds)
    problems = sorted(problems + record_problems, key=Problem.sort_key)
    return Loaded(config, pm, settings, records, problems)


def analyze(loaded: Loaded) -> tuple[list[Analysis], list[Failure]]:
    # careerkit_analyze: each analyzer on its own, failures attributed
    return run_analyzers(loaded.pm, loaded.records, loaded.settings, loaded.config, loaded.config.as_of)


def build(loaded: Loaded, out: Path, root: Path) -> list[Analysis]:
    """Analyze, render everything in memory, then write the site atomically.
    Raises PluginError when an analyzer failed (the site is untouched)."""
    check_output(out, root)
    analyses, failures = analyze(loaded)
    if failures:
        raise AnalyzerFailures(failures)
    # careerkit_pages, careerkit_outputs, templates: everything rendered in memory
    files = render_site(loaded.pm, analyses, loaded.records, loaded.config)
    # the only step that writes
    write_site(files, out, root)
    return analyses


class AnalyzerFailures(PluginError):
    def __init__(self, failures: list[Failure]):
        self.failures = failures
        super().__init__("; ".join(str(f) for f in failures))
