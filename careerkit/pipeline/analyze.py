"""Calling each analyzer on its own (pluggy would stop the whole hook call
at the first exception), attributing each failure to its plugin."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..errors import PluginError
from ..guard import call_with_time_limit, text_problem
from ..incremental.memo import watched
from ..models import SEVERITIES, STATUSES, Analysis, Config, Finding, Metric, Records

if TYPE_CHECKING:  # pragma: no cover
    from ..incremental.memo import Memo
    from .plugins import PluginManager

# Each analyzer runs in a worker thread and gets this long (seconds) to return;
# one that hangs is reported as a plugin failure (exit 3) and left behind in
# its daemon thread, so the process still ends promptly.  The environment
# variable CAREERKIT_ANALYZER_TIMEOUT overrides it.
ANALYZER_TIMEOUT = 60.0


def analyzer_timeout() -> float:
    try:
        value = float(os.environ.get("CAREERKIT_ANALYZER_TIMEOUT", ANALYZER_TIMEOUT))
    except ValueError:
        return ANALYZER_TIMEOUT
    return value if value > 0 else ANALYZER_TIMEOUT


def _call_with_time_limit(function, arguments: list, limit: float):
    """``function(*arguments)`` in a daemon thread, its stdout sent to stderr
    and the working folder restored (careerkit.guard): (result, None), or
    (None, exc_info) when it raised, or raises TimeoutError when it did not
    return within ``limit`` seconds."""
    return call_with_time_limit(function, arguments, limit)


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
    memo: Memo | None = None,
) -> tuple[list[Analysis], list[Failure]]:
    """Every analyzer's result, sorted by name, and every failure.  With a
    :class:`~careerkit.incremental.memo.Memo`, an analyzer whose inputs are unchanged
    since it last ran is not run again: its kept analysis is used."""
    analyses: list[Analysis] = []
    failures: list[Failure] = []
    made_by: dict[int, str] = {}  # id(analysis) -> the plugin that returned it
    for impl in pm.hook.careerkit_analyze.get_hookimpls():
        name = impl.plugin_name
        origin = str(pm.origins.get(name, ""))
        kept = memo.get(name) if memo is not None else None
        if kept is not None:
            analyses.append(kept)
            made_by[id(kept)] = name
            continue
        seen: set = set()
        arguments = {
            "records": records if memo is None else watched(records, seen),
            "settings": MappingProxyType(dict(settings.get(name, {}))),
            "config": config,
            "as_of": as_of,
        }
        limit = analyzer_timeout()
        try:
            outcome = _call_with_time_limit(impl.function, [arguments[arg] for arg in impl.argnames], limit)
        except TimeoutError:
            message = f"did not finish within {limit:g} s (CAREERKIT_ANALYZER_TIMEOUT); is it stuck?"
            failures.append(Failure(name, origin, message))
            continue
        if "error" in outcome:
            exc = outcome["error"]
            if isinstance(exc, KeyboardInterrupt):  # Ctrl-C; any other BaseException is the plugin's failure
                raise exc
            failures.append(Failure(name, origin, f"{type(exc).__name__}: {exc}", outcome["traceback"]))
            continue
        result = outcome["result"]
        if result is None:
            continue
        problem = _check_result(result) or text_problem(result)
        if problem:
            failures.append(Failure(name, origin, problem))
            continue
        analyses.append(_frozen(result))
        made_by[id(analyses[-1])] = name
        if memo is not None:
            memo.put(name, seen, analyses[-1])
    analyses.sort(key=lambda a: a.name)
    failures += _name_clashes(pm, analyses, made_by)
    return analyses, failures


def _name_clashes(pm: PluginManager, analyses: list[Analysis], made_by: dict[int, str]) -> list[Failure]:
    """Two analyzers returning one Analysis name (it names the page and the
    report.json entry): the plugin whose own name differs from it is the one
    that took another's name, and is blamed (all of them when none has it)."""
    failures = []
    names = [a.name for a in analyses]
    for clash in sorted({n for n in names if names.count(n) > 1}):
        plugins = sorted({made_by.get(id(a), "?") for a in analyses if a.name == clash})
        claimants = [p for p in plugins if p != clash] if clash in plugins else plugins
        for plugin in claimants:
            others = ", ".join(repr(p) for p in plugins if p != plugin)
            failures.append(Failure(plugin, str(pm.origins.get(plugin, "")),
                                    f"returned the analysis name {clash!r}, which plugin {others} also returns; "
                                    f"name the analysis after its plugin ({plugin!r})"))
    return failures


def _frozen(result: Analysis) -> Analysis:
    """The analysis with read-only containers, so a page or output plugin
    cannot change what the report, or another plugin, sees."""
    return replace(
        result,
        metrics=MappingProxyType(dict(result.metrics)),
        findings=tuple(result.findings),
        sections=tuple(result.sections),
        headline=tuple(result.headline),
    )


def _check_result(result: Any) -> str | None:
    """Why ``result`` cannot be used as an Analysis (None when it can)."""
    if not isinstance(result, Analysis):
        return f"returned {type(result).__name__}, expected careerkit.Analysis"
    for attr in ("name", "title", "summary", "methodology"):
        if not isinstance(getattr(result, attr), str):
            return f"Analysis.{attr} is {type(getattr(result, attr)).__name__}, expected text"
    if not result.name:
        return "Analysis.name is empty"
    if (
        len(result.name) > 100
        or result.name.startswith(".")
        or any(c in "/\\" or ord(c) < 32 or ord(c) == 127 for c in result.name)
    ):
        return (
            f"Analysis.name {result.name[:40]!r} cannot name a page"
            " (no '/', '\\', control characters or leading '.'; at most 100)"
        )
    if result.status not in STATUSES:
        return f"status {result.status!r} is not one of {', '.join(STATUSES)}"
    if not isinstance(result.metrics, Mapping):
        return f"Analysis.metrics is {type(result.metrics).__name__}, expected a mapping of careerkit.Metric"
    for key, metric in result.metrics.items():
        if not isinstance(key, str) or not isinstance(metric, Metric):
            return f"metric {key!r} is {type(metric).__name__}, expected careerkit.Metric"
        if metric.status not in (None, *STATUSES):
            return f"metric {key!r} has status {metric.status!r}"
        if not isinstance(metric.unit, str) or not isinstance(metric.label, str):
            return f"metric {key!r}: unit and label must be text"
        if not _plain(metric.value):
            return (
                f"metric {key!r} has a value of type {type(metric.value).__name__};"
                " use numbers, text, dates, lists or mappings of them"
            )
    if not isinstance(result.findings, (tuple, list)):
        return f"Analysis.findings is {type(result.findings).__name__}, expected a tuple of careerkit.Finding"
    for finding in result.findings:
        if not isinstance(finding, Finding):
            return f"a finding is {type(finding).__name__}, expected careerkit.Finding"
        if finding.severity not in SEVERITIES:
            return f"finding severity {finding.severity!r} is not one of {', '.join(SEVERITIES)}"
        if not isinstance(finding.message, str) or not all(isinstance(r, str) for r in finding.records):
            return "a finding's message and records must be text"
        if finding.due is not None and type(finding.due) is not date:
            return f"a finding's due is {type(finding.due).__name__}, expected a datetime.date or None"
    for part in ("sections", "headline"):
        if not isinstance(getattr(result, part), (tuple, list)):
            return f"Analysis.{part} is {type(getattr(result, part)).__name__}, expected a tuple"
    return None


def _plain(value: Any, depth: int = 0) -> bool:
    """A metric value report.json can hold."""
    if depth > 20:
        return False
    if value is None or isinstance(value, (bool, int, float, str, date)):
        return True
    if isinstance(value, Mapping):
        return all(isinstance(k, (str, int)) and _plain(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(_plain(v, depth + 1) for v in value)
    return False


def attribute(pm: PluginManager, exc: BaseException, doing: str) -> PluginError | None:
    """A PluginError naming the plugin whose hook implementation raised
    ``exc`` (found in the traceback), or None when no plugin code is in it."""
    codes: dict[Any, str] = {}
    for name, plugin in pm.list_name_plugin():
        for caller in pm.get_hookcallers(plugin) or ():
            for impl in caller.get_hookimpls():
                if impl.plugin_name == name:
                    function = getattr(impl.function, "__func__", impl.function)
                    code = getattr(function, "__code__", None)
                    if code is not None:
                        codes[code] = name
    tb = exc.__traceback__
    while tb is not None:
        name = codes.get(tb.tb_frame.f_code)
        if name is not None:
            origin = pm.origins.get(name, "")
            return PluginError(f"plugin {name!r} ({origin}) failed {doing}: {type(exc).__name__}: {exc}")
        tb = tb.tb_next
    return None
