"""The one way anything is written into ``content/`` (`log`, `stage` and
the importers; builds never write there).

A file is first *staged*: written in full to a temporary file beside it
(its name starts with a dot, so a build running meanwhile skips it:
careerkit.incremental.fingerprint.is_temp), flushed to disk, with the mode of the file
it replaces (0644 for a new one).  The caller may read the staged file back
and check it (careerkit.editing.append does, with the loader's own checks); only
:meth:`Staged.commit` replaces the file, with one ``os.replace``, so a
reader sees the old file or the new one.  Leaving the ``with`` block
without committing removes the temporary file: nothing was changed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

NEW_FILE_MODE = 0o644


class Staged:
    """``data`` written beside ``target``, not yet in its place."""

    def __init__(self, target: Path, data: bytes):
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        self.path = Path(name)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            try:
                mode = stat.S_IMODE(target.stat().st_mode)
            except FileNotFoundError:
                mode = NEW_FILE_MODE
            os.chmod(self.path, mode)
        except BaseException:
            self.discard()
            raise

    def commit(self) -> None:
        os.replace(self.path, self.target)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, *exc) -> None:
        self.discard()  # after a commit there is nothing left to remove


def write_file(target: Path, data: bytes) -> None:
    """Replace (or create) ``target`` with ``data`` atomically; raises
    OSError, leaving no temporary file behind."""
    with Staged(target, data) as staged:
        staged.commit()
