"""The safe YAML 1.2 reader: data with a line and column for every node.

Rules (SPEC "Validation and errors"):

- YAML 1.2 core schema: only ``true``/``false`` are booleans (``no``,
  ``yes``, ``on``, ``off`` stay strings); ints are decimal, ``0o`` octal or
  ``0x`` hex (no sexagesimal ``1:20``); no timestamps (dates stay strings
  and are checked by the schema);
- safe only: no tags of any kind beyond the core ones, no merge keys
  (``<<``), at most ``MAX_ALIASES`` alias uses expanding to at most
  ``MAX_EXPANDED`` values and no recursive ones, nesting at most
  ``MAX_DEPTH`` levels, one document per file, files over ``MAX_BYTES``
  refused before parsing;
- duplicate keys are errors naming both lines;
- UTF-8 only (a BOM and CRLF are fine); UTF-16, bytes that are not UTF-8,
  NUL and other control characters, stray BOMs and unresolved git conflict
  markers are reported at their line and column.

libyaml's parser is used when PyYAML has it, the pure-Python one otherwise.
Composing (with the caps) and construction are ours in both cases, and the
pure scanner is adjusted where PyYAML and libyaml disagree about tabs and
nesting, so both give the same data and the same problem locations (a few
exotic syntax errors are still located differently).
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

import yaml

from .models import Location, Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_ALIASES = 32  # alias uses (``*name``) in one file
MAX_EXPANDED = 10_000  # values the aliases may expand to in all
MAX_DEPTH = 64
_LIBYAML_MAX_NESTING = 1000
WITH_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))

_CONFLICT = re.compile(rb"^(?:<{7}|>{7})(?:[ \t\r\n]|$)", re.M)
# characters YAML does not allow in a stream (both parsers reject them, with
# different messages and positions, so we find them first)
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_DECIMAL = re.compile(r"^[-+]?[0-9]{1,100}$")
_PLAIN_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
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
    (BOOL, _BOOL, "tTfF"),
    (INT, _INT, "-+0123456789"),
    (FLOAT, _FLOAT, "-+0123456789."),
    (NULL, _NULL, ["~", "n", "N", ""]),
):
    Core12Resolver.add_implicit_resolver(_tag, _regexp, list(_first))


class YamlError(Exception):
    """A problem that stops reading a file."""

    def __init__(self, message: str, line: int = 1, col: int = 1, hint: str | None = None):
        super().__init__(message)
        self.message, self.line, self.col, self.hint = message, line, col, hint


class _Rejected:
    """Stands for a value that was refused (a tag, a bad explicit scalar):
    the problem is already reported, so schema checks skip it silently."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<rejected value>"


REJECTED = _Rejected()


def _mark(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _SafeComposer(yaml.composer.Composer):
    """PyYAML's composer, used on top of both parsers (libyaml's and the
    pure-Python one) so that both give the same nodes and the same errors,
    with nesting and alias uses capped while composing."""

    def __init__(self):
        yaml.composer.Composer.__init__(self)
        self.depth = 0
        self.alias_count = 0
        self.open_anchors: list[str | None] = []  # of the collections being composed
        self.sizes: dict[int, int] = {}  # id(collection node) -> values in it, aliases expanded
        self.expanded = 0  # values added by aliases so far

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise YamlError(f"more than {MAX_ALIASES} aliases", *_mark(event.start_mark), "write the values out")
            if event.anchor in self.open_anchors:
                raise YamlError("recursive alias (a value that contains itself)", *_mark(event.start_mark), "write the values out")
            node = yaml.composer.Composer.compose_node(self, parent, index)
            self.expanded += self.sizes.get(id(node), 1)
            if self.expanded > MAX_EXPANDED:
                raise YamlError(f"aliases expand to more than {MAX_EXPANDED} values", *_mark(event.start_mark), "write the values out")
            return node
        if not isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            return yaml.composer.Composer.compose_node(self, parent, index)
        if self.depth >= MAX_DEPTH:
            raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", *_mark(event.start_mark))
        self.depth += 1
        self.open_anchors.append(event.anchor)
        try:
            node = yaml.composer.Composer.compose_node(self, parent, index)
        finally:
            self.depth -= 1
            self.open_anchors.pop()
        children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
        self.sizes[id(node)] = 1 + sum(self.sizes.get(id(child), 1) for child in children)
        return node

    def compose_scalar_node(self, anchor):
        """As PyYAML's, but the non-specific tag `!` always means a string
        (the pure parser would resolve an empty `!` scalar to null)."""
        event = self.peek_event()
        node = yaml.composer.Composer.compose_scalar_node(self, anchor)
        if event.tag == "!":
            node.tag = STR
        return node


if WITH_LIBYAML:

    class _Loader(_SafeComposer, yaml.cyaml.CParser, Core12Resolver):  # type: ignore[misc]
        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            _SafeComposer.__init__(self)
            Core12Resolver.__init__(self)

else:  # pragma: no cover - exercised by forcing the pure loader in tests
    _Loader = None


class _PureLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _SafeComposer, Core12Resolver):
    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _SafeComposer.__init__(self)
        Core12Resolver.__init__(self)

    def fetch_flow_collection_start(self, TokenClass):
        """libyaml refuses more than 1000 open collections (block and flow)
        while it scans ahead; so do we, at the same place."""
        if self.flow_level + len(self.indents) >= _LIBYAML_MAX_NESTING:
            mark = self.get_mark()
            raise yaml.scanner.ScannerError("while increasing flow level", mark, "exceeded maximum nesting depth", mark)
        yaml.scanner.Scanner.fetch_flow_collection_start(self, TokenClass)

    def scan_plain_spaces(self, indent, start_mark):
        """PyYAML's, but tabs between words of a plain scalar are kept as
        libyaml keeps them (`note: paid<TAB>weekly`)."""
        length = 0
        while self.peek(length) in " \t":
            length += 1
        if length and self.peek(length) not in "\r\n\x85\u2028\u2029":
            whitespaces = self.prefix(length)
            self.forward(length)
            return [whitespaces]
        self.forward(length)
        return yaml.scanner.Scanner.scan_plain_spaces(self, indent, start_mark)

    def scan_to_next_token(self):
        """PyYAML's, but a tab separates tokens where libyaml allows it
        (`key:<TAB>value`, inside flow collections), as libyaml does."""
        if self.index == 0 and self.peek() == "\ufeff":
            self.forward()
        while True:
            while self.peek() == " " or (self.peek() == "\t" and (self.flow_level or not self.allow_simple_key)):
                self.forward()
            if self.peek() == "#":
                while self.peek() not in "\0\r\n\x85\u2028\u2029":
                    self.forward()
            if self.scan_line_break():
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return


class _Slow(Exception):
    """The fast path met something unusual: read the file the careful way."""


if WITH_LIBYAML:

    class _FastLoader(yaml.cyaml.CParser, Core12Resolver):  # type: ignore[misc]
        """libyaml composes the whole node tree in C."""

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            Core12Resolver.__init__(self)


def _fast_build(node, depth: int, seen: set):
    """The fast path for ordinary files: the same data and positions as
    :class:`_Builder`, but it gives up (raises :class:`_Slow`) at the first
    alias, tag, merge key, duplicate key, odd scalar or deep nesting, so
    that every problem is found and reported by the careful path."""
    if id(node) in seen:  # an alias (or a recursive one)
        raise _Slow
    seen.add(id(node))
    cls, tag = node.__class__, node.tag
    if cls is yaml.ScalarNode:
        value = node.value
        if tag == STR:
            return value
        if tag == INT and _DECIMAL.match(value):
            return int(value)
        if tag == FLOAT and _PLAIN_FLOAT.match(value):
            return float(value)
        if tag == NULL and _NULL.match(value):
            return None
        if tag == BOOL and _BOOL.match(value):
            return value.lower() == "true"
        raise _Slow
    if depth >= MAX_DEPTH:
        raise _Slow
    mark = node.start_mark
    if cls is yaml.SequenceNode:
        if tag != SEQ:
            raise _Slow
        items = node.value
        out = YList([_fast_build(item, depth + 1, seen) for item in items])
        out.line, out.col = mark.line + 1, mark.column + 1
        out.item_at = [(i.start_mark.line + 1, i.start_mark.column + 1) for i in items]
        return out
    if tag != MAP:
        raise _Slow
    out = YMap()
    out.line, out.col = mark.line + 1, mark.column + 1
    key_at, value_at = {}, {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not yaml.ScalarNode or key_node.value == "<<":
            raise _Slow
        key = _fast_build(key_node, depth + 1, seen)
        if key in out:
            raise _Slow
        out[key] = _fast_build(value_node, depth + 1, seen)
        k, v = key_node.start_mark, value_node.start_mark
        key_at[key] = (k.line + 1, k.column + 1)
        value_at[key] = (v.line + 1, v.column + 1)
    out.key_at, out.value_at = key_at, value_at
    return out


def _fast_parse(text: str):
    """(data, []) for an ordinary file, or raises _Slow."""
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, RecursionError, UnicodeError):
        raise _Slow from None
    finally:
        loader.dispose()
    return (None if node is None else _fast_build(node, 0, set())), []


def _pos(node) -> tuple[int, int]:
    return _mark(node.start_mark)


class _Builder:
    """Turns a composed node tree into YMap / YList / scalars, collecting
    problems (duplicate keys, tags, merge keys) instead of stopping.  A
    refused value becomes :data:`REJECTED`."""

    def __init__(self, rel: str):
        self.rel = rel
        self.problems: list[Problem] = []

    def problem(self, node, message: str, hint: str | None = None) -> None:
        problem = Problem(Location(self.rel, *_pos(node)), message, hint)
        if problem not in self.problems:  # an aliased node is built once per use
            self.problems.append(problem)

    def build(self, node):
        # the composer has refused recursive aliases, deep nesting and big
        # expansions, so this walk is bounded
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if not self.tag_ok(node, SEQ if isinstance(node, yaml.SequenceNode) else MAP):
            return REJECTED
        if isinstance(node, yaml.SequenceNode):
            out = YList(self.build(item) for item in node.value)
            out.line, out.col = _pos(node)
            out.item_at = [_pos(item) for item in node.value]
            return out
        out = YMap()
        out.line, out.col = _pos(node)
        out.key_at, out.value_at = {}, {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge" or (
                isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<" and key_node.style in (None, "")
            ):
                self.problem(key_node, "merge keys ('<<') are not supported", "write the keys out")
                continue
            k = self.build(key_node)
            if k is REJECTED:
                continue
            if isinstance(k, (YMap, YList)):
                self.problem(key_node, "a mapping key must be a plain value")
                continue
            if k in out:
                first = out.key_at[k][0]
                self.problem(key_node, f"duplicate key {k!r} (first on line {first})", "keep one of them")
                continue
            out[k] = self.build(value_node)
            out.key_at[k] = _pos(key_node)
            out.value_at[k] = _pos(value_node)
        return out

    def tag_ok(self, node, default: str) -> bool:
        if node.tag == default:
            return True
        self.problem(node, f"tags are not allowed (found {_short(node.tag)})", "remove the tag; records are plain data")
        return False

    def scalar(self, node) -> Any:
        tag, value = node.tag, node.value
        try:
            if tag == STR:
                return value
            if tag == NULL and _NULL.match(value):
                return None
            if tag == BOOL and _BOOL.match(value):
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
        except ValueError:  # an int of more than 4300 digits
            pass
        if tag in (INT, FLOAT, BOOL, NULL):
            self.problem(node, f"{value!r} is not a valid {tag[len(_TAG):]}")
        else:
            self.problem(node, f"tags are not allowed (found {_short(tag)})", "remove the tag; records are plain data")
        return REJECTED


def _char_at(text: str, line: int, col: int) -> str:
    lines = _BREAK.split(text)
    if 0 < line <= len(lines) and 0 < col <= len(lines[line - 1]):
        return lines[line - 1][col - 1]
    return ""


def _short(tag: str) -> str:
    text = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
    return repr(text) if not text.isprintable() else text


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``, counting line breaks as
    YAML does (CRLF, CR, LF, NEL, LS, PS)."""
    before = text[:index]
    breaks = list(_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - start + 1


def _byte_line_col(raw: bytes, index: int) -> tuple[int, int]:
    """Line and column (in characters) of the byte at ``index``."""
    line_start = raw.rfind(b"\n", 0, index) + 1
    prefix = raw[line_start:index].decode("utf-8", errors="replace")
    return raw.count(b"\n", 0, index) + 1, len(prefix) + 1


def _decode(raw: bytes) -> str:
    """UTF-8 (BOM allowed) or a YamlError at the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_line_col(raw, exc.start)
        raise YamlError(f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", line, col, "save the file as UTF-8") from None


def _precheck(raw: bytes) -> None:
    """Refuse UTF-16/32, NUL bytes and git conflict markers, located."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) or (
        len(raw) >= 2 and (raw[0] == 0) != (raw[1] == 0)
    ):
        raise YamlError("the file is UTF-16 or UTF-32, not UTF-8", 1, 1, "save the file as UTF-8")
    match = _CONFLICT.search(raw)
    if match:
        line = raw.count(b"\n", 0, match.start()) + 1
        raise YamlError("unresolved git merge conflict marker", line, 1, "resolve the conflict and remove the <<<<<<< ======= >>>>>>> lines")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise YamlError("NUL byte in the file (is it a binary file?)", *_byte_line_col(raw, nul))


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    message = " ".join(p for p in (exc.context, exc.problem) if p) or "YAML syntax error"
    message = " ".join(message.split())  # one line
    line, col = _mark(mark) if mark else (1, 1)
    if _char_at(text, line, col) == "\t":
        return YamlError("YAML syntax error: a tab character cannot be used for indentation", line, col, "use spaces")
    return YamlError(f"YAML syntax error: {message}", line, col)


def parse_text(text: str, rel: str, pure: bool = False, fast: bool = True):
    """Parse YAML text; returns (data, problems).  data is None when the
    file is empty (or holds only comments).  Raises :class:`YamlError`
    when the text cannot be read at all."""
    text = text[1:] if text.startswith("\ufeff") else text
    stray_bom = text.find("\ufeff")
    if stray_bom >= 0:
        raise YamlError("a byte order mark (U+FEFF) in the middle of the file", *line_col(text, stray_bom), "remove it (were two files joined?)")
    bad = _UNPRINTABLE.search(text)
    if bad:
        char = bad.group()
        raise YamlError(f"character U+{ord(char):04X} is not allowed in YAML", *line_col(text, bad.start()), "remove it, or write it as an escape in double quotes")
    if text and text[-1] not in "\n\r\x85\u2028\u2029":
        text += "\n"  # libyaml reads as if there were one; now both parsers do
    if fast and not pure and WITH_LIBYAML:
        try:
            return _fast_parse(text)
        except _Slow:
            pass  # read it the careful way, which finds and locates every problem
    loader_class = _PureLoader if pure or _Loader is None else _Loader
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from None
    except (yaml.YAMLError, RecursionError, UnicodeError) as exc:
        raise YamlError("YAML syntax error: " + " ".join(str(exc).split())) from None
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
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise YamlError("not a regular file; it is not read")
        if info.st_size > MAX_BYTES:
            raise YamlError(f"the file is {info.st_size / 1048576:.1f} MiB; the limit is {MAX_BYTES // 1048576} MiB", hint="split it into several files")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise YamlError(f"the file is over the {MAX_BYTES // 1048576} MiB limit", hint="split it into several files")
        _precheck(raw)
        return parse_text(_decode(raw), rel, pure)
    except YamlError as exc:
        return None, [Problem(Location(rel, exc.line, exc.col), exc.message, exc.hint)]
    except OSError as exc:
        return None, [Problem(Location(rel), f"cannot read the file: {exc.strerror or exc}")]


def plain(data: Any) -> Any:
    """YMap/YList → dict/list (positions dropped; a refused value is None)."""
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return None if data is REJECTED else data
