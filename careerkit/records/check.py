"""Checking parsed YAML against a :class:`~careerkit.schema.Shape`: the
validator walks the data (:mod:`careerkit.records.yamlio` keeps a line and
column for every node) and returns the normalized data with every problem
found -- it never stops at the first one."""

from __future__ import annotations

import difflib
import math
import re
from typing import Any

from ..models import Location, Problem
from ..schema import CONTROL, MAX_NUMBER, MAX_YEAR, MIN_YEAR, SLUG, TYPE_WORDS, Field, Shape
from .scalars import currency_problem, date_hint, number_hint, parse_date
from .yamlio import REJECTED


def describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"{value!r} (a number)"
    return repr(value)


class Checker:
    """Validates values against shapes, collecting located problems."""

    def __init__(self, rel: str, currencies: frozenset[str] | None = None):
        self.rel = rel
        self.currencies = currencies
        self.problems: list[Problem] = []

    def add(self, pos: tuple[int, int], path: str, message: str, hint: str | None = None) -> None:
        prefix = f"{path}: " if path else ""
        self.problems.append(Problem(Location(self.rel, *pos), prefix + message, hint))

    def mapping(self, data: Any, shape: Shape, path: str, pos: tuple[int, int]) -> dict | None:
        """Check a mapping; returns a plain dict of the valid values."""
        if data is REJECTED:  # already reported by the YAML reader
            return None
        if not isinstance(data, dict):
            self.add(pos, path, f"expected a mapping, got {describe(data)}")
            return None
        out: dict[str, Any] = {}
        # the position methods looked up once per mapping; a key's own position is needed only for an unknown key
        key_loc, value_loc = getattr(data, "key_loc", None), getattr(data, "value_loc", None)
        for key, value in data.items():
            sub = f"{path}.{key}" if path else str(key)
            spec = shape.by_name.get(key) if isinstance(key, str) else None
            if spec is None:
                if shape.open:
                    if value is not REJECTED:
                        out[key] = value
                    continue
                key_pos = key_loc(key) if key_loc is not None else pos
                close = difflib.get_close_matches(str(key), list(shape.by_name), n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(sorted(shape.by_name))
                self.add(key_pos, "", f"unknown key {str(key)!r}" + (f" in {path}" if path else ""), hint)
                continue
            checked = self.value(value, spec, sub, value_loc(key) if value_loc is not None else pos)
            if checked is not _INVALID:
                out[key] = checked
        for spec in shape.fields:
            if spec.required and spec.name not in data:
                where = f" in {path}" if path else ""
                self.add(pos, "", f"missing required key {spec.name!r}{where}")
        for spec in shape.fields:
            if spec.name not in out and spec.default is not None:
                out[spec.name] = spec.default
        return out

    def value(self, value: Any, spec: Field, path: str, pos: tuple[int, int]) -> Any:
        if value is REJECTED:  # already reported by the YAML reader
            return _INVALID
        if value is None:
            if spec.required:
                self.add(pos, path, "is empty; a value is required")
            return _INVALID
        kind = spec.type
        if kind == "map":
            result = self.mapping(value, spec.shape, path, pos)  # type: ignore[arg-type]
            return _INVALID if result is None else result
        if kind == "list":
            if not isinstance(value, list):
                self.add(pos, path, f"expected a list, got {describe(value)}")
                return _INVALID
            items = []
            for index, item in enumerate(value):
                item_pos = value.item_loc(index) if hasattr(value, "item_loc") else pos
                checked = self.value(item, spec.items, f"{path}[{index}]", item_pos)  # type: ignore[arg-type]
                if checked is not _INVALID:
                    items.append(checked)
            return items
        result = self.scalar(value, spec, path, pos)
        if result is not _INVALID and spec.choices and result not in spec.choices:
            close = difflib.get_close_matches(str(result), [str(c) for c in spec.choices], n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "one of: " + ", ".join(map(str, spec.choices))
            self.add(pos, path, f"{describe(result)} is not one of the allowed values", hint)
            return _INVALID
        return result

    def scalar(self, value: Any, spec: Field, path: str, pos: tuple[int, int]) -> Any:
        kind = spec.type
        if kind == "any":
            return value
        if kind == "bool":
            if isinstance(value, bool):
                return value
            self.add(pos, path, f"expected true or false, got {describe(value)}")
            return _INVALID
        if kind in ("int", "number"):
            ok = isinstance(value, int) if kind == "int" else isinstance(value, (int, float))
            if isinstance(value, bool) or not ok:
                hint = number_hint(value, kind) if isinstance(value, (str, float)) else None
                self.add(pos, path, f"expected {TYPE_WORDS[kind]}, got {describe(value)}", hint)
                return _INVALID
            if isinstance(value, float) and not math.isfinite(value):
                self.add(pos, path, f"expected a finite number, got {value!r}")
                return _INVALID
            if abs(value) > MAX_NUMBER:  # a 341-digit int has no float: compared as an int
                self.add(pos, path, f"expected a finite number under 10^15, got {_short(value)}")
                return _INVALID
            if spec.maximum is not None and value > spec.maximum:
                reason = f" ({spec.bound_doc})" if spec.bound_doc else ""
                high = f"{spec.maximum:,.0f}" if float(spec.maximum).is_integer() else f"{spec.maximum:g}"
                self.add(pos, path, f"must be at most {high}{reason}, got {_short(value)}")
                return _INVALID
            if spec.exclusive_minimum is not None and not value > spec.exclusive_minimum:
                self.add(pos, path, f"must be greater than {spec.exclusive_minimum:g}, got {value!r}")
                return _INVALID
            if spec.minimum is not None and value < spec.minimum:
                self.add(pos, path, f"must be at least {spec.minimum:g}, got {value!r}")
                return _INVALID
            return value
        if not isinstance(value, str):
            hint = "put it in quotes" if kind == "str" and isinstance(value, (int, float, bool)) else None
            self.add(pos, path, f"expected {TYPE_WORDS[kind]}, got {describe(value)}", hint)
            return _INVALID
        if kind == "date":
            parsed = parse_date(value)
            if parsed is None:
                self.add(pos, path, f"{value!r} is not a valid date", date_hint(value))
                return _INVALID
            if not MIN_YEAR <= parsed.year <= MAX_YEAR:
                self.add(pos, path, f"{value} is out of range: dates must be between {MIN_YEAR} and {MAX_YEAR}")
                return _INVALID
            return parsed
        if kind == "slug" and not SLUG.match(value):
            self.add(pos, path, f"{value!r} is not a valid id", "use lowercase letters, digits and '-'")
            return _INVALID
        if kind == "currency":
            wrong = currency_problem(value)
            if wrong is not None:
                self.add(pos, path, f"{value!r} is not an ISO 4217 currency code", wrong or "like USD or EUR")
                return _INVALID
        if kind == "currency" and self.currencies is not None and value not in self.currencies:
            hint = f"add it to careerkit.yaml: fx: {{{value}: <value of 1 {value} in the base currency>}}"
            self.add(pos, path, f"no exchange rate for {value!r}", hint)
            return _INVALID
        bad = CONTROL.search(value)
        if bad:
            self.add(pos, path, f"contains the control character U+{ord(bad.group()):04X} at position {bad.start() + 1}",
                     "remove it (only tab and newline are allowed in text)")
            return _INVALID
        if kind == "str" and not value.strip():
            if spec.required:
                self.add(pos, path, "is empty; a value is required")
            return _INVALID
        return value


_INVALID = object()


def _short(value: Any) -> str:
    """A number for a message: a 341-digit one is not printed whole."""
    text = repr(value)
    return text if len(text) <= 24 else f"a number of {len(text)} characters ({text[:12]}…)"


def locate(data: Any, path: str) -> tuple[int, int]:
    """The line and column of ``path`` (like ``stages[2].date``) in parsed data."""
    pos = (getattr(data, "line", 1), getattr(data, "col", 1))
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("[") and isinstance(data, list):
            index = int(part[1:-1])
            if index >= len(data):
                break
            pos = data.item_loc(index) if hasattr(data, "item_loc") else pos
            data = data[index]
        elif isinstance(data, dict) and part in data:
            pos = data.value_loc(part) if hasattr(data, "value_loc") else pos
            data = data[part]
        else:
            break
    return pos
