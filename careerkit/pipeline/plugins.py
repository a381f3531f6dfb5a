"""Building the plugin manager: hook specs, the core, entry points, and the
opt-in local plugins folder.  A fresh manager per build and per test."""

from __future__ import annotations

import difflib
import importlib.util
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pluggy

from .. import hookspecs
from ..errors import PluginError
from ..records import kinds

GROUP = "careerkit"


@dataclass(frozen=True)
class Origin:
    """Where a plugin comes from: `core`, `entry point` or `local file`."""

    kind: str
    source: str = ""
    version: str = ""

    def __str__(self) -> str:
        text = f"{self.kind} {self.source}".strip()
        return f"{text} {self.version}".strip()


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, remembering where each plugin came from."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.origins: dict[str, Origin] = {}
        self.known_names: set[str] = set()  # every plugin found, disabled ones included


def make_plugin_manager(
    plugins_dir: Path | None = None,
    disabled: Iterable[str] = (),
    entry_points: Iterable | None = None,
) -> PluginManager:
    """Specs, core, entry points (``entry_points`` replaces the installed
    ones, for tests), then local ``*.py`` files; ``check_pending`` last so a
    misspelt hook name fails loudly."""
    pm = PluginManager()
    pm.add_hookspecs(hookspecs)
    for name in disabled:
        pm.set_blocked(name)
    pm.register(kinds, name="core")
    pm.origins["core"] = Origin("core", "careerkit.records.kinds")
    if entry_points is None:
        from importlib.metadata import entry_points as installed

        entry_points = installed(group=GROUP)
    pm.known_names.add("core")
    for ep in sorted(entry_points, key=lambda e: e.name):
        pm.known_names.add(ep.name)
        if pm.is_blocked(ep.name) or pm.has_plugin(ep.name):
            continue
        dist = getattr(ep, "dist", None)
        origin = Origin("entry point", dist.name if dist else ep.value, dist.version if dist else "")
        plugin = _import(ep.load, [], f"plugin {ep.name!r} ({origin})")
        _register(pm, plugin, ep.name, origin)
    if plugins_dir is not None:
        if not plugins_dir.is_dir():
            raise PluginError(f"plugins folder {plugins_dir} does not exist")
        try:
            names = sorted(entry.name for entry in os.scandir(plugins_dir) if entry.name.endswith(".py"))
        except OSError as exc:  # an unreadable folder is not an empty one
            raise PluginError(f"plugins folder {plugins_dir} cannot be read: {exc.strerror or exc}") from exc
        for path in (plugins_dir / name for name in names):
            if path.name.startswith(("_", ".")):
                continue
            pm.known_names.add(path.stem)
            if pm.is_blocked(path.stem):
                continue
            _register(pm, load_file(path), path.stem, Origin("local file", str(path)))
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        pending = sorted(_pending(pm, exc.plugin))
        close = [m for n in pending for m in difflib.get_close_matches(n, _hook_names(), n=1, cutoff=0.8)]
        hint = f"did you mean {', '.join(close)}?" if close else f"careerkit's hooks: {', '.join(_hook_names())}"
        raise PluginError(
            f"plugin {name!r} ({pm.origins.get(name, Origin('unknown'))}) implements "
            f"{', '.join(pending) or 'a hook'}, which careerkit does not have ({hint})"
        ) from exc
    return pm


def _hook_names() -> list[str]:
    return sorted(name for name in vars(hookspecs) if name.startswith("careerkit_"))


def _pending(pm: PluginManager, plugin) -> set[str]:
    """The hook names ``plugin`` implements that have no spec."""
    return {
        caller.name
        for caller in pm.get_hookcallers(plugin) or ()
        if caller.spec is None and not caller.name.startswith("_")
    }


def _register(pm: PluginManager, plugin, name: str, origin: Origin) -> None:
    if pm.has_plugin(name) or pm.get_plugin(name) is not None:
        raise PluginError(f"two plugins are named {name!r}: {pm.origins.get(name)} and {origin}")
    try:
        pm.register(plugin, name=name)
    except (ValueError, pluggy.PluginValidationError) as exc:
        raise PluginError(f"plugin {name!r} ({origin}): {exc}") from exc
    pm.origins[name] = origin


def load_file(path: Path):
    """Import a local plugin file through an importlib spec (tracebacks point
    at the real file)."""
    module_name = f"careerkit_local_plugins.{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise PluginError(f"cannot load plugin file {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        _import(spec.loader.exec_module, [module], f"plugin file {path}")
    except PluginError:
        sys.modules.pop(module_name, None)
        raise
    return module


def _import(function, arguments: list, who: str):
    """Run a plugin's import under careerkit.guard: its prints go to stderr,
    its os.chdir is undone, any exception (BaseException included; Ctrl-C
    passes) or a hang past the time limit is a PluginError naming it."""
    from ..guard import call_with_time_limit, plugin_timeout

    limit = plugin_timeout()
    try:
        outcome = call_with_time_limit(function, arguments, limit)
    except TimeoutError:
        raise PluginError(f"{who} failed to load: did not finish importing within {limit:g} s "
                          "(CAREERKIT_PLUGIN_TIMEOUT)") from None
    if "error" in outcome:
        exc = outcome["error"]
        if isinstance(exc, KeyboardInterrupt):
            raise exc
        raise PluginError(f"{who} failed to load: {type(exc).__name__}: {exc}") from exc
    return outcome.get("result")


def describe_plugins(pm: PluginManager) -> list[dict]:
    """Name, origin and hooks of every registered plugin, sorted by name."""
    rows = []
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        if plugin is None:
            continue
        hooks = sorted(caller.name for caller in pm.get_hookcallers(plugin) or ())
        origin = pm.origins.get(name, Origin("unknown"))
        rows.append({"name": name, "kind": origin.kind, "source": origin.source, "version": origin.version, "hooks": hooks})
    return rows
