"""Analyses kept from the last build, for an analyzer whose inputs did not
change: after one contact is edited, the pay and market analyzers (which
never read contacts) are not run again.

Which inputs?  An analyzer is a function of its arguments (careerkit's output
is reproducible, so it must be).  Those are the records, its settings, the
configuration and the report date.  The records an analyzer gets record
which kinds it reads (``records.contacts``, ``records.get("benchmarks")``;
iterating over every kind counts as reading them all).  The analysis is kept
in the record cache's folder with the kinds it read and a key made of:
its name, its plugin's code and careerkit's, the whole configuration
(settings of every plugin included), the report date, and the content
digest of every file of each kind it read.  On the next build the key is
made again from the same kinds; the analysis is used only when it is equal.
Anything unreadable or different: the analyzer runs (and is kept again).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from ..models import Analysis, Records
from .fingerprint import key_of

if TYPE_CHECKING:  # pragma: no cover
    from .cache import Cache
    from .fingerprint import FileState

ALL = "*"  # the analyzer looked at every kind


class Seen(Mapping):
    """``Records.by_kind`` that notes each kind looked up."""

    def __init__(self, by_kind: Mapping, seen: set):
        self._by_kind = by_kind
        self._seen = seen

    def __getitem__(self, kind: str):
        self._seen.add(kind)
        return self._by_kind[kind]

    def get(self, kind, default=None):
        self._seen.add(kind)
        return self._by_kind.get(kind, default)

    def __contains__(self, kind) -> bool:
        self._seen.add(kind)
        return kind in self._by_kind

    def __iter__(self) -> Iterator[str]:
        self._seen.add(ALL)
        return iter(self._by_kind)

    def __len__(self) -> int:
        self._seen.add(ALL)
        return len(self._by_kind)


def watched(records: Records, seen: set) -> Records:
    return Records(Seen(records.by_kind, seen))


def kind_digests(states: Iterable[FileState]) -> dict[str, str | None]:
    """A digest per record folder of its files' paths and contents (None
    when some file of it could not be hashed)."""
    parts: dict[str, list] = {}
    for state in states:
        pieces = state.rel.split("/", 2)
        if len(pieces) > 2:
            parts.setdefault(pieces[1], []).append(state)
    digests: dict[str, str | None] = {}
    for kind, files in parts.items():
        if any(state.digest is None for state in files):
            digests[kind] = None
            continue
        files.sort(key=lambda state: state.rel)
        digests[kind] = key_of((state.rel, state.digest) for state in files)
    return digests


class Memo:
    """Kept analyses, in ``cache``'s folder; ``base`` is what every key
    shares (configuration, report date, careerkit's code) and ``code`` each
    analyzer's own code digest."""

    def __init__(self, cache: Cache, base: str, code: Mapping[str, str], kinds: Mapping[str, str | None]):
        self.cache = cache
        self.base = base
        self.code = code
        self.kinds = kinds

    def key(self, name: str, seen: Iterable[str]) -> str | None:
        parts = [("base", self.base.encode()), ("analyzer", name.encode()), ("code", self.code.get(name, "").encode())]
        names = sorted(self.kinds) if ALL in seen else sorted(seen)
        for kind in names:
            value = self.kinds.get(kind, "absent")
            if value is None:
                return None  # a file of that kind could not be hashed
            parts.append((f"kind {kind}", value.encode()))
        return key_of(parts)

    def _file(self, name: str) -> str:
        return "analysis-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]

    def get(self, name: str) -> Analysis | None:
        kept = self.cache.get_object(self._file(name))
        if not isinstance(kept, tuple) or len(kept) != 3:
            return None
        seen, key, analysis = kept
        if not isinstance(analysis, Analysis) or not isinstance(seen, list) or not all(isinstance(k, str) for k in seen):
            return None
        if key != self.key(name, seen):
            return None
        return analysis

    def put(self, name: str, seen: set, analysis: Analysis) -> None:
        key = self.key(name, seen)
        if key is not None:
            self.cache.put_object(self._file(name), (sorted(seen), key, analysis))
