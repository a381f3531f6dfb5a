"""Shared helpers of the trust campaign (issue 10): counting, tree hashes,
the corpus cases' generated files, and the baseline repository.

Every trust test records what it tried in a JSON-lines file when the
environment variable ``CAREERKIT_TRUST_COUNTS`` names one (tests/trust/report.py
sets it and sums the lines); otherwise ``count`` does nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
CASES = Path(__file__).resolve().parent / "cases"
CAREERKIT = [sys.executable, "-m", "careerkit.commands.cli"]


def count(part: str, **numbers: int) -> None:
    """Add ``numbers`` (e.g. tried=3, failed=0) to ``part`` of the campaign."""
    target = os.environ.get("CAREERKIT_TRUST_COUNTS")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"part": part, **numbers}) + "\n")


def tree_hash(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file (and symlink target) below ``folder``."""
    result = {}
    if not folder.exists():
        return result
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            result[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            result[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            result[rel + "/"] = "dir"
        else:
            result[rel] = "special"
    return result


def copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, symlinks=True, dirs_exist_ok=True)


# --- generated corpus files: too big or too special to commit ----------------------

MIB = 1024 * 1024


def _write(root: Path, rel: str, data: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def gen_alias_bomb(root: Path) -> None:
    lines = ["name: Jane", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append("notes: *a9")
    _write(root, "content/contacts/x.yaml", "\n".join(lines) + "\n")


def gen_deep_nesting_flow(root: Path) -> None:
    depth = 200_000
    _write(root, "content/contacts/x.yaml", "name: Jane\ntags: " + "[" * depth + "]" * depth + "\n")


def gen_deep_nesting_block(root: Path) -> None:
    depth = 600
    lines = ["name: Jane", "notes:"] + [" " * (2 * i) + "k:" for i in range(1, depth)] + [" " * (2 * depth) + "k: end"]
    _write(root, "content/contacts/x.yaml", "\n".join(lines) + "\n")


def gen_huge_file(root: Path) -> None:
    line = "  - {date: 2024-01-01, kind: call, note: " + "x" * 60 + "}\n"
    _write(root, "content/contacts/x.yaml", "name: Jane\ninteractions:\n" + line * (6 * MIB // len(line) + 1))


def gen_huge_config(root: Path) -> None:
    _write(root, "careerkit.yaml", "as_of: 2026-11-01\n" + ("# " + "c" * 98 + "\n") * (6 * MIB // 100 + 1))


def gen_long_line(root: Path) -> None:
    _write(root, "content/contacts/x.yaml", "name: Jane\n" + "k" * (4 * MIB) + ": 1\n")


def gen_symlink_file_outside(root: Path) -> None:
    outside = _write(root.parent, "outside/secret.yaml", "name: Outside Person\n")
    (root / "content/contacts/evil.yaml").symlink_to(outside)


def gen_symlink_dir_outside(root: Path) -> None:
    _write(root.parent, "outside/people/p.yaml", "name: Outside Person\n")
    (root / "content/contacts/linked").symlink_to(root.parent / "outside/people", target_is_directory=True)


def gen_broken_symlink(root: Path) -> None:
    (root / "content/contacts/gone.yaml").symlink_to(root / "content/contacts/missing-target.yaml")


def gen_fifo_record(root: Path) -> None:
    os.mkfifo(root / "content/contacts/pipe.yaml")


def gen_unreadable_file(root: Path) -> None:
    path = _write(root, "content/contacts/locked.yaml", "name: Locked\n")
    path.chmod(0)


def gen_directory_named_yaml(root: Path) -> None:
    (root / "content/contacts/folder.yaml").mkdir(parents=True)


GENERATORS = {name[4:].replace("_", "-"): fn for name, fn in globals().items() if name.startswith("gen_")}
