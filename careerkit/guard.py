"""Running plugin code so that a careless or hostile plugin cannot harm the
build beyond failing it (exit 3, naming the plugin).

Every plugin import and every hook call runs through ``plugin_code()``:

- **stdout** goes to stderr meanwhile, so a ``print()`` in a hook cannot
  corrupt ``check --format json`` or any other machine-read output;
- **the working folder** is put back afterwards, so ``os.chdir()`` in a plugin
  cannot move where the site is written (the paths careerkit holds may be
  relative to it);
- **any exception** — ``BaseException`` subclasses and ``SystemExit``
  included, only ``KeyboardInterrupt`` (Ctrl-C) passes through — becomes a
  PluginError naming the plugin;
- **a time limit**: a hook that has not returned after
  ``plugin_timeout()`` seconds (60; ``CAREERKIT_PLUGIN_TIMEOUT``, else
  ``CAREERKIT_ANALYZER_TIMEOUT``) is reported as a failure and left behind
  in its daemon thread, so the process still ends.  Importing a plugin has
  the same limit.

``call_each`` calls every implementation of a hook on its own (pluggy would
stop at the first exception and not say whose it was) and returns each
plugin's result with its name, for the caller to check.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import traceback
from collections.abc import Iterator
from typing import Any

from .errors import PluginError

PLUGIN_TIMEOUT = 60.0
_depth = 0
_lock = threading.Lock()


def plugin_timeout() -> float:
    for variable in ("CAREERKIT_PLUGIN_TIMEOUT", "CAREERKIT_ANALYZER_TIMEOUT"):
        try:
            value = float(os.environ.get(variable, ""))
        except ValueError:
            continue
        if value > 0:
            return value
    return PLUGIN_TIMEOUT


@contextlib.contextmanager
def plugin_code() -> Iterator[None]:
    """Plugin code runs inside: its stdout goes to stderr, and the working
    folder it may change is restored.  Re-entrant."""
    global _depth
    with _lock:
        outer = _depth == 0
        _depth += 1
    saved_out = sys.stdout
    try:
        cwd = os.getcwd()
    except OSError:
        cwd = None
    if outer:
        with contextlib.suppress(Exception):
            saved_out.flush()
        sys.stdout = sys.stderr
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
        if outer:
            with contextlib.suppress(Exception):
                sys.stderr.flush()
            sys.stdout = saved_out
        if cwd is not None:
            with contextlib.suppress(OSError):
                if os.getcwd() != cwd:
                    os.chdir(cwd)


def call_with_time_limit(function, arguments: list, limit: float) -> dict:
    """``function(*arguments)`` in a daemon thread, under ``plugin_code``:
    {"result": ...}, or {"error": exc, "traceback": text}; raises
    TimeoutError when it did not return within ``limit`` seconds."""
    outcome: dict = {}

    def work():
        try:
            outcome["result"] = function(*arguments)
        except BaseException as exc:  # reported by the caller, with its traceback
            outcome["error"] = exc
            outcome["traceback"] = traceback.format_exc()

    with plugin_code():
        worker = threading.Thread(target=work, name=f"careerkit-plugin-{getattr(function, '__module__', '')}", daemon=True)
        worker.start()
        worker.join(limit)
    if worker.is_alive():
        raise TimeoutError
    return outcome


def describe(name: str, pm) -> str:
    origin = pm.origins.get(name, "") if pm is not None else ""
    return f"plugin {name!r} ({origin})" if str(origin) else f"plugin {name!r}"


def outcome_or_raise(outcome: dict, who: str, doing: str) -> Any:
    """The result, or a PluginError for the exception (Ctrl-C passes)."""
    if "error" in outcome:
        exc = outcome["error"]
        if isinstance(exc, KeyboardInterrupt):
            raise exc
        error = PluginError(f"{who} failed {doing}: {type(exc).__name__}: {exc}")
        error.plugin_traceback = outcome.get("traceback", "")
        raise error from exc
    return outcome.get("result")


def call_each(pm, hook_name: str, kwargs: dict, doing: str) -> list[tuple[str, Any]]:
    """(plugin name, result) of every implementation of ``hook_name``, each
    called on its own under the guard, in pluggy's order.  Raises PluginError
    naming the plugin that failed or did not return in time."""
    caller = getattr(pm.hook, hook_name)
    impls = list(reversed(caller.get_hookimpls()))  # pluggy calls the last registered first
    if any(getattr(impl, "hookwrapper", False) or getattr(impl, "wrapper", False) for impl in impls):
        with plugin_code():  # wrappers need pluggy's own call
            return [("", result) for result in caller(**kwargs)]
    limit = plugin_timeout()
    results = []
    for impl in impls:
        who = describe(impl.plugin_name, pm)
        try:
            outcome = call_with_time_limit(impl.function, [kwargs[arg] for arg in impl.argnames], limit)
        except TimeoutError:
            raise PluginError(f"{who} failed {doing}: did not finish within {limit:g} s "
                              "(CAREERKIT_PLUGIN_TIMEOUT); is it stuck?") from None
        result = outcome_or_raise(outcome, who, doing)
        if result is not None:
            results.append((impl.plugin_name, result))
    return results


def text_problem(value: Any, depth: int = 0) -> str | None:
    """Why a plugin's value cannot be written as UTF-8 text: a lone
    surrogate or a NUL anywhere in its strings (None when it can)."""
    if depth > 40:
        return None
    if isinstance(value, str):
        if "\0" in value:
            return f"text {value[:40]!r} contains a NUL character"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"text {value[:40]!r} contains {value[exc.start]!r}, which is not valid Unicode (a lone surrogate)"
        return None
    if isinstance(value, (list, tuple)):
        for item in value:
            problem = text_problem(item, depth + 1)
            if problem:
                return problem
        return None
    if isinstance(value, dict) or hasattr(value, "items") and callable(value.items):
        with contextlib.suppress(Exception):
            for key, item in value.items():
                problem = text_problem(key, depth + 1) or text_problem(item, depth + 1)
                if problem:
                    return problem
        return None
    fields = getattr(value, "__dataclass_fields__", None)
    if fields:
        for name in fields:
            problem = text_problem(getattr(value, name, None), depth + 1)
            if problem:
                return problem
    return None
