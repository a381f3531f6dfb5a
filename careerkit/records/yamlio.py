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

from ..models import Location, Problem
from .yamlbuild import _Builder, _fast_parse, _Slow

# the machinery, and the names this module has always offered
from .yamlnodes import REJECTED, WITH_LIBYAML, YamlError, _Loader, _mark, _PureLoader

MAX_BYTES = 5 * 1024 * 1024

_CONFLICT = re.compile(rb"^(?:<{7}|>{7})(?:[ \t\r\n]|$)", re.M)
# characters YAML does not allow in a stream (both parsers reject them, with
# different messages and positions, so we find them first)
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _char_at(text: str, line: int, col: int) -> str:
    lines = _BREAK.split(text)
    if 0 < line <= len(lines) and 0 < col <= len(lines[line - 1]):
        return lines[line - 1][col - 1]
    return ""


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
        raise YamlError("unresolved git merge conflict marker", line, 1,
                        "resolve the conflict and remove the <<<<<<< ======= >>>>>>> lines")
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
    return YamlError(f"YAML syntax error: {message}", line, col, _indent_hint(message, text, line))


# PyYAML's words for a line indented unlike its neighbours
_INDENT_ERRORS = (
    "mapping values are not allowed",
    "did not find expected key",
    "did not find expected '-' indicator",
    "expected <block end>",
)


def _indent_hint(message: str, text: str, line: int) -> str | None:
    """For an error that comes from indentation, where line ``line`` starts
    and where the line above it does (shown, for context)."""
    if "could not find expected ':'" in message:
        return f"line {line} is not `key: value`: add the ': ' (or, if it continues the line above, indent it further)"
    if not any(words in message for words in _INDENT_ERRORS):
        return None
    lines = _BREAK.split(text)
    if not 0 < line <= len(lines):
        return None
    above = next((n for n in range(line - 1, 0, -1)
                  if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), None)
    if above is None:
        return None
    shown = lines[above - 1].strip()
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    here = len(lines[line - 1]) - len(lines[line - 1].lstrip(" ")) + 1
    item = re.match(r"( *)(- +)?", lines[above - 1])
    there = len(item.group(0)) + 1  # a key after "- " starts after the dash
    if here != there:
        return (f"line {line} starts in column {here} but the line above (line {above}: `{shown}`) in column {there}: "
                "keys of one mapping line up")
    if "mapping values" in message:
        return (f"line {line} lines up with the line above (line {above}: `{shown}`): "
                "if its value contains ': ', put the value in quotes")
    return f"check the indentation against the line above (line {above}: `{shown}`)"


def parse_text(text: str, rel: str, pure: bool = False, fast: bool = True):
    """Parse YAML text; returns (data, problems).  data is None when the
    file is empty (or holds only comments).  Raises :class:`YamlError`
    when the text cannot be read at all."""
    text = text[1:] if text.startswith("\ufeff") else text
    stray_bom = text.find("\ufeff")
    if stray_bom >= 0:
        raise YamlError("a byte order mark (U+FEFF) in the middle of the file", *line_col(text, stray_bom),
                        "remove it (were two files joined?)")
    bad = _UNPRINTABLE.search(text)
    if bad:
        char = bad.group()
        raise YamlError(f"character U+{ord(char):04X} is not allowed in YAML", *line_col(text, bad.start()),
                        "remove it, or write it as an escape in double quotes")
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


def read_yaml(path: Path, rel: str, pure: bool = False, raw: bytes | None = None):
    """Read one YAML file (or parse ``raw``, its bytes when the caller has
    read them already); returns (data, problems).  Never raises for bad
    content: every problem is a located :class:`Problem`."""
    try:
        if raw is None:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                raise YamlError("not a regular file; it is not read")
            if info.st_size > MAX_BYTES:
                raise YamlError(f"the file is {info.st_size / 1048576:.1f} MiB; the limit is {MAX_BYTES // 1048576} MiB",
                                hint="split it into several files")
            with open(path, "rb") as handle:
                raw = handle.read(min(info.st_size, MAX_BYTES) + 1)  # (see careerkit.incremental.fingerprint.file_states)
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
