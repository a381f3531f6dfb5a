"""The safe YAML 1.2 reader: data with a line and column for every node.

Rules (SPEC "Validation and errors"):

- YAML 1.2 core schema: only ``true``/``false`` are booleans (``no``,
  ``yes``, ``on``, ``off`` stay strings); ints are decimal, ``0o`` octal or
  ``0x`` hex (no sexagesimal ``1:20``); no timestamps (dates stay strings
  and are checked by the schema);
- safe only: no tags of any kind beyond the core ones, no merge keys
  (``<<``), at most ``MAX_ALIASES`` aliases and no recursive ones, nesting
  at most ``MAX_DEPTH`` levels, one document per file, files over
  ``MAX_BYTES`` refused before parsing;
- duplicate keys are errors naming both lines;
- UTF-8 only (a BOM and CRLF are fine); unresolved git conflict markers and
  NUL bytes are reported with their line.

libyaml's parser is used when PyYAML has it, the pure-Python one otherwise;
construction is ours in both cases, so the results are the same.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .models import Location, Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_ALIASES = 32
MAX_DEPTH = 64
WITH_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))

_CONFLICT = re.compile(rb"^(<{7}|={7}|>{7}|\|{7})(?:[ \r\n]|$)", re.M)
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
SEQ, MAP = _TAG + "seq", _TAG + "map"


class YMap(dict):
    """A mapping that remembers where it, each key and each value start."""

    __slots__ = ("line", "col", "key_at", "value_at")

    def key_loc(self, key) -> tuple[int, int]:
        return self.key_at.get(key, (self.line, self.col))

    def value_loc(self, key) -> tuple[int, int]:
        return self.value_at.get(key, self.key_loc(key))


class YList(list):
    """A sequence that remembers where it and each item start."""

    __slots__ = ("line", "col", "item_at")

    def item_loc(self, index: int) -> tuple[int, int]:
        try:
            return self.item_at[index]
        except IndexError:
            return (self.line, self.col)


class Core12Resolver(yaml.resolver.BaseResolver):
    """Implicit tags of the YAML 1.2 core schema."""


for _tag, _regexp, _first in (
    (BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (INT, _INT, "-+0123456789"),
    (FLOAT, _FLOAT, "-+0123456789."),
    (NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
):
    Core12Resolver.add_implicit_resolver(_tag, _regexp, list(_first))

if WITH_LIBYAML:
    class _Loader(yaml.cyaml.CParser, yaml.constructor.BaseConstructor, Core12Resolver):  # type: ignore[misc]
        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.constructor.BaseConstructor.__init__(self)
            Core12Resolver.__init__(self)
else:  # pragma: no cover - exercised by forcing the pure loader in tests
    _Loader = None


class _PureLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    yaml.constructor.BaseConstructor,
    Core12Resolver,
):
    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.BaseConstructor.__init__(self)
        Core12Resolver.__init__(self)


class YamlError(Exception):
    """A problem that stops reading a file."""

    def __init__(self, message: str, line: int = 1, col: int = 1):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def _pos(node) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a composed node tree into YMap / YList / scalars, collecting
    problems (duplicate keys, tags, merge keys) instead of stopping."""

    def __init__(self, rel: str):
        self.rel = rel
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.aliases = 0

    def problem(self, node, message: str, hint: str | None = None) -> None:
        line, col = _pos(node)
        self.problems.append(Problem(Location(self.rel, line, col), message, hint))

    def build(self, node, depth: int = 0, active: frozenset = frozenset()):
        if depth > MAX_DEPTH:
            raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", *_pos(node))
        key = id(node)
        if key in active:
            raise YamlError("recursive alias", *_pos(node))
        if key in self.seen:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise YamlError(f"more than {MAX_ALIASES} aliases", *_pos(node))
        self.seen.add(key)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        active = active | {key}
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, SEQ)
            out = YList(self.build(item, depth + 1, active) for item in node.value)
            out.line, out.col = _pos(node)
            out.item_at = [_pos(item) for item in node.value]
            return out
        self.check_tag(node, MAP)
        out = YMap()
        out.line, out.col = _pos(node)
        out.key_at, out.value_at = {}, {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge" or (
                isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<" and key_node.style not in ("'", '"')
            ):
                self.problem(key_node, "merge keys ('<<') are not supported", "write the keys out")
                continue
            k = self.build(key_node, depth + 1, active)
            if isinstance(k, (YMap, YList)):
                self.problem(key_node, "a mapping key must be a plain value")
                continue
            if k in out:
                first = out.key_at[k][0]
                self.problem(key_node, f"duplicate key {k!r} (first on line {first})")
                continue
            out[k] = self.build(value_node, depth + 1, active)
            out.key_at[k] = _pos(key_node)
            out.value_at[k] = _pos(value_node)
        return out

    def check_tag(self, node, default: str) -> None:
        if node.tag != default:
            self.problem(node, f"tags are not allowed (found {_short(node.tag)})")

    def scalar(self, node) -> Any:
        tag, value = node.tag, node.value
        try:
            if tag == STR:
                return value
            if tag == NULL:
                return None
            if tag == BOOL:
                return value.lower() == "true"
            if tag == INT and _INT.match(value):
                if value.startswith(("0o", "0x")):
                    return int(value[2:], 8 if value[1] == "o" else 16)
                return int(value)
            if tag == FLOAT and _FLOAT.match(value):
                lowered = value.lower()
                if lowered.lstrip("+-") in (".inf", ".nan"):
                    lowered = lowered.replace(".", "", 1)
                return float(lowered)
        except ValueError:
            pass
        if tag in (INT, FLOAT, BOOL, NULL):
            self.problem(node, f"{value!r} is not a valid {tag[len(_TAG):]}")
        else:
            self.problem(node, f"tags are not allowed (found {_short(tag)})")
        return None


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.splitlines()
    if 0 < line <= len(lines) and 0 < col <= len(lines[line - 1]):
        return lines[line - 1][col - 1]
    return ""


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _decode(raw: bytes) -> str:
    """UTF-8 (BOM allowed) or a YamlError at the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError("the file is UTF-16; save it as UTF-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlError("the file is not valid UTF-8; save it as UTF-8", line, col) from None


def _precheck(raw: bytes) -> None:
    match = _CONFLICT.search(raw)
    if match:
        line = raw.count(b"\n", 0, match.start()) + 1
        raise YamlError("unresolved git merge conflict marker", line, 1)
    nul = raw.find(b"\x00")
    if nul >= 0:
        before = raw[:nul]
        raise YamlError("NUL byte in the file (is it binary?)", before.count(b"\n") + 1, nul - before.rfind(b"\n"))


def parse_text(text: str, rel: str, pure: bool = False):
    """Parse YAML text; returns (data, problems).  data is None when the
    file could not be read at all or is empty."""
    loader_class = _PureLoader if pure or _Loader is None else _Loader
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "YAML syntax error"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if mark and _char_at(text, line, col) == "\t":
            message = "a tab character cannot be used for indentation; use spaces"
        raise YamlError(f"YAML syntax error: {message}", line, col) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise YamlError(f"YAML syntax error: {exc}") from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()
    if node is None:
        return None, []
    builder = _Builder(rel)
    data = builder.build(node)
    return data, builder.problems


def read_yaml(path: Path, rel: str, pure: bool = False):
    """Read one YAML file; returns (data, problems).  Never raises for bad
    content: every problem is a located :class:`Problem`."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlError(f"file is {size / 1048576:.1f} MiB; the limit is {MAX_BYTES // 1048576} MiB")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise YamlError(f"file is over the {MAX_BYTES // 1048576} MiB limit")
        _precheck(raw)
        return parse_text(_decode(raw), rel, pure)
    except YamlError as exc:
        return None, [Problem(Location(rel, exc.line, exc.col), exc.message)]
    except OSError as exc:
        return None, [Problem(Location(rel), f"cannot read the file: {exc.strerror or exc}")]


def plain(data: Any) -> Any:
    """YMap/YList → dict/list (positions dropped)."""
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data
