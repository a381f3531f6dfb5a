"""Editing an existing YAML file without disturbing it, and checking the result.

- A file is loaded with ruamel.yaml round-trip in the first of
  :data:`STYLES` that writes it back byte for byte (a BOM and CRLF line
  ends are kept), or it is not edited at all (:func:`_open_existing`).
- New keys go where the schema order says (:func:`_insert`); values are
  written as careerkit will read them back (:func:`_yaml_value`): anything
  YAML 1.1 could take for a number, boolean or date is double-quoted,
  multi-line text becomes a literal block.
- :func:`read_back` is the safety check before writing: the result must
  differ from the file only by inserted lines, read back with careerkit's
  own reader as the intended data, and add no schema problems.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..records.check import Checker
from ..records.yamlio import parse_text, plain
from ..schema import Shape

# --- YAML: round-trip editing and clean new files ------------------------------------

# (mapping indent, sequence indent, dash offset, dedent of a top-level list)
STYLES = [(2, 4, 2, 0), (2, 2, 0, 0), (2, 4, 2, 2), (4, 4, 2, 0), (4, 6, 4, 0), (4, 4, 0, 0), (4, 6, 4, 4), (2, 4, 0, 0)]


def _yaml(style: tuple[int, int, int, int]):
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip, YAML 1.2
    yaml.preserve_quotes = True
    yaml.width = 100_000
    yaml.indent(mapping=style[0], sequence=style[1], offset=style[2])
    return yaml


def _dump(data: Any, style: tuple[int, int, int, int]) -> str:
    out = io.StringIO()
    _yaml(style).dump(data, out)
    text = out.getvalue()
    pad = " " * style[3]
    if pad:
        text = "".join(line[len(pad):] if line.startswith(pad) else line for line in text.splitlines(True))
    return text


def _yaml_value(name: str, value: Any) -> Any:
    """Values as ruamel should write them: phone numbers and anything YAML
    1.1 could read as a number, boolean or date are double-quoted; multi-line
    text becomes a literal block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _yaml_value(key, item)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_yaml_value(name, item) for item in value)
        if name in ("tags", "roles"):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if "\n" in value.strip():
            return LiteralScalarString(clean(value))
        if name == "phone" or _looks_typed(value):
            return DoubleQuotedScalarString(value)
    return value


_YAML11 = re.compile(
    r"^(?:[-+]?[0-9][0-9_,:.eE+-]*|[-+]?\.(?:inf|nan)|y|n|yes|no|on|off|true|false|null|~"
    r"|\d{4}-\d{1,2}-\d{1,2}.*|0[xob][0-9a-f_]+)$",
    re.I,
)


def clean(value: Any) -> Any:
    """Text as it will read back: multi-line text without trailing spaces,
    ending in one newline (a literal block); other values unchanged."""
    if isinstance(value, str) and "\n" in value.strip():
        return "\n".join(line.rstrip() for line in value.strip().splitlines()) + "\n"
    if isinstance(value, str):
        return value.strip()
    return value


def _looks_typed(text: str) -> bool:
    return bool(_YAML11.match(text.strip())) or text != text.strip() or not text


# --- documents -----------------------------------------------------------------------------


@dataclass
class Doc:
    """One file of records, existing (edited round-trip) or new."""

    path: Path
    rel: str
    data: Any = None  # ruamel data (existing) or a plain dict (new)
    original: bytes | None = None
    style: tuple | None = None
    crlf: bool = False
    bom: bool = False
    header: str = ""
    changed: bool = False
    locked: str | None = None  # why this existing file cannot be written back (it is read only)

    def record(self, index: int | None) -> Any:
        return self.data if index is None else self.data[index]

    def render(self) -> str:
        if self.original is None:
            return self.header + _dump(_yaml_value("", self.data), STYLES[0])
        text = _dump(self.data, self.style)  # type: ignore[arg-type]
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "") + text


def _open_existing(path: Path, rel: str) -> Doc | str:
    """The file loaded round-trip with the layout that reproduces it
    exactly; or loaded but ``locked`` (read only) when no layout does; or
    why it cannot be read."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    try:
        data = _yaml(STYLES[0]).load(text)
    except Exception as exc:  # ruamel's errors share no useful base class
        return f"it cannot be read for editing ({type(exc).__name__})"
    for style in STYLES:
        try:
            if _dump(data, style) == text:
                return Doc(path, rel, data, raw, style, crlf, bom)
        except Exception:  # pragma: no cover - ruamel cannot write it back
            break
    return Doc(path, rel, data, raw, None, crlf, bom, locked=LAYOUT_LOCKED)


LAYOUT_LOCKED = "its layout (an inline comment, spacing or quoting, say) cannot be kept by a YAML editor"


def read_back(doc: Doc, rel: str, shape: Shape) -> tuple[str | None, list]:
    """``doc`` read back as it would be written: why the edit is not safe
    (None when it is) and the problems the result has against ``shape``.
    An edit of an existing file must only insert lines, read back as the
    intended data and add no problems; a new file must read back as
    intended (the caller refuses it when it has any problem)."""
    text = doc.render()
    reason = None
    if doc.original is not None:
        before = doc.original.decode("utf-8").splitlines(True)
        after = text.splitlines(True)
        ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
        if any(op not in ("equal", "insert") for op, *_ in ops):
            reason = "the edit would change lines you wrote"
    data, problems = parse_text(text.removeprefix("\ufeff"), rel)
    if reason is None and data is not None and plain(data) != _comparable(doc.data):
        reason = "the edit would not read back as intended"
    new_problems = _problems(data, rel, shape) if data is not None else problems or ["unreadable"]
    if reason is None and doc.original is not None:
        old, _ = parse_text(doc.original.decode("utf-8").removeprefix("\ufeff"), rel)
        if len(new_problems) > len(_problems(old, rel, shape)):
            reason = f"the result would not be valid: {new_problems[0]}"
    return reason, new_problems


def _insert(record: Any, name: str, value: Any, order: list[str], round_trip: bool) -> None:
    """Put a new key where the schema order says, after the keys before it."""
    if name in record:  # present but null: fill in place
        record[name] = _yaml_value(name, value) if round_trip else value
        return
    if not round_trip:
        record[name] = value
        return
    rank = order.index(name) if name in order else len(order)
    position = 0
    for i, key in enumerate(record):
        if key in order and order.index(key) < rank:
            position = i + 1
    record.insert(position, name, _yaml_value(name, value))


def _comparable(data: Any) -> Any:
    """ruamel data as careerkit's reader sees it: dates as ISO strings."""
    if isinstance(data, dict):
        return {str(k): _comparable(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_comparable(v) for v in data]
    if isinstance(data, date):
        return data.isoformat()
    if isinstance(data, str):
        return str(data)
    return data


def _problems(data: Any, rel: str, shape: Shape) -> list:
    entries = [data] if isinstance(data, dict) else list(data) if isinstance(data, list) else []
    problems = []
    for entry in entries:
        checker = Checker(rel)
        checker.mapping(entry, shape, "", (getattr(entry, "line", 1), getattr(entry, "col", 1)))
        problems += checker.problems
    return problems
