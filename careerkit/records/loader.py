"""Reading every record under ``content/``: the folder decides the kind, a
file holds one record or a list of them.  Returns the valid records and
every problem found, across all files; nothing here ever writes."""

from __future__ import annotations

import concurrent.futures
import difflib
import gc
import multiprocessing
import os
import stat
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..incremental.fingerprint import FileState, file_states
from ..models import Config, Location, Problem, Record, Records
from ..schema import RecordKind
from .check import Checker, locate
from .kinds import money_maker, pay_out_of_bounds
from .scalars import slugify, slugify_all
from .validate import cross_check
from .yamlio import MAX_BYTES, REJECTED, read_yaml

if TYPE_CHECKING:  # pragma: no cover
    from ..incremental.cache import Cache
from .files import find_files


@dataclass
class Scan:
    """The record files under content/ and their state now (see
    careerkit.incremental.fingerprint.file_states); problems for files that cannot be used."""

    files: list[tuple[str, str]]
    problems: list[Problem]
    states: list[FileState]


def scan(root: Path, cache: Cache | None = None) -> Scan:
    """The files and their state (through ``cache``, when given)."""
    files, problems = find_files(root)
    states = cache.states(files, MAX_BYTES) if cache is not None else file_states(files, {}, MAX_BYTES)
    return Scan(files, problems, states)


def scan_again(previous: Scan, changed: set[str], cache: Cache) -> Scan:
    """``previous`` (a scan of the same files) with the files at ``changed``
    (paths relative to root, each one of its files) looked at again, and
    any whose digest was not trusted (careerkit.incremental.cache.Cache.states_again)."""
    return Scan(previous.files, previous.problems, cache.states_again(previous.states, changed, MAX_BYTES))


def load_records(
    scanned: Scan, config: Config, kinds: Iterable[RecordKind], cache: Cache | None = None
) -> tuple[Records, list[Problem]]:
    """Read, check and build the record of every scanned file (see
    :func:`scan`); returns (records, problems).  With a
    :class:`~careerkit.incremental.cache.Cache`, a file whose content it holds is not
    parsed again (and the cache is updated).

    The cyclic garbage collector is paused meanwhile: loading makes many
    objects and no cycles, and the collector walking them again and again
    costs up to 2× on large files (docs/performance.md).  (A one-off build
    then freezes them: careerkit.pipeline.run.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_records(config, kinds, cache, scanned)
    finally:
        if enabled:
            gc.enable()


def _load_records(
    config: Config, kinds: Iterable[RecordKind], cache: Cache | None, scanned: Scan
) -> tuple[Records, list[Problem]]:
    kinds = {kind.name: kind for kind in kinds}
    states = scanned.states
    results: list = _cached(cache, states, kinds) if cache is not None else [None] * len(states)
    todo = [index for index, result in enumerate(results) if result is None]
    files = [(states[i].rel, states[i].path, states[i].raw) for i in todo]
    job = _Job(kinds, frozenset({config.currency, *config.fx}), money_maker(config), files)
    for index, result in zip(todo, _load_in_parallel(job) or _load_files(job, 0, len(todo)), strict=False):
        results[index] = result
        if cache is not None:
            cache.store(states[index], result)
            if states[index].digest is not None:
                cache.checked[states[index].rel] = (states[index].digest, result)
    for state in states:
        state.raw = None  # parsed: the bytes are not needed any more
    if cache is not None:
        cache.save(rel for rel, _ in scanned.files)
    problems = list(scanned.problems)
    built: dict[str, list] = {name: [] for name in kinds}
    contact_at: dict[int, tuple[int, int]] = {}
    invalid: list[Unbuilt] = []
    for found, file_invalid, file_problems in results:
        problems += file_problems
        invalid += file_invalid
        for kind_name, record, position in found:
            built[kind_name].append(record)
            if position is not None:  # kept to locate a dangling reference
                contact_at[id(record)] = position
    by_kind = {name: tuple(sorted(items, key=lambda r: r.id)) for name, items in sorted(built.items())}
    problems += cross_check(by_kind, contact_at, invalid)
    records = Records(MappingProxyType(by_kind))
    problems.sort(key=Problem.sort_key)
    return records, problems


def _cached(cache: Cache, states: list[FileState], kinds: dict) -> list:
    """The cached result of each file, or None.  A result is checked
    (:func:`_usable`) once per Cache: `serve` keeps its Cache between
    rebuilds, and what it made or checked before is used as it is when the
    file's digest is the same."""
    checked = cache.checked
    results = []
    append = results.append
    for state in states:
        entry = checked.get(state.rel)
        if entry is not None and entry[0] == state.digest:
            append(entry[1])
            continue
        result = _usable(cache.result(state), kinds)
        if result is not None:
            checked[state.rel] = (state.digest, result)
        append(result)
    return results


def _usable(result: Any, kinds: dict) -> Any:
    """A cached result when it has the shape _load_file gives, else None
    (parse the file again).  Checksums catch damage; this catches a cache
    file that is well formed but not one careerkit wrote."""
    if type(result) is not tuple or len(result) != 3 or not all(type(part) is list for part in result):
        return None
    found, invalid, problems = result
    for item in found:
        if (
            type(item) is not tuple
            or len(item) != 3
            or item[0] not in kinds
            or not isinstance(getattr(item[1], "id", None), str)
        ):
            return None
    if not all(isinstance(u, Unbuilt) for u in invalid) or not all(isinstance(p, Problem) for p in problems):
        return None
    return result


@dataclass(frozen=True)
class _Job:
    kinds: dict
    currencies: frozenset
    money: Any
    files: list  # (path relative to root, path, its bytes if already read)


def _load_files(job: _Job, start: int, end: int) -> list[tuple[list, list, list[Problem]]]:
    """The result of each of ``job.files[start:end]``."""
    return [_load_file(job, rel, Path(path), raw) for rel, path, raw in job.files[start:end]]


def _load_file(job: _Job, rel: str, path: Path, raw: bytes | None) -> tuple[list, list, list[Problem]]:
    """Read, check and build the records of one file: ([(kind name, record,
    position of its `contact:` or None)], [Unbuilt], problems).  It depends
    only on the file's bytes, its path and the job (what the cache relies on)."""
    found: list = []
    invalid: list[Unbuilt] = []
    problems: list[Problem] = []
    kinds = job.kinds
    parts = rel.split("/")
    kind = kinds.get(parts[1]) if len(parts) > 2 else None
    if kind is None:
        folders = ", ".join(f"content/{k}/" for k in sorted(kinds))
        if len(parts) <= 2:
            problems.append(Problem(Location(rel), "a record file must be in a record folder, not directly in content/",
                                    f"move it into one of: {folders}"))
            return found, invalid, problems
        close = difflib.get_close_matches(parts[1], list(kinds), n=1, cutoff=0.6)
        hint = f"did you mean content/{close[0]}/?" if close else f"record folders: {folders}"
        problems.append(Problem(Location(rel), f"content/{parts[1]}/ is not a record folder", hint))
        return found, invalid, problems
    data, file_problems = read_yaml(path, rel, raw=raw)
    problems += file_problems
    if data is None and file_problems:  # unreadable: references into it are not checked
        invalid.append(Unbuilt(kind.name, None, None, None, (rel, _words(path, raw))))
        return found, invalid, problems
    if data is None:
        if not file_problems:
            problems.append(Problem(Location(rel), f"the file is empty; write a {kind.title or kind.name} as a mapping"))
        return found, invalid, problems
    if data is REJECTED:  # a tagged top level: already reported
        return found, invalid, problems
    # a refused YAML value leaves a record incomplete: check, don't build
    records = _records_in_file(data, rel, path, kind, job.currencies, job.money, problems, not file_problems, invalid)
    for record, raw_record in records:
        position = locate(raw_record, "contact") if getattr(record, "contact", None) is not None else None
        found.append((kind.name, record, position))
    return found, invalid, problems


# --- using the second core ------------------------------------------------------

PARALLEL_MIN_FILES = 2000  # below this, starting a process costs more than it saves
_JOB: _Job | None = None  # the job a forked worker reads (nothing is pickled to it)


def _worker(start: int, end: int):
    return _load_files(_JOB, start, end)


def _load_in_parallel(job: _Job):
    """On a machine with two or more cores, a forked process reads the
    second half of the files while this one reads the first half; the
    results are the same as reading them all here.  None (read them here)
    when the job is small, the platform cannot fork, other threads are
    running (forking them is unsafe), ``CAREERKIT_JOBS=1`` is set, or
    anything goes wrong in the worker."""
    global _JOB
    wanted = os.environ.get("CAREERKIT_JOBS", "")
    minimum = 2 if wanted.isdigit() and int(wanted) > 1 else PARALLEL_MIN_FILES
    if wanted == "1" or len(job.files) < minimum or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        return None
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return None
    middle = len(job.files) // 2
    _JOB = job
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            future = pool.submit(_worker, middle, len(job.files))
            first = _load_files(job, 0, middle)
            second = future.result()
    except Exception:  # e.g. a plugin's record kind that cannot be pickled back
        return None
    finally:
        _JOB = None
    return first + second


def _records_in_file(
    data: Any,
    rel: str,
    path: Path,
    kind: RecordKind,
    currencies,
    money,
    problems: list[Problem],
    clean: bool = True,
    invalid: list | None = None,
) -> list:
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
        message = f"expected a {kind.title or kind.name} (a mapping) or a list of them, got a single value"
        problems.append(Problem(Location(rel), message))
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
            record = kind.build(checked, record_id, location, money)
            too_large = pay_out_of_bounds(record)
            for sub, message in too_large:
                problems.append(Problem(Location(rel, *locate(raw, sub)), f"{where + '.' if where else ''}{sub}: {message}"))
            if too_large:
                if invalid is not None:
                    ref = checked.get("contact")
                    invalid.append(Unbuilt(kind.name, record_id, ref, Location(rel, *locate(raw, "contact")) if ref else None))
                continue
            out.append((record, raw))
        else:
            out.append((Record(kind.name, record_id, _freeze(checked), location), raw))
    return out


@dataclass(frozen=True)
class Unbuilt:
    """What the cross checks need of a record that has problems.  For a file
    that could not be parsed at all, ``unread`` is (its path, the words of its
    name and text as an id would be made of them: "-tom-baker-name-tom-...-"),
    so that a reference to any id it may hold is not reported as dangling."""

    kind: str
    id: str | None
    contact: str | None
    contact_at: Location | None
    unread: tuple[str, str] | None = None


def _words(path: Path, raw: bytes | None) -> str:
    """Unbuilt.unread's words: of the file's name, and of its text when it is
    a regular file of at most MAX_BYTES (never a pipe or a device)."""
    if raw is None:
        try:
            info = path.stat()
            if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_BYTES:
                raw = path.read_bytes()
        except OSError:
            pass
    text = raw[:MAX_BYTES].decode("utf-8", "replace") if raw else ""
    return f"-{slugify(path.stem)}-{slugify_all(text)}-"


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
