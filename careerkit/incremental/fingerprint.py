"""The one freshness model: how careerkit knows that something it kept is
still good (standard library only: the stamp uses it before anything heavy
is imported).

- **A file's fingerprint** is its ``stat`` key (size, modification and
  change times, inode, device: :func:`stat_key`) next to its content digest
  (BLAKE2b, 16 bytes: :func:`content_digest`).  Like git's index, a digest
  is reused on an unchanged ``stat`` only when it was *trusted*: taken more
  than :data:`RACY_NS` after the file's last change (:func:`trusted`); a
  second write within the same clock tick could otherwise keep the same
  ``stat`` with other bytes.  An untrusted digest is made again.
- **Many files** are fingerprinted by :func:`file_states`, reusing what an
  earlier scan knew (the record cache's index) wherever it may.
- **What is kept** is written in one format: a magic line, a BLAKE2b
  checksum of the rest, the body (:func:`seal`, :func:`unseal`), to a
  temporary name and renamed (:func:`write_sealed`): a reader sees an old
  file or a new one, and a flipped bit or a torn write makes it unreadable,
  never wrong.  Everything lives in :data:`FOLDER`; deleting it is safe.
- **What each kept result depends on** is :data:`DEPENDS_ON`; every key is
  a digest of labelled parts (:func:`feed`), so no two parts can run
  together.

Who uses it: careerkit.incremental.cache (the record cache and its index),
careerkit.incremental.memo (analyses), careerkit.incremental.uptodate (the site's marker),
careerkit.incremental.stamp (the stat-only front), careerkit.records.loader (which files are
records).  Every key is made by :func:`feed` / :func:`key_of`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import time
from collections.abc import Iterable
from pathlib import Path

FOLDER = ".careerkit-cache"
RACY_NS = 2_000_000_000  # a digest taken within 2 s of the file's last change is not trusted on stat alone
CHECK = 16  # bytes of BLAKE2b checksum after a sealed file's magic line
SUFFIXES = (".yaml", ".yml")  # record files

# What each kept result depends on besides its own input files: the one
# table.  A kept result is used only when every part is as it was; the
# names are the labels fed into its key (feed).
DEPENDS_ON: dict[str, tuple[str, ...]] = {
    # careerkit.incremental.cache.Cache: one record file's checked records, by the file's content digest;
    # the parts name the cache's context (its folder), made in careerkit.pipeline.build.open_cache
    "record cache entry": ("careerkit", "python", "code", "code <plugin declaring record kinds>", "libraries", "kinds",
                           "money"),
    # careerkit.incremental.memo.Memo: one analyzer's analysis; "base" is the key of careerkit, code and config
    # (with every plugin's settings and the report date: careerkit.pipeline.steps.memo_for)
    "analysis": ("base", "analyzer", "code", "kind <each record kind the analyzer read>"),
    # careerkit.incremental.uptodate: the whole site, recorded in its .careerkit-site marker
    "site": ("careerkit", "libraries", "as_of", "public", "config", "<each record file's digest>", "problem",
             "plugin", "code <every plugin>"),
    # careerkit.incremental.stamp: the verdict "up to date", judged by stat before anything is imported
    "stamp": ("options (careerkit, python, paths, --public, --as-of, --plugins-dir, today, sys.path)",
              "sys.path folders", "careerkit.yaml", "code files", "site files", "record files"),
    # careerkit.kept.Kept (serve, in memory): a rendered row or text, keyed by the plain values it is made of
    "rendered value": ("the value's own key (its inputs, by value)",),
}


def is_temp(name: str) -> bool:
    """Editor and OS leftovers that are skipped: .#x.yaml, x.yaml~, #x#, .x.swp."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swo", ".tmp", ".bak", ".orig"))


# --- a file's fingerprint ----------------------------------------------------------


def stat_key(info: os.stat_result) -> tuple:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def content_digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def digest_of(path: str) -> bytes | None:
    """The content digest of the file at ``path``; None when unreadable."""
    try:
        with open(path, "rb") as handle:
            return content_digest(handle.read())
    except OSError:
        return None


def racy_limit() -> int:
    """A digest taken now is trusted for a file whose last change is before this (ns)."""
    return time.time_ns() - RACY_NS


def trusted(key: tuple, limit: int) -> bool:
    """Was the file (by its :func:`stat_key`) last changed before ``limit`` (:func:`racy_limit`)?"""
    return max(key[1], key[2]) < limit


# --- many files: the scan ------------------------------------------------------------


class FileState:
    """One record file as seen now: its stat and content digest (None when
    it cannot be hashed: not a regular file, unreadable, too large), and
    its bytes when they had to be read.  (A plain class: this module is on
    the no-change path, where dataclasses would cost ~10 ms to import.)"""

    __slots__ = ("rel", "path", "key", "digest", "raw", "trusted")

    def __init__(self, rel: str, path: str, key: tuple | None, digest: bytes | None, raw: bytes | None = None,
                 trusted: bool = False):
        self.rel, self.path, self.key, self.digest, self.raw, self.trusted = rel, path, key, digest, raw, trusted

    def _fields(self) -> tuple:
        return (self.rel, self.path, self.key, self.digest, self.raw, self.trusted)

    def __eq__(self, other: object) -> bool:
        return type(other) is FileState and self._fields() == other._fields()

    __hash__ = None  # mutable, as the dataclass it replaces

    def __repr__(self) -> str:
        return f"FileState{self._fields()!r}"


def file_states(files: Iterable[tuple[str, str]], known: dict, max_bytes: int) -> list[FileState]:
    """The state of every (rel, path): the digest comes from ``known``
    (path → (stat key, digest, trusted)) when the stat is unchanged and was
    trusted, otherwise from reading the file.  (The loop is written for
    speed: at 10,000 files it is most of a no-change build.)"""
    states: list[FileState] = []
    append = states.append
    racy = racy_limit()
    lookup, is_regular, stat_of = known.get, stat.S_ISREG, os.stat
    for rel, path in files:
        try:
            info = stat_of(path)
        except OSError:
            append(FileState(rel, path, None, None))
            continue
        if not is_regular(info.st_mode) or info.st_size > max_bytes:
            append(FileState(rel, path, None, None))  # read_yaml reports it
            continue
        key = stat_key(info)
        entry = lookup(rel)
        if entry is not None and entry[2] and entry[0] == key:
            append(FileState(rel, path, key, entry[1], None, True))
            continue
        try:
            with open(path, "rb") as handle:
                # the size it has, not the limit: a 5 MiB buffer shrunk to
                # fit keeps a memory mapping of its own, and 100,000 kept
                # files would exhaust the process's mappings
                raw = handle.read(info.st_size + 1)
        except OSError:
            append(FileState(rel, path, None, None))
            continue
        if len(raw) != info.st_size:  # changing while being read: hashed again next time
            append(FileState(rel, path, None, content_digest(raw), raw))
            continue
        append(FileState(rel, path, key, content_digest(raw), raw, trusted(key, racy)))
    return states


# --- keys ---------------------------------------------------------------------------


def feed(digest, label: str, data: bytes) -> None:
    """Add one labelled part to a key's ``digest`` (a hashlib object)."""
    digest.update(f"{label}\0{len(data)}\0".encode())
    digest.update(data)


def key_of(parts: Iterable[tuple[str, bytes]]) -> str:
    """A key (SHA-256, hex) of labelled parts, fed in order."""
    digest = hashlib.sha256()
    for label, data in parts:
        feed(digest, label, data)
    return digest.hexdigest()


# --- sealed files ---------------------------------------------------------------------


def seal(magic: bytes, body: bytes) -> bytes:
    return magic + hashlib.blake2b(body, digest_size=CHECK).digest() + body


def unseal(magic: bytes, data: bytes) -> bytes | None:
    """The body of a sealed file, or None when it is not one (another magic
    line, a wrong checksum: damaged, torn, or from other code)."""
    head, check, body = data[: len(magic)], data[len(magic): len(magic) + CHECK], data[len(magic) + CHECK:]
    if head != magic or check != hashlib.blake2b(body, digest_size=CHECK).digest():
        return None
    return body


def write_sealed(folder: Path, name: str, magic: bytes, body: bytes) -> None:
    """Write ``folder/name`` atomically (a temporary name, then a rename);
    raises OSError, leaving no temporary file behind."""
    temporary = folder / f".{name}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as handle:
            handle.write(seal(magic, body))
        os.replace(temporary, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


# --- the site's own folders ----------------------------------------------------

MARKER = ".careerkit-site"  # in every site careerkit build wrote
TMP_MARKER = ".careerkit-tmp"  # in the temporary folders it writes beside it


def is_leftover(folder: Path, target_name: str) -> bool:
    """Is ``folder`` (beside the output) a temporary folder careerkit made?
    Marked with TMP_MARKER; or with exactly the name mkdtemp gives and
    either empty or a previous site just swapped out (MARKER).  Never a
    user's folder such as ``.site.old-2024-backup`` (even a copy of a site)."""
    name = folder.name
    if not name.startswith((f".{target_name}.tmp-", f".{target_name}.old-")) or folder.is_symlink() or not folder.is_dir():
        return False
    if (folder / TMP_MARKER).is_file():
        return True
    if re.fullmatch(rf"\.{re.escape(target_name)}\.(tmp|old)-[a-z0-9_]{{8}}", name):
        try:
            return (folder / MARKER).is_file() or not any(folder.iterdir())
        except OSError:
            return False
    return False
