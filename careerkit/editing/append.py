"""Appending to a record in place: ``careerkit log`` adds an interaction to a
contact, ``careerkit stage`` a stage to an opportunity.

It only appends, and writes through careerkit.editing.contentio (the one writer
for ``content/``, which the importers use too).  The file
is parsed with ruamel.yaml's round-trip composer, which gives every node its
start and end; the new entry is emitted by ruamel.yaml (so quoting is its
business, not ours) and spliced in as text after the last entry, so every
other byte of the file — comments, key order, flow and block styles, odd
indentation, CRLF line endings, a BOM — stays exactly as it was.

Before anything is replaced the result is checked twice: it must read back
(with careerkit's own YAML reader) as the old data plus the one new entry,
and the normal loader's checks must find no problem that was not there
before.  The new text goes to a temporary file beside the original (its
name starts with a dot, so a build running meanwhile skips it) and replaces
it with one ``os.replace`` (careerkit.editing.contentio.Staged).
"""

from __future__ import annotations

import difflib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import LiteralScalarString

from ..errors import CareerkitError
from ..models import Location, Problem
from ..pipeline import Request, run
from ..records.kinds import money_maker
from ..records.loader import _records_in_file
from ..records.yamlio import plain, read_yaml
from .contentio import Staged

BOM = "\ufeff"
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class EditError(CareerkitError):
    """The edit cannot be made; nothing was written (exit 1)."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class Edit:
    """What was appended, and where."""

    rel: str
    line: int
    record_id: str
    entry: dict = field(default_factory=dict)


def append_entry(root: Path, kind_name: str, record_id: str, key: str, entry: dict, plugins_dir: Path | None = None) -> Edit:
    """Append ``entry`` to the list ``key`` of the record ``record_id`` of
    kind ``kind_name``.  Raises EditError (nothing written) when the record
    is unknown, the file's layout cannot take the entry safely, or the
    result is invalid."""
    entry = {k: v for k, v in entry.items() if v is not None}
    loaded = run(Request(root, plugins_dir=plugins_dir, analyze=False)).loaded  # the records, read and checked
    kind = next((k for k in _kinds(loaded) if k.name == kind_name), None)
    record = _find(loaded, kind_name, record_id)
    rel = record.location.path
    path = root / rel
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EditError(f"cannot read {rel}: {exc.strerror or exc}") from exc
    new_raw, line = splice(raw, rel, (record.location.line, record.location.col), key, entry)
    _write_checked(path, rel, raw, new_raw, kind, loaded.config, (record.location.line, record.location.col), key, entry)
    return Edit(rel, line, record.id, entry)


def _kinds(loaded) -> list:
    return [kind for result in loaded.pm.hook.careerkit_record_kinds() for kind in result or ()]


def _find(loaded, kind_name: str, record_id: str):
    """The valid record with this id, or an EditError with a hint."""
    records = loaded.records.by_kind.get(kind_name, ())
    for record in records:
        if record.id == record_id:
            return record
    ids = sorted(r.id for r in records)
    close = difflib.get_close_matches(record_id, ids, n=1, cutoff=0.6)
    noun = {"contacts": "contact", "opportunities": "opportunity"}.get(kind_name, kind_name)
    if close:
        hint = f"did you mean '{close[0]}'?"
    else:
        hint = f"the id is the file name, or `id:` in a file of several; {len(ids)} {kind_name} known"
    broken = {p.location.path for p in loaded.problems if p.location.path.startswith(f"content/{kind_name}/")}
    if broken:
        hint += (f"; {len(broken)} file{'s' if len(broken) != 1 else ''} in content/{kind_name}/ have errors "
                 "(run `careerkit check`)")
    raise EditError(f"no {noun} has the id {record_id!r} ({hint})")


# --- the splice ---------------------------------------------------------------------


def splice(raw: bytes, rel: str, at: tuple[int, int], key: str, entry: dict) -> tuple[bytes, int]:
    """The file with ``entry`` appended to ``key`` of the mapping starting at
    ``at`` (1-based line, column); returns (bytes, 1-based line of the entry)."""
    bom = raw.startswith(BOM.encode())
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EditError(f"{rel} is not valid UTF-8") from exc
    try:
        root = YAML(typ="rt").compose(text)
    except YAMLError as exc:
        raise EditError(f"{rel} cannot be parsed: {exc}") from exc
    target = _target(root, at)
    if target is None:
        raise EditError(f"{rel}:{at[0]}:{at[1]}: cannot find the record in the file")
    lines = _LINES.findall(text)
    newline = next((ln[len(ln.rstrip('\r\n')):] for ln in lines if ln.endswith(("\n", "\r"))), "\n")
    pair = next(((k, v) for k, v in target.value if isinstance(k, ScalarNode) and k.value == key), None)
    where = f"{rel}:{at[0]}:{at[1]}"
    if pair is None:  # no such key yet: add it after the record's last line
        col = target.start_mark.column
        after = _last_line(target)
        body = [" " * col + key + ":" + newline] + _block_item(entry, col + 2, col + 4, newline)
        return _finish(_insert(lines, after, body, newline), bom), after + 3
    key_node, value = pair
    if isinstance(value, SequenceNode) and not value.flow_style and value.value:
        dash = value.start_mark.column
        first = value.value[0]
        inner = first.start_mark.column if isinstance(first, MappingNode) and not first.flow_style else dash + 2
        after = _last_line(value)
        return _finish(_insert(lines, after, _block_item(entry, dash, inner, newline), newline), bom), after + 2
    if isinstance(value, SequenceNode) and value.flow_style:
        end = value.end_mark
        offset = sum(len(ln) for ln in lines[: end.line]) + end.column - 1
        if not (0 <= offset < len(text) and text[offset] == "]"):
            raise EditError(f"{where}: cannot find the end of `{key}: [...]`; write it as a block list")
        before = text[:offset].rstrip()
        sep = "" if before.endswith(("[", ",")) else ", "
        return _finish(text[:offset] + sep + _flow_item(entry) + text[offset:], bom), end.line + 1
    if isinstance(value, ScalarNode) and value.tag.endswith(":null") and value.value == "" and value.style is None:
        after = key_node.end_mark.line  # `key:` with nothing after it
        col = key_node.start_mark.column
        return _finish(_insert(lines, after, _block_item(entry, col + 2, col + 4, newline), newline), bom), after + 2
    line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
    raise EditError(f"{rel}:{line}:{col}: `{key}` is not a list I can append to; make it a list (or remove it) and try again")


def _target(root, at: tuple[int, int]):
    def starts_at(node) -> bool:
        return (node.start_mark.line + 1, node.start_mark.column + 1) == at

    if isinstance(root, MappingNode) and starts_at(root):
        return root
    if isinstance(root, SequenceNode):
        return next((n for n in root.value if isinstance(n, MappingNode) and starts_at(n)), None)
    return None


def _last_line(node) -> int:
    """The 0-based index of the last line that holds part of ``node``."""
    key = None
    while isinstance(node, (MappingNode, SequenceNode)) and node.value and not node.flow_style:
        if isinstance(node, MappingNode):
            key, node = node.value[-1]
        else:
            key, node = None, node.value[-1]
    if isinstance(node, ScalarNode) and node.value == "" and node.style is None and key is not None:
        return key.end_mark.line  # an empty value is marked at the next token
    end = node.end_mark
    return end.line - 1 if end.column == 0 and end.line > 0 else end.line


def _insert(lines: list[str], after: int, new: list[str], newline: str) -> str:
    lines = list(lines)
    index = min(after + 1, len(lines))
    if index and not lines[index - 1].endswith(("\n", "\r")):
        lines[index - 1] += newline  # the file did not end with a line break
    lines[index:index] = new
    return "".join(lines)


def _finish(text: str, bom: bool) -> bytes:
    return ((BOM if bom else "") + text).encode("utf-8")


def _dumper() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 1_000_000  # never fold a long note
    return yaml


def _block_item(entry: dict, dash: int, inner: int, newline: str) -> list[str]:
    """The entry as a block sequence item: '-' at column ``dash``, keys at ``inner``."""
    data = CommentedMap((k, LiteralScalarString(v) if isinstance(v, str) and "\n" in v else v) for k, v in entry.items())
    stream = io.StringIO()
    _dumper().dump(data, stream)
    first = " " * dash + "-" + " " * max(1, inner - dash - 1)
    out = []
    for index, line in enumerate(stream.getvalue().splitlines()):
        prefix = first if index == 0 else " " * len(first)
        out.append((prefix + line if line else "") + newline)
    return out


def _flow_item(entry: dict) -> str:
    data = CommentedMap(entry)
    data.fa.set_flow_style()
    stream = io.StringIO()
    _dumper().dump(data, stream)
    return stream.getvalue().strip()


# --- check, then write ------------------------------------------------------------


def _write_checked(path: Path, rel: str, old: bytes, new: bytes, kind, config, at, key: str, entry: dict) -> None:
    """Stage ``new`` beside ``path`` (careerkit.editing.contentio), read it back with
    the loader, and replace ``path`` only when it is what we meant and
    introduces no problem."""
    try:
        staged = Staged(path, new)
    except OSError as exc:
        raise EditError(f"cannot write next to {rel}: {exc.strerror or exc}") from exc
    with staged:
        try:
            old_data, old_problems = _check(path, rel, kind, config)
            new_data, new_problems = _check(staged.path, rel, kind, config)
            if new_data is None or _appended(plain(old_data), at, old_data, key, entry) != plain(new_data):
                raise EditError(f"{rel}: the file's layout does not let me append safely; add the entry by hand")
            seen = Counter(p.message for p in old_problems)
            fresh = []
            for problem in new_problems:
                if seen[problem.message]:
                    seen[problem.message] -= 1
                else:
                    fresh.append(problem)
            if fresh:
                raise EditError(f"the result would be invalid; {rel} was not changed",
                                [_in_new_entry(p, old, new, at, key) for p in fresh])
            staged.commit()
        except OSError as exc:
            raise EditError(f"cannot write {rel}: {exc.strerror or exc}; it was not changed") from exc


def _in_new_entry(problem: Problem, old: bytes, new: bytes, at: tuple[int, int], key: str) -> Problem:
    """A problem of the result as the user can find it: one on a line the
    file does not have yet (the new entry's lines) is put at the record and
    says it is in the new entry."""
    added = new.count(b"\n") - old.count(b"\n")
    first = next((n for n, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), 1) if a != b), None)
    first = first if first is not None else old.count(b"\n") + 1
    if not first <= problem.location.line < first + max(added, 1):
        return problem
    return Problem(Location(problem.location.path, *at), f"in the new entry of `{key}`: {problem.message}",
                   problem.hint, problem.severity)


def _check(path: Path, rel: str, kind, config) -> tuple[Any, list[Problem]]:
    """The loader's own reading and checks of one file."""
    data, problems = read_yaml(path, rel)
    if data is not None:
        currencies = frozenset({config.currency, *config.fx})
        _records_in_file(data, rel, path, kind, currencies, money_maker(config), problems)
    return data, problems


def _appended(data: Any, at: tuple[int, int], raw: Any, key: str, entry: dict) -> Any:
    """``data`` (plain) with ``entry`` appended to ``key`` of the record at ``at``."""
    expected = {k: v.isoformat() if isinstance(v, date) else v for k, v in entry.items()}
    if isinstance(data, list):
        index = next((i for i in range(len(raw)) if raw.item_loc(i) == at), None)
        if index is None:
            raise EditError(f"cannot find the record at line {at[0]} again")
        record = data[index]
    else:
        record = data
    if record.get(key) is None:
        record[key] = []
    record[key].append(expected)
    return data
