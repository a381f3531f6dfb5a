"""Trust campaign, part 6 (issue 10): the determinism matrix.

The example career is built in fresh processes under different time zones,
locales (de_DE, tr_TR and ja_JP compiled with localedef when it is there),
hash seeds, file creation orders and modification times, default and
--public; every output tree must be byte-identical to the reference of its
mode (the up-to-date marker aside, it records the inputs' digest)."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "trust"))
from trustlib import CAREERKIT, REPO, count, tree_hash

TZS = ["UTC", "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kathmandu", "Etc/GMT+12"]
SEEDS = ["0", "1", "4242", "random"]
ORDERS = ["sorted", "reversed", "shuffled"]
MTIMES = ["now", "epoch", "random", "future"]
WANTED_LOCALES = ["de_DE", "tr_TR", "ja_JP"]


@pytest.fixture(scope="module")
def locales(tmp_path_factory):
    """(LOCPATH or None, the LC_ALL values to try)."""
    names = ["C", "C.UTF-8", "POSIX"]
    if shutil.which("localedef") is None:
        return None, names
    path = tmp_path_factory.mktemp("locales")
    for name in WANTED_LOCALES:
        done = subprocess.run(["localedef", "-i", name, "-f", "UTF-8", str(path / f"{name}.UTF-8")], capture_output=True)
        if done.returncode in (0, 1) and (path / f"{name}.UTF-8").exists():
            names.append(f"{name}.UTF-8")
    return str(path), names


def copy_example(dest: Path, order: str, mtime: str, seed: int) -> Path:
    rng = random.Random(seed)
    files = sorted(p for p in (REPO / "content").rglob("*") if p.is_file())
    if order == "reversed":
        files.reverse()
    elif order == "shuffled":
        rng.shuffle(files)
    (dest / "content").mkdir(parents=True)
    shutil.copy(REPO / "careerkit.yaml", dest / "careerkit.yaml")
    for src in files:
        target = dest / src.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(src.read_bytes())
        stamp = {"now": None, "epoch": 0, "future": 4102444800, "random": rng.randint(0, 2_000_000_000)}[mtime]
        if stamp is not None:
            os.utime(target, (stamp, stamp))
    return dest


def matrix(locale_names: list[str]) -> list[dict]:
    """Every value of every axis at least twice, in varied combinations."""
    rng = random.Random(10)
    rows = []
    for i in range(16):
        rows.append({
            "TZ": TZS[i % len(TZS)],
            "LC_ALL": locale_names[(i * 5) % len(locale_names)],
            "PYTHONHASHSEED": SEEDS[i % len(SEEDS)],
            "order": ORDERS[(i // 2) % len(ORDERS)],
            "mtime": MTIMES[(i + i // 4) % len(MTIMES)],
            "public": i % 4 == 3,
            "seed": rng.randint(0, 99),
        })
    return rows


def test_builds_are_byte_identical_across_the_matrix(tmp_path, locales):
    locpath, names = locales
    rows = matrix(names)

    def one(index_row):
        index, row = index_row
        root = copy_example(tmp_path / f"v{index}", row["order"], row["mtime"], row["seed"])
        varied = ("TZ", "LANG", "PYTHONHASHSEED", "CAREERKIT_TRUST_COUNTS")
        env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in varied}
        env.update(TZ=row["TZ"], LC_ALL=row["LC_ALL"], LANG=row["LC_ALL"], PYTHONHASHSEED=row["PYTHONHASHSEED"])
        if locpath:
            env["LOCPATH"] = locpath
        done = subprocess.run([*CAREERKIT, "build", "--root", root, *(["--public"] if row["public"] else [])],
                              env=env, capture_output=True, text=True, cwd=tmp_path, timeout=120)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (row, done.stderr)
        tree = tree_hash(root / "site")
        tree.pop(".careerkit-site", None)
        return tree

    with ThreadPoolExecutor(max_workers=2) as pool:
        trees = list(pool.map(one, enumerate(rows)))
    references = {False: trees[0], True: next(t for t, r in zip(trees, rows, strict=False) if r["public"])}
    differences = [
        (i, rows[i]) for i, (tree, row) in enumerate(zip(trees, rows, strict=False)) if tree != references[row["public"]]
    ]
    count("determinism", variations=len(rows), differences=len(differences), locales=len(names))
    assert len(trees[0]) > 10
    assert references[True] != references[False]
    assert differences == []
    for axis, values in (("TZ", TZS), ("PYTHONHASHSEED", SEEDS), ("order", ORDERS), ("mtime", MTIMES), ("LC_ALL", names)):
        assert {r[axis] for r in rows} == set(values), axis
