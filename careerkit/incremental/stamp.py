"""The build stamp: deciding that a build has nothing to do from ``stat``
alone, before anything but the standard library is imported.

A build that found its site up to date (careerkit.incremental.uptodate) or wrote it
leaves a stamp in ``.careerkit-cache/``: the ``stat`` and content digest of
every file the build depended on — the record files, ``careerkit.yaml``,
careerkit's and each plugin's code, the local plugins folder, and every
file of the site it wrote — plus the command's options, the day, the Python
and careerkit that ran, and the ``stat`` of every folder on ``sys.path``
(installing or removing a package, which may add or remove a plugin,
changes its folder).  The next `build` walks the same folders: when every
file is there with the same ``stat`` (or, when the ``stat`` changed or was
recorded too soon after the file's last change, the same content digest)
and nothing was added, it prints the recorded statuses and stops, in
about the time Python takes to start.

Like the record cache it only ever skips work: anything missing, changed,
unreadable, damaged or unexpected means the full build, which checks
everything again (and writes a new stamp).  ``--no-cache`` neither reads nor
writes it.  It is kept by output folder, so `site/` and a public build
elsewhere each have their own.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
from datetime import date
from pathlib import Path

from .. import __version__
from .fingerprint import CHECK, FOLDER, SUFFIXES, digest_of, is_temp, racy_limit, stat_key, trusted, unseal, write_sealed

__all__ = ["CHECK", "MAGIC", "Front", "check", "read_stamp", "stamp_path", "write_stamp"]

MAGIC = b"careerkit-stamp 1\n"

# What a tree's walk keeps: record files (the rules of careerkit.records.loader.find_files)
# or every file (code, plugins, the site).
RECORDS, ALL = "records", "all"


# --- reading the file system -----------------------------------------------------


MAX_DEPTH = 200  # deeper trees are not judged by stat: the full build decides (and reports)


def walk(folder: str, prefix: str, kind: str, visit, depth: int = 0) -> bool:
    """Call ``visit(prefix/relative path, stat key, path)`` for every file the
    walk keeps under ``folder``, until one returns False; False then, or
    when something there cannot be judged by ``stat`` (a symbolic link, a
    pipe, an unreadable folder, a tree deeper than MAX_DEPTH).  A missing
    folder holds nothing."""
    if depth > MAX_DEPTH:
        return False
    try:
        with os.scandir(folder) as entries:
            entries = list(entries)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    for entry in entries:
        name = entry.name
        if kind == RECORDS and is_temp(name):
            continue
        if entry.is_symlink():
            return False
        rel = f"{prefix}/{name}"
        if entry.is_dir(follow_symlinks=False):
            if (kind == RECORDS or name != "__pycache__") and not walk(entry.path, rel, kind, visit, depth + 1):
                return False
        elif kind == ALL or name.lower().endswith(SUFFIXES):
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                return False
            if not stat.S_ISREG(info.st_mode) or not visit(rel, stat_key(info), entry.path):
                return False
    return True


def _found(folder: str, prefix: str) -> dict | None:
    """rel → (stat key, path) of every file under ``folder``; None as walk."""
    found: dict = {}

    def keep(rel: str, key: tuple, path: str) -> bool:
        found[rel] = (key, path)
        return True

    return found if walk(folder, prefix, ALL, keep) else None


def folder_key(path: str) -> tuple | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (stat.S_IFMT(info.st_mode), info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


# --- the stamp -------------------------------------------------------------------


def options_key(root: Path, out: Path, public: bool, as_of: date | None, plugins_dir: Path | None) -> tuple:
    """Everything besides files that the verdict depends on."""
    module = sys.modules["careerkit"].__file__
    return (
        __version__, sys.version, sys.executable, module, os.path.realpath(root), os.path.realpath(out), bool(public),
        as_of.isoformat() if as_of else None, os.path.realpath(plugins_dir) if plugins_dir else None,
        date.today().isoformat(), tuple(sys.path),
    )


def stamp_path(root: Path, out: Path, public: bool) -> Path:
    name = hashlib.sha256(f"{os.path.realpath(out)}\0{bool(public)}".encode()).hexdigest()[:16]
    return root / FOLDER / f"stamp-{name}"


def read_stamp(path: Path) -> dict | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    body = unseal(MAGIC, data)
    if body is None:
        return None
    try:
        stamp = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    return stamp if _well_formed(stamp) else None


def _well_formed(stamp) -> bool:
    """The shape :func:`write_stamp` writes (a checksummed file of another
    shape was not made by this code)."""
    try:
        return (
            type(stamp) is dict
            and type(stamp["options"]) is tuple
            and type(stamp["as_of"]) is str
            and all(type(k) is str and type(v) is str for k, v in stamp["statuses"])
            and all(type(p) is str and (k is None or type(k) is tuple) for p, k in stamp["folders"])
            and all(
                type(kind) is str and type(folder) is str and type(prefix) is str and type(files) is dict
                and all(type(e) is tuple and len(e) == 3 for e in files.values())
                for kind, folder, prefix, files in stamp["trees"]
            )
        )
    except (KeyError, TypeError, ValueError):
        return False


def write_stamp(path: Path, stamp: dict) -> None:
    """Write atomically into the cache folder if it is there (made by the
    record cache); quietly nothing when it cannot be written."""
    folder = path.parent
    if folder.is_symlink() or not folder.is_dir():
        return
    with contextlib.suppress(OSError):
        write_sealed(folder, path.name, MAGIC, marshal.dumps(stamp))


def sys_path_folders() -> list:
    return [(entry, folder_key(entry or ".")) for entry in sys.path]


def check(path: Path, options: tuple, out: Path) -> tuple[str, list] | None:
    """(as_of, statuses) from the stamp when nothing it depends on changed;
    None otherwise (then the full build decides).  A stamp whose files had
    to be hashed again to be judged (their ``stat`` changed, or was taken
    too soon after they changed) is written again with their ``stat`` now."""
    stamp = read_stamp(path)
    if stamp is None or stamp["options"] != options or stamp["folders"] != sys_path_folders() or _leftovers(out):
        return None
    racy = racy_limit()
    refreshed = False
    for kind, folder, prefix, recorded in stamp["trees"]:
        seen = 0

        def same(rel: str, key: tuple | None, file: str, recorded: dict = recorded) -> bool:
            """Is this file as recorded?  Stops the walk at the first that is not."""
            nonlocal seen, refreshed
            entry = recorded.get(rel)
            if entry is None:
                return False
            seen += 1
            if entry[0] == key and entry[2]:
                return True
            if key is None or entry[0] is None or digest_of(file) != entry[1]:
                return False
            recorded[rel] = (key, entry[1], trusted(key, racy))
            refreshed = True
            return True

        if kind == "file":
            for rel in list(recorded):
                file = os.path.join(folder, rel)
                try:
                    info = os.stat(file)
                except FileNotFoundError:
                    if recorded[rel][0] is not None:
                        return None
                    seen += 1  # absent then and now
                    continue
                except OSError:
                    return None
                if not stat.S_ISREG(info.st_mode) or not same(rel, stat_key(info), file):
                    return None
        elif not walk(folder, prefix, kind, same):
            return None
        if seen != len(recorded):
            return None  # a file is gone
    if refreshed:
        write_stamp(path, stamp)
    return stamp["as_of"], stamp["statuses"]


def _leftovers(out: Path) -> bool:
    """Folders a killed build left beside the site (the full build removes them)."""
    parent, name = os.path.split(os.path.realpath(out))
    try:
        candidates = [n for n in os.listdir(parent) if n.startswith((f".{name}.tmp-", f".{name}.old-"))]
    except OSError:
        return True
    if not candidates:
        return False
    from .fingerprint import is_leftover

    return any(is_leftover(Path(parent, n), name) for n in candidates)


class Front:
    """The stamp of one output folder, as the pipeline uses it
    (careerkit.pipeline.run): :meth:`check` before anything heavy is
    imported, :meth:`record` after the build."""

    def __init__(self, root: Path, out: Path, public: bool, as_of: date | None, plugins_dir: Path | None):
        self.root, self.out = root, out
        self.options = options_key(root, out, public, as_of, plugins_dir)
        self.path = stamp_path(root, out, public)
        self.config_entry: tuple | None = None

    def check(self) -> tuple[str, list] | None:
        """(as_of, statuses) when nothing changed (see :func:`check`);
        otherwise None, and careerkit.yaml's entry is taken before the
        build reads it."""
        found = check(self.path, self.options, self.out)
        if found is None:
            self.config_entry = file_entry(str(self.root / "careerkit.yaml"))
        return found

    def record(self, loaded, scanned, statuses: dict[str, str]) -> None:
        """Leave the stamp of a build that read ``loaded`` (careerkit.pipeline.build.Loaded)
        and ``scanned`` (careerkit.records.loader.Scan) for the next one."""
        from .uptodate import code_locations

        code = [str(p) for p in code_locations(loaded.pm)]
        if loaded.plugins_folder is not None:
            code.append(str(loaded.plugins_folder))
        records = [(s.rel, s.key, s.digest, s.trusted) for s in scanned.states]
        made = make_stamp(self.options, records, self.config_entry, self.root, code, self.out, loaded.config.as_of, statuses)
        if made is not None:
            write_stamp(self.path, made)


# --- recording -------------------------------------------------------------------


def entries(found: dict) -> dict | None:
    """(stat key, digest, trusted) for every walked file; None when one
    cannot be read."""
    racy = racy_limit()
    made = {}
    for rel, (key, path) in found.items():
        digest = digest_of(path)
        if digest is None:
            return None
        made[rel] = (key, digest, trusted(key, racy))
    return made


def file_entry(path: str) -> tuple:
    """``careerkit.yaml`` (or any single file) as the build is about to
    read it: (stat key, digest, trusted), or (None, None, True) when it is
    not there; None when it cannot be judged."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return (None, None, True)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    made = entries({path: (stat_key(info), path)})
    return made[path] if made else None


def make_stamp(options: tuple, records: list | None, config: tuple | None, root: Path, code: list[str], out: Path,
               as_of: date, statuses: dict[str, str]) -> dict | None:
    """The stamp of a build, or None when something it read cannot be judged
    by ``stat`` (then there is none, and the next build is a full one).
    ``records``: (rel, stat key, digest, trusted) of every record file as
    the build read it (careerkit.incremental.fingerprint.FileState); ``config``: file_entry of
    careerkit.yaml before it was read; ``code``: the code folders and files."""
    if records is None or config is None or any(key is None or digest is None for _, key, digest, _ in records):
        return None
    root = os.path.realpath(root)
    trees = [("file", root, "", {"careerkit.yaml": config})]
    for location in sorted({os.path.realpath(c) for c in code}) + [os.path.realpath(out)]:
        if os.path.isdir(location):
            found = _found(location, ".")
            made = entries(found) if found is not None else None
            trees.append((ALL, location, ".", made))
        else:
            folder, name = os.path.split(location)
            entry = file_entry(location)
            made = {name: entry} if entry and entry[0] else None
            trees.append(("file", folder, "", made))
        if made is None:
            return None
    # the record files last: the many files are walked only when all else is as it was
    record_states = {rel: (key, digest, trusted) for rel, key, digest, trusted in records}
    trees.append((RECORDS, os.path.join(root, "content"), "content", record_states))
    return {
        "options": options,
        "folders": sys_path_folders(),
        "trees": trees,
        "as_of": as_of.isoformat(),
        "statuses": sorted(statuses.items()),
    }
