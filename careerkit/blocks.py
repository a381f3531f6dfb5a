"""Page building blocks beyond Text, Table and Chart (careerkit.models):
table cells shown as a chip or a link, and a record shown on its own."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Chip:
    """A table cell shown as a small chip: ``kind`` names its colour (a stage
    such as ``interview``, an outcome such as ``accepted``, ``open``); with
    ``of`` > 0 it is a progress pill of ``steps`` filled steps out of ``of``.
    The text says it all; the colour only repeats it."""

    text: str
    kind: str = ""
    steps: int = 0
    of: int = 0

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Link:
    """A table cell that links to ``href`` (a page of the site, an anchor)."""

    text: str
    href: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class RecordCard:
    """One record shown on its own, with an anchor (``id``) the rest of the
    site links to: a title, ``lines`` of plain text (a list, escaped; e.g.
    the interactions) and Markdown (rendered safely: raw HTML off)."""

    anchor: str
    title: str
    lines: tuple[str, ...] = ()
    markdown: str = ""
