"""Calling each analyzer on its own (pluggy would stop the whole hook call
at the first exception), attributing each failure to its plugin."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Mapping

from .models import SEVERITIES, STATUSES, Analysis, Config, Records
from .plugins import PluginManager


@dataclass(frozen=True)
class Failure:
    """An analyzer that raised or returned something that is not an Analysis."""

    plugin: str
    origin: str
    message: str
    traceback: str = ""

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} ({self.origin}) failed: {self.message}"


def run_analyzers(
    pm: PluginManager,
    records: Records,
    settings: Mapping[str, Mapping[str, Any]],
    config: Config,
    as_of: date,
) -> tuple[list[Analysis], list[Failure]]:
    """Every analyzer's result, sorted by name, and every failure."""
    analyses: list[Analysis] = []
    failures: list[Failure] = []
    for impl in pm.hook.careerkit_analyze.get_hookimpls():
        name = impl.plugin_name
        origin = str(pm.origins.get(name, ""))
        arguments = {
            "records": records,
            "settings": MappingProxyType(dict(settings.get(name, {}))),
            "config": config,
            "as_of": as_of,
        }
        try:
            result = impl.function(*(arguments[arg] for arg in impl.argnames))
        except Exception as exc:  # a plugin's bug, reported with its name
            failures.append(Failure(name, origin, f"{type(exc).__name__}: {exc}", traceback.format_exc()))
            continue
        if result is None:
            continue
        problem = _check_result(result)
        if problem:
            failures.append(Failure(name, origin, problem))
            continue
        analyses.append(result)
    analyses.sort(key=lambda a: a.name)
    names = [a.name for a in analyses]
    for name in sorted({n for n in names if names.count(n) > 1}):
        failures.append(Failure(name, "", f"two analyzers returned the name {name!r}"))
    return analyses, failures


def _check_result(result: Any) -> str | None:
    if not isinstance(result, Analysis):
        return f"returned {type(result).__name__}, expected careerkit.Analysis"
    if result.status not in STATUSES:
        return f"status {result.status!r} is not one of {', '.join(STATUSES)}"
    for key, metric in result.metrics.items():
        if metric.status not in (None, *STATUSES):
            return f"metric {key!r} has status {metric.status!r}"
    for finding in result.findings:
        if finding.severity not in SEVERITIES:
            return f"finding severity {finding.severity!r} is not one of {', '.join(SEVERITIES)}"
    return None
