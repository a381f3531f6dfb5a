"""Reading every record under ``content/``: the folder decides the kind, a
file holds one record or a list of them.  Returns the valid records and
every problem found, across all files; nothing here ever writes."""

from __future__ import annotations

import difflib
import gc
import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable

from .kinds import money_maker
from .models import Config, Location, Problem, Record, Records
from .schema import Checker, RecordKind, locate, slugify
from .yamlio import REJECTED, read_yaml
from .validate import cross_check

CONTENT = "content"
SUFFIXES = (".yaml", ".yml")


def is_temp(name: str) -> bool:
    """Editor and OS leftovers that are skipped: .#x.yaml, x.yaml~, #x#, .x.swp."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swo", ".tmp", ".bak", ".orig"))


def find_files(root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Every record file under content/, as (path relative to root, path),
    sorted; plus problems for files that cannot be used."""
    content = root / CONTENT
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    if not content.is_dir():
        return found, problems
    real_content = content.resolve()

    def walk(folder: Path, rel: str) -> None:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
        for entry in entries:
            name = entry.name
            if is_temp(name):
                continue
            if entry.is_symlink() and _leaves(folder / name, real_content, root, problems):
                continue
            if entry.is_dir(follow_symlinks=False):
                walk(folder / name, f"{rel}/{name}")
            elif name.endswith(SUFFIXES):
                found.append((f"{rel}/{name}", folder / name))

    walk(content, CONTENT)
    found.sort(key=lambda item: item[0])
    return found, problems


def _leaves(path: Path, real_content: Path, root: Path, problems: list[Problem]) -> bool:
    """True (with a problem) for a symlink that points outside content/."""
    if not path.is_symlink():
        return False
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        problems.append(Problem(Location(path.relative_to(root).as_posix()), "broken symbolic link"))
        return True
    if target != real_content and real_content not in target.parents:
        problems.append(Problem(Location(path.relative_to(root).as_posix()), "symbolic link points outside content/; it is not read"))
        return True
    return False


def load_records(root: Path, config: Config, kinds: Iterable[RecordKind]) -> tuple[Records, list[Problem]]:
    """Read, check and build every record; returns (records, problems).

    The cyclic garbage collector is paused meanwhile: loading makes many
    objects and no cycles, and the collector walking them again and again
    costs up to 2× on large files (docs/performance.md)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_records(root, config, kinds)
    finally:
        if enabled:
            gc.enable()


def _load_records(root: Path, config: Config, kinds: Iterable[RecordKind]) -> tuple[Records, list[Problem]]:
    kinds = {kind.name: kind for kind in kinds}
    files, problems = find_files(root)
    currencies = frozenset({config.currency, *config.fx})
    money = money_maker(config)
    built: dict[str, list] = {name: [] for name in kinds}
    contact_at: dict[int, tuple[int, int]] = {}
    invalid: list[Unbuilt] = []
    for rel, path in files:
        parts = rel.split("/")
        kind = kinds.get(parts[1]) if len(parts) > 2 else None
        if kind is None:
            folders = ", ".join(f"content/{k}/" for k in sorted(kinds))
            if len(parts) <= 2:
                problems.append(Problem(Location(rel), "a record file must be in a record folder, not directly in content/", f"move it into one of: {folders}"))
                continue
            close = difflib.get_close_matches(parts[1], list(kinds), n=1, cutoff=0.6)
            hint = f"did you mean content/{close[0]}/?" if close else f"record folders: {folders}"
            problems.append(Problem(Location(rel), f"content/{parts[1]}/ is not a record folder", hint))
            continue
        data, file_problems = read_yaml(path, rel)
        problems += file_problems
        if data is None:
            if not file_problems:
                problems.append(Problem(Location(rel), f"the file is empty; write a {kind.title or kind.name} as a mapping"))
            continue
        if data is REJECTED:  # a tagged top level: already reported
            continue
        # a refused YAML value leaves a record incomplete: check, don't build
        for record, raw in _records_in_file(data, rel, path, kind, currencies, money, problems, not file_problems, invalid):
            built[kind.name].append(record)
            if getattr(record, "contact", None) is not None:  # kept to locate a dangling reference
                contact_at[id(record)] = locate(raw, "contact")
    by_kind = {name: tuple(sorted(items, key=lambda r: r.id)) for name, items in sorted(built.items())}
    problems += cross_check(by_kind, contact_at, invalid)
    records = Records(MappingProxyType(by_kind))
    problems.sort(key=Problem.sort_key)
    return records, problems


def _records_in_file(data: Any, rel: str, path: Path, kind: RecordKind, currencies, money, problems: list[Problem], clean: bool = True, invalid: list | None = None) -> list:
    """(record, parsed YAML) for each valid record in the file; a record
    with problems is not built but, when ``invalid`` is given, its id and
    any `contact` reference go there as an :class:`Unbuilt`, so the cross
    checks neither miss its reference nor report references to it."""
    if isinstance(data, list):
        entries = [(item, data.item_loc(index), f"[{index}]") for index, item in enumerate(data)]
        single = len(data) == 1
    elif isinstance(data, dict):
        entries = [(data, (data.line, data.col), "")]
        single = True
    else:
        problems.append(Problem(Location(rel), f"expected a {kind.title or kind.name} (a mapping) or a list of them, got a single value"))
        return []
    out = []
    for raw, pos, where in entries:
        checker = Checker(rel, currencies)
        checked = checker.mapping(raw, kind.shape, where, pos)
        problems += checker.problems
        if checked is None:
            continue
        for sub, message in kind.check(checked) if kind.check else ():
            problems.append(Problem(Location(rel, *locate(raw, sub)), f"{where + '.' if where else ''}{sub}: {message}"))
        if checker.problems or not clean:
            if invalid is not None:
                try:
                    guess = checked.get("id") or _derive_id(checked, path, kind, single)
                except (KeyError, TypeError, AttributeError):
                    guess = None
                ref = checked.get("contact")
                invalid.append(Unbuilt(kind.name, guess, ref, Location(rel, *locate(raw, "contact")) if ref else None))
            continue
        record_id = checked.get("id") or _derive_id(checked, path, kind, single)
        location = Location(rel, *pos)
        if kind.build:
            out.append((kind.build(checked, record_id, location, money), raw))
        else:
            out.append((Record(kind.name, record_id, _freeze(checked), location), raw))
    return out


@dataclass(frozen=True)
class Unbuilt:
    """What the cross checks need of a record that has problems."""

    kind: str
    id: str | None
    contact: str | None
    contact_at: Location | None


def _derive_id(data: dict, path: Path, kind: RecordKind, single: bool) -> str:
    """The file stem for a one-record file, otherwise derived from the record."""
    if single or kind.derive_id is None:
        return slugify(path.stem)
    return kind.derive_id(data)


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value
