"""What `careerkit serve` watches and how it tells that something changed: the
stat fingerprint of content/, careerkit.yaml and the local plugins folder,
the folders to watch, and which record files changed since the last scan
(so a rebuild reads only those)."""

from __future__ import annotations

import bisect
import os
import stat
from pathlib import Path


def fingerprint(args) -> frozenset:
    """Path, size and modification time of every record file, of
    careerkit.yaml and of every file in the local plugins folder: a rebuild
    is due when it changed, whether or not a file event was seen (an edit
    made while the watcher was starting, a file system without events).  A
    rebuild takes the record files' part from the stat its scan already made
    (:func:`scanned_stats`), so each file is stat-ed once per rebuild."""
    return other_stats(args) | record_stats(args.root)


def record_stats(root: Path) -> frozenset:
    """(path, size, mtime) of every record file careerkit reads (as
    careerkit.records.loader.find_files finds them: the same path strings)."""
    from ..records.files import find_files

    return _stats(path for _, path in find_files(root)[0])


def scanned_stats(scanned) -> frozenset:
    """:func:`record_stats` from a build's scan (careerkit.records.loader.Scan): each
    state keeps the stat it was read with; a file without one (unreadable,
    not a regular file, too large, changing while read) is stat-ed again."""
    out = {(s.path, s.key[0], s.key[1]) for s in scanned.states if s.key is not None}
    return frozenset(out) | _stats(s.path for s in scanned.states if s.key is None)


def changed_files(root: Path, scanned, changes) -> set[str] | None:
    """The record files (paths relative to root, as in ``scanned``) that the
    file events ``changes`` name, or None when the files must all be
    scanned again: no earlier scan, an event for a path that scan did not
    have (a new or renamed file, a folder, another file of content/) or for
    one that is now gone or is not a regular file."""
    if scanned is None:
        return None
    base = os.path.abspath(root)
    files = scanned.files  # sorted by rel (careerkit.records.loader.find_files)
    changed = set()
    for _, path in changes:
        rel = os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")
        try:
            regular = stat.S_ISREG(os.lstat(path).st_mode)
        except OSError:
            return None
        at = bisect.bisect_left(files, rel, key=_rel)
        if not regular or at == len(files) or files[at][0] != rel:
            return None
        changed.add(rel)
    return changed


def _rel(file: tuple[str, str]) -> str:
    return file[0]


def other_stats(args) -> frozenset:
    """careerkit.yaml and the local plugins folder's files (plain strings
    and os.walk: Path objects cost more at many files)."""
    folders, root = watched(args)
    paths = [str(root / "careerkit.yaml")]
    for folder in folders:
        if folder == root / "content":  # record_stats'
            continue
        for parent, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            paths += [os.path.join(parent, name) for name in names if _relevant_name(name)]
    return _stats(paths)


def _stats(paths) -> frozenset:
    out = set()
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            out.add((path, info.st_size, info.st_mtime_ns))
    return frozenset(out)


def watched(args) -> tuple[list[Path], Path]:
    """The folders watched recursively (content/, the local plugins folder)
    and the root, watched on its own for careerkit.yaml."""
    from ..records.config import plugins_folder, read_config

    config, _, _ = read_config(args.root)
    plugins = plugins_folder(args.root, config, args.plugins_dir)
    folders = [p for p in (args.root / "content", plugins) if p is not None and p.is_dir()]
    return folders, args.root


def _relevant(change, path: str) -> bool:
    return _relevant_name(os.path.basename(path)) and "__pycache__" not in path


def _relevant_name(name: str) -> bool:
    return not name.startswith((".", "#")) and not name.endswith(("~", ".swp", ".tmp"))
