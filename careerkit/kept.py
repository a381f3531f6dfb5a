"""Values kept between the builds of one process (`careerkit serve`), in
memory only; no dependencies, so templates, renderers and plugins can use it
without pulling in the on-disk cache.  Part of the plugin API:
``careerkit.Kept``."""

from __future__ import annotations


class Kept:
    """Values of pure functions kept between the builds of one process:
    `careerkit serve` keeps one (careerkit.pipeline.Session) and hands it to
    each rebuild, so a table row or a Markdown text that did not change is
    not formatted again; plugins get it as the ``kept`` argument of
    ``careerkit_outputs`` (a fresh, empty one on every one-off build).  A value is looked up by a key that holds everything it
    depends on (the caller's duty: only plain values whose equality means the
    same output).  What the last build used and what this one uses are kept,
    nothing older: :meth:`next_build` starts a build."""

    def __init__(self) -> None:
        self.old: dict = {}
        self.new: dict = {}

    def next_build(self) -> None:
        self.old, self.new = self.new, {}

    def get(self, key):
        """The value kept under ``key`` (kept for this build too), or None."""
        value = self.new.get(key)
        if value is None:
            value = self.old.get(key)
            if value is not None:
                self.new[key] = value
        return value

    def put(self, key, value) -> None:
        self.new[key] = value

    def value(self, key, make):
        """The value kept under ``key``, or ``make()`` (then kept)."""
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value
