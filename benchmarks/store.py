"""The record cache's store: today's pickle shards against one SQLite file
(stdlib sqlite3), on the same results (docs/performance.md, "The store").

    .venv/bin/python benchmarks/store.py benchmarks/.data/split-10000 [--reps 5]

Fills careerkit's record cache of the repository once (a build), takes its
results (rel → (digest, checked records)), then times, each in this process
with the results in memory (median of --reps):

- cold write: every result stored and saved in an empty folder;
- warm read: a new store opened, every result read and unpickled (what a
  build after a restart does for an unchanged file);
- one edit: one result replaced and saved;
- index read: the stat index (rel → stat key, digest, trusted) loaded.

The SQLite variant keeps one row per file (rel, digest, zlib-compressed
pickle with the same restricted pickler and unpickler) and the index in a
second table, in WAL mode; each save is one transaction.
"""

from __future__ import annotations

import argparse
import gc
import io
import marshal
import os
import pickle
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

from careerkit.commands.cli import main as careerkit_main
from careerkit.incremental import cache as cache_module
from careerkit.pipeline.build import open_cache, setup
from careerkit.records.loader import scan


def timed(function, reps: int) -> float:
    """Median wall time; the cyclic collector paused, as careerkit pauses it
    while loading (careerkit.records.loader.load_records)."""
    times = []
    for _ in range(reps):
        gc.disable()
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
        gc.enable()
        gc.collect()
    return statistics.median(times)


def results_of(root: Path):
    """(the opened Cache, its states, rel → (digest, result)) after a build filled it."""
    careerkit_main(["build", "--root", str(root), "--out", str(root / "site"), "--no-cache"])
    shutil.rmtree(root / cache_module.FOLDER, ignore_errors=True)
    shutil.rmtree(root / "site-cached", ignore_errors=True)  # else it is up to date, and nothing is cached
    careerkit_main(["build", "--root", str(root), "--out", str(root / "site-cached")])
    loaded = setup(root)
    cache = open_cache(loaded, root)
    states = scan(root, cache).states
    results = {s.rel: (s.digest, cache.result(s)) for s in states}
    assert all(r is not None for _, r in results.values()), "the cache was not filled"
    return cache, states, results


def shards(folder: Path, cache, states, results, reps: int) -> dict:
    root = folder / "shards"

    def fresh() -> cache_module.Cache:
        made = cache_module.Cache(root, cache.context)
        made.allowed = cache.allowed
        return made

    def cold():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        store = fresh()
        for state in states:
            store.store(state, results[state.rel][1])
        store.new_index = {s.rel: (s.key, s.digest, True) for s in states}
        store.save(results)

    def warm():
        store = fresh()
        kept = [store.result(state) for state in states]  # kept, as the loader keeps them
        assert None not in kept

    def one_edit():
        store = fresh()
        state = states[len(states) // 2]
        store.store(state, results[state.rel][1])
        store.dirty.add(cache_module.shard_of(state.rel))
        store.save(results)

    def index():
        data = (root / cache_module.FOLDER / f"records-{cache.context}" / "index").read_bytes()
        return marshal.loads(cache_module.unseal(cache_module.MAGIC, data))

    figures = {"cold write": timed(cold, reps), "warm read": timed(warm, reps), "one edit": timed(one_edit, reps),
               "index read": timed(index, reps)}
    figures["bytes"] = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    return figures


def sqlite(folder: Path, cache, states, results, reps: int) -> dict:
    path = folder / "cache.sqlite"

    def dumps(value) -> bytes:
        payload = io.BytesIO()
        cache_module._Pickler(payload, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        return zlib.compress(payload.getvalue(), 1)

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    def cold():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(f"{path}{suffix}"):
                os.unlink(f"{path}{suffix}")
        with connect() as connection:
            connection.execute("CREATE TABLE result (rel TEXT PRIMARY KEY, digest BLOB, body BLOB) WITHOUT ROWID")
            connection.execute("CREATE TABLE entry (rel TEXT PRIMARY KEY, key BLOB, digest BLOB, trusted INT) WITHOUT ROWID")
            rows = [(s.rel, s.digest, dumps(results[s.rel][1])) for s in states]
            connection.executemany("INSERT INTO result VALUES (?, ?, ?)", rows)
            entries = [(s.rel, marshal.dumps(s.key), s.digest) for s in states]
            connection.executemany("INSERT INTO entry VALUES (?, ?, ?, 1)", entries)
        connection.close()

    def warm():
        connection = connect()
        rows = {rel: (digest, body) for rel, digest, body in connection.execute("SELECT rel, digest, body FROM result")}
        kept = []
        for state in states:
            digest, body = rows[state.rel]
            assert digest == state.digest
            kept.append(cache_module._Unpickler(io.BytesIO(zlib.decompress(body)), cache.allowed).load())
        connection.close()
        assert None not in kept

    def one_edit():
        state = states[len(states) // 2]
        with connect() as connection:
            connection.execute("REPLACE INTO result VALUES (?, ?, ?)", (state.rel, state.digest, dumps(results[state.rel][1])))
        connection.close()

    def index():
        connection = connect()
        rows = connection.execute("SELECT * FROM entry")
        made = {rel: (marshal.loads(key), digest, bool(trusted)) for rel, key, digest, trusted in rows}
        connection.close()
        return made

    figures = {"cold write": timed(cold, reps), "warm read": timed(warm, reps), "one edit": timed(one_edit, reps),
               "index read": timed(index, reps)}
    figures["bytes"] = sum(os.path.getsize(f"{path}{s}") for s in ("", "-wal") if os.path.exists(f"{path}{s}"))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="a generated repository (benchmarks/generate.py)")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args(argv)
    cache, states, results = results_of(args.root)
    with tempfile.TemporaryDirectory(prefix="careerkit-store-") as folder:
        rows = {"pickle shards": shards(Path(folder), cache, states, results, args.reps),
                "sqlite3 (WAL)": sqlite(Path(folder), cache, states, results, args.reps)}
    print(f"{len(states)} files, sqlite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, median of {args.reps}")
    print("| store | cold write s | warm read s | one edit s | index read s | MB |\n|---|---|---|---|---|---|")
    for name, f in rows.items():
        cells = [f"{f['cold write']:.3f}", f"{f['warm read']:.3f}", f"{f['one edit']:.4f}", f"{f['index read']:.4f}"]
        print(f"| {name} | {' | '.join(cells)} | {f['bytes'] / 1e6:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
