"""Record shapes, declared once: the validator checks data against them and
:func:`json_schema` exports the same declaration as JSON Schema for editors.

A :class:`Shape` is a mapping with known :class:`Field` s.  Validation walks
the parsed YAML (:mod:`careerkit.records.yamlio` keeps a line and column for every
node) and returns the normalized data with every problem found — it never
stops at the first one.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .models import Location, Problem
from .records.yamlio import REJECTED

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
# Bounds every value must keep (docs/records.md "Bounds"): a value `check`
# accepts must build.  Dates far from today overflow the analyzers' date
# arithmetic; numbers beyond a float's range, or ratios of them, become inf.
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_NUMBER = 10**15  # any number in a record or the config, whatever its field
# Control characters (C0 but tab and newline, DEL, C1) have no place in text
# and are forbidden in .ics by RFC 5545; they would reach HTML and Markdown raw.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TYPE_WORDS = {
    "str": "text", "slug": "an id (lowercase letters, digits and '-')", "date": "a date (YYYY-MM-DD)",
    "int": "a whole number", "number": "a number", "bool": "true or false",
    "currency": "a currency code like USD", "list": "a list", "map": "a mapping",
    "any": "any value",
}


@dataclass(frozen=True)
class Field:
    """One key of a mapping.  ``type`` is one of str, slug, date, int, number,
    bool, currency, list (of ``items``), map (a ``shape``) or any."""

    name: str
    type: str
    required: bool = False
    choices: tuple = ()
    items: Field | None = None
    shape: Shape | None = None
    minimum: float | None = None
    exclusive_minimum: float | None = None
    maximum: float | None = None
    bound_doc: str = ""  # why the maximum, for the message ("pay under 10^9 a year")
    default: Any = None
    doc: str = ""
    private: bool = False  # never shown on the site (SPEC: Privacy)


@dataclass(frozen=True)
class Shape:
    """A mapping with known keys; unknown keys are errors."""

    fields: tuple[Field, ...]
    doc: str = ""
    open: bool = False  # accept unknown keys (plugin-owned sections)
    by_name: dict = field(default=None, compare=False, repr=False)  # type: ignore[assignment]

    def __post_init__(self):
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})


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


# --- hints that fit the mistake --------------------------------------------------

_SCALE = {"k": 1_000, "m": 1_000_000}
_WORDS = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million",
}


def number_hint(value: str | float, kind: str = "number") -> str:
    """What to write instead of ``value`` where a number was expected:
    ``120k`` -> write 120000, ``145,000`` -> write 145000, ``$145000``,
    ``1_000``, a number in words, a quoted number."""
    if isinstance(value, float):  # only reached for an int field
        return f"write a whole number, like {math.floor(value)}"
    text = value.strip()
    plain = text.lstrip("$€£¥").strip()
    sign = "" if plain == text else " (the currency goes in `currency:`, not in the number)"
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kKmM])", plain)
    if match:
        number = float(match.group(1)) * _SCALE[match.group(2).lower()]
        return f"write {number:.0f}{sign}"
    if re.fullmatch(r"\d{1,3}(?:[,_ ]\d{3})+(?:\.\d+)?|\d+(?:_\d+)+", plain):
        return f"write {re.sub(r'[,_ ]', '', plain)}, without separators{sign}"
    if re.fullmatch(r"-?\d+(?:\.\d+)?", plain):
        number = re.sub(r"\.0+$", "", plain) if kind == "int" else plain
        return f"write {number}{sign}" if sign else "write it without quotes"
    words = re.findall(r"[a-z]+", text.lower())
    if words and all(word in _WORDS or word == "and" for word in words):
        return "write the number in digits"
    return "write a number in digits, like 120000" if kind == "number" else "write a whole number in digits, like 90"


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def date_hint(text: str) -> str:
    """What is wrong with a date that is not a real YYYY-MM-DD day."""
    import calendar

    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        other = re.fullmatch(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})", text.strip())
        if other:
            return f"write dates as YYYY-MM-DD: {other.group(1)}-{int(other.group(2)):02d}-{int(other.group(3)):02d}"
        return "write dates as YYYY-MM-DD"
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month}: months run from 01 to 12"
    days = calendar.monthrange(year, month)[1]
    if day == 0:
        return "there is no day 00: days start at 01"
    if month == 2 and day == 29:
        return f"there is no 29 February in {year}: it is not a leap year"
    return f"there is no {day} {_MONTHS[month - 1]}: {_MONTHS[month - 1]} {year} has {days} days"


def currency_problem(code: str) -> str | None:
    """None for an ISO 4217 code; otherwise the hint to give ("" when no
    code is close)."""
    known = iso_currencies()
    if code in known:
        return None
    if code.upper() in known:
        return f"did you mean {code.upper()!r}? currency codes are upper case"
    upper = code.upper()
    near = sorted((k for k in known if len(upper) == 3 and sum(a != b for a, b in zip(k, upper, strict=True)) == 1),
                  key=lambda k: (k not in COMMON_CURRENCIES, k[0] != upper[0], k))
    return f"did you mean {near[0]!r}?" if near else ""


# preferred when a mistyped code is one letter away from several
COMMON_CURRENCIES = frozenset([
    "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "INR", "SEK",
    "NOK", "DKK", "PLN", "BRL", "MXN", "SGD", "HKD", "NZD", "ZAR", "KRW",
])


@functools.cache
def iso_currencies() -> frozenset[str]:
    """The ISO 4217 currency codes (from pycountry's copy of the standard)."""
    import pycountry

    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def parse_date(text: str) -> date | None:
    if not DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def slugify(text: str) -> str:
    """'Jane O'Neil — Acme' -> 'jane-o-neil-acme' (ASCII, at most 100 chars).
    Accents go (NFKD); a letter with no ASCII form in NFKD is transliterated
    (anyascii): 'Ørsted' -> 'orsted', 'Иван Петров' -> 'ivan-petrov', '王伟' ->
    'wang-wei' (a Chinese character is a syllable of its own)."""
    text = str(text)
    if not text.isascii():
        text = _to_ascii(text)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:100].strip("-") or "record"


def slugify_all(text: str) -> str:
    """slugify without the length limit (and "" for no letters)."""
    text = str(text)
    return re.sub(r"[^a-z0-9]+", "-", (text if text.isascii() else _to_ascii(text)).lower()).strip("-")


def _to_ascii(text: str) -> str:
    import unicodedata

    from anyascii import anyascii

    out = []
    for char in unicodedata.normalize("NFKD", text):
        if char.isascii():
            out.append(char)
        elif char.isalnum():
            spelled = anyascii(char)
            syllable = unicodedata.category(char) == "Lo" and spelled[:1].isupper()
            out.append(f" {spelled} " if syllable else spelled)
    return "".join(out)


# --- JSON Schema export -------------------------------------------------------


def json_schema(shape: Shape, title: str = "", description: str = "") -> dict:
    """The shape as a JSON Schema (draft 2020-12) document."""
    doc = _shape_schema(shape)
    doc = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **doc}
    if description:
        doc["description"] = description
    return doc


def _shape_schema(shape: Shape) -> dict:
    out: dict[str, Any] = {"type": "object", "properties": {f.name: _field_schema(f) for f in shape.fields}}
    required = [f.name for f in shape.fields if f.required]
    if required:
        out["required"] = required
    out["additionalProperties"] = bool(shape.open)
    if shape.doc:
        out["description"] = shape.doc
    return out


def _field_schema(spec: Field) -> dict:
    kind = spec.type
    if kind == "map":
        out = _shape_schema(spec.shape)  # type: ignore[arg-type]
    elif kind == "list":
        out = {"type": "array", "items": _field_schema(spec.items)}  # type: ignore[arg-type]
    elif kind == "date":
        out = {"type": "string", "format": "date", "pattern": DATE.pattern}
    elif kind == "slug":
        out = {"type": "string", "pattern": SLUG.pattern}
    elif kind == "currency":
        out = {"type": "string", "pattern": CURRENCY.pattern}
    elif kind == "int":
        out = {"type": "integer"}
    elif kind == "number":
        out = {"type": "number"}
    elif kind == "bool":
        out = {"type": "boolean"}
    elif kind == "any":
        out = {}
    else:
        out = {"type": "string", "minLength": 1}
    if spec.choices:
        out["enum"] = list(spec.choices)
    if spec.minimum is not None:
        out["minimum"] = spec.minimum
    if spec.exclusive_minimum is not None:
        out["exclusiveMinimum"] = spec.exclusive_minimum
    if kind in ("int", "number"):
        out["maximum"] = spec.maximum if spec.maximum is not None else MAX_NUMBER
    if spec.default is not None:
        out["default"] = spec.default
    if spec.doc:
        out["description"] = spec.doc
    return out


@dataclass(frozen=True)
class RecordKind:
    """A kind of record, read from ``content/<name>/``.

    ``derive_id(data)`` gives the id of a record without one in a file of
    several; ``build(data, id, location, money)`` turns the checked data into
    a model object (a generic :class:`careerkit.Record` when None); ``check``
    returns extra per-record problems as (path, message) pairs.
    """

    name: str
    shape: Shape
    title: str = ""
    derive_id: Callable[[dict], str] | None = None
    build: Callable[..., Any] | None = None
    check: Callable[[dict], list[tuple[str, str]]] | None = None
