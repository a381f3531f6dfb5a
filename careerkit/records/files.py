"""Finding the record files under content/: every YAML file, sorted, with a
located problem for each entry that cannot be used (a folder that cannot be
read, a name that is not valid UTF-8, a path too long, a symbolic link that
is broken or leaves the folder); temporary files are skipped."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..incremental.fingerprint import SUFFIXES, is_temp
from ..models import Location, Problem

if TYPE_CHECKING:  # pragma: no cover
    pass


CONTENT = "content"


def find_files(root: Path) -> tuple[list[tuple[str, str]], list[Problem]]:
    """Every record file under content/, as (path relative to root, path),
    sorted; plus problems for files that cannot be used.  Paths are plain
    strings: making 100,000 Path objects costs more than reading the folder."""
    content = root / CONTENT
    found: list[tuple[str, str]] = []
    problems: list[Problem] = []
    if not content.is_dir():
        return found, problems
    real_content = content.resolve()

    # An explicit stack, not recursion: 1,100 nested folders must not raise
    # RecursionError.  A folder that cannot be listed (unreadable, a path
    # over PATH_MAX) and a name that is not valid UTF-8 are located problems.
    stack = [(str(content), CONTENT)]
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(Location(_printable(rel)), f"cannot read this folder: {_reason(exc)}"))
            continue
        folders = []
        for entry in entries:
            name = entry.name
            if is_temp(name):
                continue
            if not _valid_name(name):
                problems.append(Problem(Location(_printable(f"{rel}/{name}")),
                                        "the file name is not valid UTF-8 (or holds a control character); rename it"))
                continue
            try:
                if entry.is_symlink() and _leaves(Path(entry.path), real_content, root, problems):
                    continue
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError as exc:
                problems.append(Problem(Location(_printable(f"{rel}/{name}")), f"cannot read this entry: {_reason(exc)}"))
                continue
            if is_dir:
                folders.append((entry.path, f"{rel}/{name}"))
            elif name.lower().endswith(SUFFIXES):
                if len(os.fsencode(entry.path)) >= PATH_MAX:
                    problems.append(Problem(Location(_printable(f"{rel}/{name}")),
                                            f"the path is longer than {PATH_MAX} bytes; move the file up"))
                    continue
                found.append((f"{rel}/{name}", entry.path))
        stack.extend(reversed(folders))
    found.sort(key=lambda item: item[0])
    return found, problems


PATH_MAX = os.pathconf("/", "PC_PATH_MAX") if hasattr(os, "pathconf") else 4096


def _valid_name(name: str) -> bool:
    """A file name that can be printed and written to JSON: valid UTF-8
    (no surrogate escapes) and no control characters."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not any(ord(c) < 32 or ord(c) == 127 for c in name)


def _printable(rel: str) -> str:
    """A path for a message: undecodable bytes and control characters as escapes."""
    raw = os.fsencode(rel)
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(c if ord(c) >= 32 and ord(c) != 127 else f"\\x{ord(c):02x}" for c in text)


def _reason(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ENAMETOOLONG:
        return f"the path is longer than the system allows ({PATH_MAX} bytes); move it up"
    return exc.strerror or str(exc)


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
        problems.append(Problem(Location(path.relative_to(root).as_posix()),
                                "symbolic link points outside content/; it is not read"))
        return True
    return False
