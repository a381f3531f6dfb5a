"""The record cache in ``.careerkit-cache/``: each record file's checked
records, kept by the file's content, so a rebuild reads and parses only the
files that changed.

It is only ever an accelerator.  An entry is used when the file's bytes have
the digest it was made from *and* everything else the result depends on is
the same (careerkit's version and code, the code of the plugins that declare
record kinds, the versions of PyYAML and the other libraries, the kinds, the currency, ``fx`` and ``hours_per_year``: that
is the *context*, and each context has its own folder).  Anything unreadable,
truncated, corrupted, from another version or another context is ignored and
rebuilt; deleting the folder is always safe.

- **Which files changed.**  Hashing every file costs as much as reading it,
  so, like git's index, the cache remembers each file's ``stat`` (size,
  modification and change times, inode) next to its content digest.  When the
  ``stat`` is unchanged the digest is reused; otherwise the file is read and
  hashed.  A digest recorded less than ``RACY_NS`` after the file's last
  change is not trusted on ``stat`` alone (a second write within the same
  clock tick could keep the same ``stat``): the file is hashed again.  (The
  fingerprint, the racy rule and the file format are careerkit.incremental.fingerprint's.)
- **Storage.**  ``index`` holds path → (stat, digest) (``marshal``: plain
  values only); the results are spread over :data:`SHARDS` ``shard-NNN``
  files by path, so one changed file rewrites one shard.  Every file starts
  with a magic string and a BLAKE2 checksum of the rest: a flipped bit or a
  torn write makes the file unreadable, never wrong.  Results are pickled
  with a restricted unpickler that can only make careerkit's record types,
  dates and read-only mappings (and the classes of plugins that declare
  record kinds): a cache file cannot run code.
- **Writing.**  Each file is written to a temporary name and renamed, so a
  reader sees an old file or a new one.  The folder holds a ``.gitignore``
  (``*``) and a ``CACHEDIR.TAG``, so git and backup tools leave it out.
  Nothing in ``content/`` is ever written; a cache that cannot be written is
  silently skipped (the build does not depend on it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import marshal
import os
import pickle
import shutil
import sys
import threading
import zlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .. import models
from .fingerprint import FOLDER, FileState, file_states, key_of, unseal, write_sealed

SHARDS = 128  # ~80 files each at 10,000: one edit rewrites ~40 KB
MAGIC = b"careerkit-cache 1\n"
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is careerkit's cache; it is safe to delete.\n"


def context_digest(parts: Iterable[tuple[str, bytes]]) -> str:
    """The name of a context's folder: the key of its parts, shortened."""
    return key_of(parts)[:24]


# --- the folder --------------------------------------------------------------------


class Cache:
    """The cache of one context under ``root/.careerkit-cache``.  Every
    method is safe to call whatever state the folder is in."""

    def __init__(self, root: Path, context: str, classes: Iterable[type] = (), modules: Iterable[str] = ()):
        self.folder = root / FOLDER
        self.context = context
        self.here = self.folder / f"records-{context}"
        made = (*_CORE_CLASSES, *classes, _mapping)
        self.allowed = _Allowed({(c.__module__, c.__qualname__): c for c in made}, frozenset(modules))
        self.index: dict = self._read_index()
        self.new_index: dict | None = None
        self.shards: dict[int, dict] = {}
        self.dirty: set[int] = set()
        # rel -> (digest, result): results the loader made or checked, in
        # memory only; `serve` keeps the Cache, so it checks each result once
        self.checked: dict[str, tuple] = {}
        self.background = False  # may save in a forked process (see save)
        self.pending = 0  # that process

    # reading

    def _read(self, name: str) -> bytes | None:
        try:
            if self.folder.is_symlink() or not self.folder.is_dir():
                return None
            data = (self.here / name).read_bytes()
        except (OSError, ValueError):
            return None
        return unseal(MAGIC, data)

    def _read_index(self) -> dict:
        body = self._read("index")
        try:
            index = marshal.loads(body) if body is not None else {}
        except (EOFError, ValueError, TypeError):
            return {}
        if not isinstance(index, dict) or not all(
            type(entry) is tuple and len(entry) == 3 and type(entry[1]) is bytes for entry in index.values()
        ):
            return {}  # not what this code writes: start afresh
        return index

    def get_object(self, name: str) -> Any | None:
        """What :meth:`put_object` wrote under ``name``, or None when it is
        missing, damaged or holds anything but allowed types."""
        body = self._read(name)
        if body is None:
            return None
        try:
            return _Unpickler(io.BytesIO(zlib.decompress(body)), self.allowed).load()
        except Exception:  # a cache made by other code: ignored, rebuilt
            return None

    def put_object(self, name: str, value: Any) -> bool:
        """Keep ``value`` under ``name``; False when it cannot be (a value
        that cannot be pickled, a folder that cannot be written)."""
        payload = io.BytesIO()
        try:
            _Pickler(payload, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
            if not self._prepare():
                return False
            self._write(name, zlib.compress(payload.getvalue(), 1))
        except (OSError, pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
            return False
        return True

    def _shard(self, number: int) -> dict:
        if number not in self.shards:
            shard = self.get_object(f"shard-{number:03d}")
            self.shards[number] = shard if isinstance(shard, dict) else {}
        return self.shards[number]

    def states(self, files: Iterable[tuple[str, str]], max_bytes: int) -> list[FileState]:
        states = file_states(files, self.index, max_bytes)
        self._note(states)
        return states

    def states_again(self, states: list[FileState], changed: set[str], max_bytes: int) -> list[FileState]:
        """An earlier scan's ``states`` (of the same files) with those of the
        files at ``changed`` (paths relative to root) taken again, and those
        of any file whose digest was not trusted or not made; the others are
        used as they are (`serve`: file events say what changed)."""
        again = [i for i, s in enumerate(states) if not s.trusted or s.digest is None or s.rel in changed]
        states = list(states)
        index = None  # self.index with the entries of the files taken again (copied only if one differs)
        taken = file_states([(states[i].rel, states[i].path) for i in again], self.index, max_bytes)
        for i, state in zip(again, taken, strict=False):
            states[i] = state
            entry = (state.key, state.digest, state.trusted) if state.key is not None and state.digest is not None else None
            if self.index.get(state.rel) != entry:
                index = dict(self.index) if index is None else index
                if entry is None:
                    del index[state.rel]
                else:
                    index[state.rel] = entry
        self.new_index = index
        return states

    def _note(self, states: list[FileState]) -> None:
        known = [s for s in states if s.key is not None and s.digest is not None]
        # every state taken from the index as it was (nothing read) and no file gone: nothing to write
        if len(known) != len(self.index) or any(s.raw is not None for s in known):
            self.new_index = {s.rel: (s.key, s.digest, s.trusted) for s in known}

    def result(self, state: FileState) -> Any | None:
        """The cached result for this file's content, or None."""
        if state.digest is None:
            return None
        entry = self._shard(shard_of(state.rel)).get(state.rel)
        if type(entry) is not tuple or len(entry) != 2 or entry[0] != state.digest:
            return None
        return entry[1]

    # writing

    def store(self, state: FileState, result: Any) -> None:
        if state.digest is None:
            return
        number = shard_of(state.rel)
        self._shard(number)[state.rel] = (state.digest, result)
        self.dirty.add(number)

    def save(self, rels: Iterable[str]) -> None:
        """Write what changed; entries for files that are gone are dropped
        from every shard that was read.  When :attr:`background` is set and
        many shards changed (a first build), a forked process writes them
        while this one goes on analyzing and rendering; :meth:`wait` waits
        for it."""
        current = set(rels)
        if len(self.checked) > len(current):
            self.checked = {rel: entry for rel, entry in self.checked.items() if rel in current}
        for number, shard in self.shards.items():
            gone = [rel for rel in shard if rel not in current]
            for rel in gone:
                del shard[rel]
            if gone:
                self.dirty.add(number)
        index = self.new_index if self.new_index is not None and self.new_index != self.index else None
        dirty, self.dirty = sorted(self.dirty), set()
        if index is not None:
            self.index = index
        if self.background and len(dirty) > BACKGROUND_MIN_SHARDS and _can_fork():
            self.wait()
            pid = os.fork()
            if pid == 0:  # the child: write, then leave without running anything else
                try:
                    self._save(dirty, index)
                finally:
                    os._exit(0)
            self.pending = pid
            return
        self._save(dirty, index)

    def _save(self, dirty: list[int], index: dict | None) -> None:
        try:
            for number in dirty:
                if not self.put_object(f"shard-{number:03d}", dict(sorted(self.shards[number].items()))):
                    return
            if index is not None and self._prepare():
                self._write("index", marshal.dumps(index))
        except OSError:
            return

    def wait(self) -> None:
        """Wait for the process writing the cache, if there is one."""
        if self.pending:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pending, 0)
            self.pending = 0

    def _prepare(self) -> bool:
        """Make the folder (and drop other contexts' folders); False when
        it is not a real folder or cannot be made."""
        if self.folder.is_symlink() or (self.folder.exists() and not self.folder.is_dir()):
            return False
        fresh = not self.folder.exists()
        self.folder.mkdir(exist_ok=True)
        if fresh:
            (self.folder / ".gitignore").write_text("# careerkit's cache; safe to delete\n*\n", encoding="utf-8")
            (self.folder / "CACHEDIR.TAG").write_text(TAG, encoding="utf-8")
        for other in self.folder.glob("records-*"):
            if other != self.here and other.is_dir() and not other.is_symlink():
                shutil.rmtree(other, ignore_errors=True)
        self.here.mkdir(exist_ok=True)
        return True

    def _write(self, name: str, body: bytes) -> None:
        write_sealed(self.here, name, MAGIC, body)


BACKGROUND_MIN_SHARDS = SHARDS // 2


def _can_fork() -> bool:
    """Forking is safe only with no other thread running (one might hold
    a lock the child then waits for forever); CAREERKIT_JOBS=1 forbids it."""
    return hasattr(os, "fork") and threading.active_count() == 1 and os.environ.get("CAREERKIT_JOBS") != "1"


def shard_of(rel: str) -> int:
    return zlib.crc32(rel.encode("utf-8")) % SHARDS


# --- pickling: records as (class, field values), restricted on the way back ----------------

_CORE_CLASSES: tuple[type, ...] = tuple(
    c for c in vars(models).values() if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == models.__name__
) + (date,)


def _mapping(items: dict) -> MappingProxyType:
    """A read-only mapping again (``mappingproxy`` itself cannot be pickled)."""
    return MappingProxyType(items)


def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _reduce_dataclass(obj: Any):
    cls = type(obj)
    return (cls, tuple([getattr(obj, name) for name in _FIELDS.get(cls) or _FIELDS.setdefault(cls, _fields(cls))]))


_FIELDS: dict[type, tuple[str, ...]] = {}


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any):
        if isinstance(obj, MappingProxyType):
            return (_mapping, (dict(obj),))
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return _reduce_dataclass(obj)
        return NotImplemented


class _Allowed(dict):
    """(module, name) → class: careerkit's record types, dates, read-only
    mappings, and any class defined in a module that declares record kinds."""

    def __init__(self, classes: dict, modules: frozenset):
        super().__init__(classes)
        self.modules = modules

    def __missing__(self, key):
        module, name = key
        found = getattr(sys.modules.get(module), name, None) if module in self.modules and "." not in name else None
        if not isinstance(found, type) or found.__module__ != module:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return found


class _Unpickler(pickle.Unpickler):
    def __init__(self, stream, allowed: _Allowed):
        super().__init__(stream)
        self.allowed = allowed

    def find_class(self, module: str, name: str):
        return self.allowed[(module, name)]


def context_parts(
    version: str, code: Iterable[tuple[str, bytes]], kinds: Iterable[str], money: str
) -> list[tuple[str, bytes]]:
    """What every cached result depends on besides its file."""
    parts = [("careerkit", version.encode()), ("python", sys.version.encode())]
    parts += list(code)
    parts += [("kinds", " ".join(kinds).encode()), ("money", money.encode())]
    return parts
