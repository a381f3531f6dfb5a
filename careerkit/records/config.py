"""Reading and validating ``careerkit.yaml`` (optional, at the repository root).

Unknown keys are errors, except inside a section that belongs to a plugin:
those are checked against the defaults the plugin declares
(``careerkit_settings``) — unknown keys and wrong types are errors there too.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..models import Config, Location, Owner, Problem
from ..schema import Field, Shape
from .check import Checker, describe, locate
from .scalars import currency_problem
from .yamlio import REJECTED, read_yaml

CONFIG_FILE = "careerkit.yaml"

CONFIG = Shape(
    (
        Field("title", "str", doc="The report's title."),
        Field(
            "owner",
            "map",
            shape=Shape((Field("name", "str"), Field("role", "str"), Field("location", "str"))),
            doc="Whose career this is.",
        ),
        Field("currency", "currency", doc="The base currency (default USD)."),
        Field("hours_per_year", "number", exclusive_minimum=0, maximum=8784, bound_doc="the hours of a leap year",
              doc="Hours in a working year (default 2080; at most 8784)."),
        Field("fx", "map", shape=Shape((), open=True),
              doc="Exchange rates: `EUR: 1.08` = 1 EUR is 1.08 of the base (between 0.000001 and 1,000,000)."),
        Field("as_of", "date", doc="The report date (default today; `--as-of` wins)."),
        Field("inflation", "map", shape=Shape((), open=True),
              doc="Year (1900–2200) → annual CPI change as a fraction, between −0.5 and 1."),
        Field(
            "privacy",
            "map",
            shape=Shape(
                (
                    Field("indexable", "bool", doc="Let search engines index the site."),
                    Field("public", "bool", doc="Initials only, no notes, money in bands."),
                )
            ),
        ),
        Field("plugins_dir", "str", doc="A folder of local .py plugins to load."),
        Field(
            "plugins",
            "map",
            shape=Shape((Field("disable", "list", items=Field("name", "str")),)),
            doc="`disable: [names]` turns plugins off.",
        ),
    ),
    open=True,  # plugin sections are checked by check_sections
    doc="careerkit.yaml",
)


def read_config(root: Path, as_of: date | None = None, public: bool = False) -> tuple[Config, dict, list[Problem]]:
    """Read and check the core keys.  Returns (config, raw data, problems);
    the config has defaults wherever the file had a problem."""
    path = root / CONFIG_FILE
    raw: Any = {}
    problems: list[Problem] = config_file_problems(root)
    if not problems and path.exists():
        raw, problems = read_yaml(path, CONFIG_FILE)  # a folder, pipe or device: "not a regular file"
        if raw is None and not problems:
            raw = {}
    checker = Checker(CONFIG_FILE)
    data = checker.mapping(raw, CONFIG, "", (1, 1)) if raw is not None else None
    problems += checker.problems
    data = data or {}
    raw = raw if isinstance(raw, dict) else {}
    currency = data.get("currency", "USD")
    fx = _numbers(raw.get("fx"), "fx", problems, lambda k: isinstance(k, str) and currency_problem(k) is None,
                  "an ISO 4217 currency code like EUR", FX_BOUNDS,
                  hint=lambda k: (currency_problem(k) or None) if isinstance(k, str) else None)
    inflation = _numbers(raw.get("inflation"), "inflation", problems,
                         lambda k: isinstance(k, int) and not isinstance(k, bool) and 1900 <= k <= 2200,
                         "a year from 1900 to 2200", INFLATION_BOUNDS)
    privacy = data.get("privacy", {})
    owner = data.get("owner", {})
    config = Config(
        as_of=as_of or data.get("as_of") or date.today(),
        title=data.get("title", "Career report"),
        owner=Owner(owner.get("name"), owner.get("role"), owner.get("location")),
        currency=currency,
        hours_per_year=data.get("hours_per_year", 2080),
        fx=MappingProxyType(fx),
        inflation=MappingProxyType(inflation),
        indexable=privacy.get("indexable", False),
        public=public or privacy.get("public", False),
        plugins_dir=data.get("plugins_dir"),
        disabled=tuple(data.get("plugins", {}).get("disable", ())),
    )
    return config, raw, problems


# (lowest, highest, how a message says it): an exchange rate beyond these
# turns pay into inf ("pays inf % more"); a year's CPI change below −50 % or
# above 100 % is a typo (−1 would divide by zero).
FX_BOUNDS = (1e-6, 1e6, "a number between 0.000001 and 1,000,000 (1 EUR in the base currency)")
INFLATION_BOUNDS = (-0.5, 1.0, "a fraction between -0.5 and 1 (0.03 for 3 %)")
SETTING_BOUND = 1e6  # a plugin setting's number: days, counts and thresholds stay far below


def plugins_folder(root: Path, config: Config, override: Path | None = None) -> Path | None:
    """The local plugins folder: ``--plugins-dir`` when given, else the
    config's ``plugins_dir`` (relative to the root), else none."""
    return override or (root / config.plugins_dir if config.plugins_dir else None)


def _numbers(section: Any, name: str, problems: list[Problem], key_ok, key_words: str, bounds: tuple[float, float, str],
             hint=None) -> dict:
    out: dict = {}
    if not isinstance(section, dict):
        return out
    low, high, want = bounds
    for key, value in section.items():
        line, col = section.key_loc(key)
        if not key_ok(key):
            problems.append(Problem(Location(CONFIG_FILE, line, col), f"{name}: key {describe(key)} should be {key_words}",
                                    hint and hint(key)))
            continue
        if value is REJECTED:  # already reported by the YAML reader
            continue
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or not (low <= value <= high):  # a 341-digit int compares fine; inf and nan fail
            vline, vcol = section.value_loc(key)
            shown = describe(value) if len(repr(value)) <= 24 else f"a number of {len(repr(value))} characters"
            problems.append(Problem(Location(CONFIG_FILE, vline, vcol), f"{name}.{key}: expected {want}, got {shown}"))
            continue
        out[key] = float(value)
    return out


def config_file_problems(root: Path) -> list[Problem]:
    """careerkit.yaml must be a regular file inside the repository: a broken
    symbolic link, or one to a file outside the repository (it would be read
    and its text echoed in messages), is an error, never silently skipped
    (``privacy.public: true`` must not be lost without notice).  A folder,
    pipe or device is reported by the YAML reader ("not a regular file")."""
    path = root / CONFIG_FILE
    if not path.is_symlink():
        return []
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return [Problem(Location(CONFIG_FILE), "is a broken symbolic link; careerkit.yaml must be a file",
                        "remove the link, or point it at the configuration")]
    real_root = root.resolve()
    if real_root not in target.parents:
        return [Problem(Location(CONFIG_FILE), "is a symbolic link to a file outside the repository; it is not read",
                        "copy the configuration into the repository")]
    return []


def unknown_disabled(raw: Any, disabled: tuple[str, ...], known: set[str]) -> list[Problem]:
    """``plugins: {disable: [...]}`` naming a plugin that does not exist (a
    typo would leave the plugin on without notice)."""
    problems = []
    for index, name in enumerate(disabled):
        if name in known:
            continue
        line, col = locate(raw, f"plugins.disable[{index}]")
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "plugins: " + ", ".join(sorted(known))
        problems.append(Problem(Location(CONFIG_FILE, line, col), f"plugins.disable: no plugin is named {name!r}", hint))
    return problems


def check_sections(raw: dict, defaults: Mapping[str, Mapping[str, Any]]) -> tuple[dict, list[Problem]]:
    """Check the plugin sections against their defaults; returns the merged
    settings by section and the problems (unknown sections included)."""
    problems: list[Problem] = []
    merged = {name: dict(values) for name, values in defaults.items()}
    known = set(CONFIG.by_name) | set(defaults)
    for key, value in raw.items():
        if key in CONFIG.by_name:
            continue
        line, col = raw.key_loc(key) if hasattr(raw, "key_loc") else (1, 1)
        if key not in defaults:
            close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(sorted(known))
            problems.append(Problem(Location(CONFIG_FILE, line, col), f"unknown key {str(key)!r}", hint))
            continue
        if value is None:
            continue
        if not isinstance(value, dict):
            message = f"{key}: expected a mapping of settings, got {describe(value)}"
            problems.append(Problem(Location(CONFIG_FILE, line, col), message))
            continue
        for name, setting in value.items():
            sline, scol = value.key_loc(name) if hasattr(value, "key_loc") else (line, col)
            if name not in defaults[key]:
                close = difflib.get_close_matches(str(name), list(defaults[key]), n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "known settings: " + ", ".join(sorted(defaults[key]))
                problems.append(Problem(Location(CONFIG_FILE, sline, scol), f"{key}: unknown setting {str(name)!r}", hint))
                continue
            default = defaults[key][name]
            if setting is REJECTED:  # already reported by the YAML reader
                continue
            if not _same_type(setting, default):
                vline, vcol = locate(value, str(name))
                message = f"{key}.{name}: expected {_type_word(default)}, got {describe(setting)}"
                problems.append(Problem(Location(CONFIG_FILE, vline, vcol), message))
                continue
            merged[key][name] = setting
    return merged, problems


def _same_type(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or default is None:
        return default is None or isinstance(value, bool)
    if isinstance(default, (int, float)):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return (
            ok
            and (isinstance(value, int) or not isinstance(default, int))
            and abs(value) <= SETTING_BOUND
            and math.isfinite(value)
        )
    if isinstance(default, (list, tuple)):
        return isinstance(value, list)
    return isinstance(value, type(default))


def _type_word(default: Any) -> str:
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, int):
        return "a whole number between -1,000,000 and 1,000,000"
    if isinstance(default, float):
        return "a number between -1,000,000 and 1,000,000"
    if isinstance(default, (list, tuple)):
        return "a list"
    return "text" if isinstance(default, str) else type(default).__name__
