"""Record shapes, declared once (part of the plugin API: a plugin's record
kinds are :class:`RecordKind` s with a :class:`Shape`).  The validator
(:mod:`careerkit.records.check`) checks data against them and
:func:`json_schema` exports the same declaration as JSON Schema for editors.

A :class:`Shape` is a mapping with known :class:`Field` s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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
