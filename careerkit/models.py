"""Frozen data types shared by the core and plugins: records, problems,
analyses and the content blocks an analysis page is made of.  No I/O here.

Records handed to analyzers are frozen dataclasses holding tuples, so a
plugin cannot change the data another plugin sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

STATUSES = ("none", "ok", "warn", "alert")  # none: the records it needs are missing
SEVERITIES = ("info", "warn", "alert")
PROGRESS_STAGES = ("lead", "applied", "screen", "interview", "offer")
OUTCOME_STAGES = ("accepted", "declined", "rejected", "withdrawn", "ghosted")
STAGES = PROGRESS_STAGES + OUTCOME_STAGES
PERIODS = ("hour", "day", "week", "month", "year")


RANK = {"none": -1, "ok": 0, "info": 0, "warn": 1, "alert": 2}


def worst(statuses) -> str:
    """The most severe of some statuses and finding severities.

    `None` (a metric without a status) is skipped; `info` counts as ok; the
    result is `none` only when every status given is `none` (no data at all),
    and `ok` when nothing is given.
    """
    given = [s for s in statuses if s]
    if given and all(s == "none" for s in given):
        return "none"
    best = "ok"
    for status in given:
        if RANK[status] > RANK[best]:
            best = "alert" if status == "alert" else "warn"
    return best


# --- where things come from -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file: path relative to the repository root, 1-based."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One data problem (a value, not an exception)."""

    location: Location
    message: str
    hint: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def sort_key(self):
        loc = self.location
        return (loc.path, loc.line, loc.col, self.message)


# --- records ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Money:
    """An amount as written, and the same per year in the base currency."""

    amount: float
    period: str
    currency: str
    annual: float


@dataclass(frozen=True, slots=True)
class Interaction:
    date: date
    kind: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Stage:
    stage: str
    date: date
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Offer:
    base: Money
    bonus: Money | None = None
    equity: Money | None = None

    @property
    def annual_total(self) -> float:
        return sum(m.annual for m in (self.base, self.bonus, self.equity) if m)


@dataclass(frozen=True, slots=True)
class PayRange:
    min: Money
    max: Money

    @property
    def annual_midpoint(self) -> float:
        return (self.min.annual + self.max.annual) / 2


@dataclass(frozen=True, slots=True)
class Contact:
    id: str
    name: str
    company: str | None = None
    title: str | None = None
    roles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    met: date | None = None
    keep_in_touch_days: int | None = None
    interactions: tuple[Interaction, ...] = ()
    notes: str | None = None
    location: Location | None = None
    kind = "contacts"

    @property
    def ref(self) -> str:
        return f"contacts/{self.id}"


@dataclass(frozen=True, slots=True)
class Opportunity:
    id: str
    company: str
    role: str
    stages: tuple[Stage, ...]
    source: str = "application"
    contact: str | None = None
    location_name: str | None = None
    url: str | None = None
    posted_range: PayRange | None = None
    offer: Offer | None = None
    notes: str | None = None
    location: Location | None = None
    kind = "opportunities"

    @property
    def ref(self) -> str:
        return f"opportunities/{self.id}"


@dataclass(frozen=True, slots=True)
class Compensation:
    id: str
    date: date
    employer: str
    base: Money
    title: str | None = None
    bonus: Money | None = None
    equity: Money | None = None
    reason: str | None = None
    note: str | None = None
    location: Location | None = None
    kind = "compensation"

    @property
    def ref(self) -> str:
        return f"compensation/{self.id}"


@dataclass(frozen=True, slots=True)
class Benchmark:
    id: str
    date: date
    source: str
    p50: Money
    role: str | None = None
    location_name: str | None = None
    p25: Money | None = None
    p75: Money | None = None
    p90: Money | None = None
    location: Location | None = None
    kind = "benchmarks"

    @property
    def ref(self) -> str:
        return f"benchmarks/{self.id}"


@dataclass(frozen=True, slots=True)
class Record:
    """A record of a kind a plugin registered: its data is read-only."""

    kind: str
    id: str
    data: Mapping[str, Any]
    location: Location | None = None

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self.id}"


@dataclass(frozen=True)
class Records:
    """Every valid record, by kind (the folder name under `content/`)."""

    by_kind: Mapping[str, tuple] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(cls, **by_kind) -> Records:
        """Records.of(contacts=[...], opportunities=[...]) — handy in tests."""
        return cls(MappingProxyType({k: tuple(v) for k, v in sorted(by_kind.items())}))

    def get(self, kind: str) -> tuple:
        return self.by_kind.get(kind, ())

    @property
    def contacts(self) -> tuple[Contact, ...]:
        return self.get("contacts")

    @property
    def opportunities(self) -> tuple[Opportunity, ...]:
        return self.get("opportunities")

    @property
    def compensation(self) -> tuple[Compensation, ...]:
        return self.get("compensation")

    @property
    def benchmarks(self) -> tuple[Benchmark, ...]:
        return self.get("benchmarks")

    def counts(self) -> dict[str, int]:
        return {kind: len(items) for kind, items in sorted(self.by_kind.items())}


# --- what an analyzer returns ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Metric:
    """One figure. `unit` is `count`, `fraction`, `days`, `<CUR>/year` for
    money (base currency per year), `date`, `text` or `map` (a mapping)."""

    value: Any
    unit: str
    label: str
    status: str | None = None
    # A figure computed from the owner's pay (a gap, a percentile, a premium,
    # a multiple): a public build must not show it exactly, since an exact
    # ratio next to a banded amount gives the amount back.  Money metrics
    # (unit `<CUR>/year`) are treated so whatever this says.
    from_pay: bool = False

    @property
    def is_money(self) -> bool:
        return self.unit.endswith("/year")


@dataclass(frozen=True, slots=True)
class Finding:
    """Something an analyzer wants the user to know.  `records` are the
    references (``contacts/jane-doe``) it is about; `due` is the day an
    action is due (an overdue one is dated as_of), or None for a plain
    observation.  Due findings make the plan and reminders.ics."""

    severity: str
    message: str
    records: tuple[str, ...] = ()
    due: date | None = None


@dataclass(frozen=True, slots=True)
class Text:
    """A block of Markdown (rendered safely: raw HTML off)."""

    markdown: str


# Tables on analyzer pages, on plugin pages (careerkit_pages), under charts
# (Chart.table) and in report.md show at most this many rows, in the order
# the plugin gave them (most important first), followed by "Showing the first
# 100 of 8,123 rows."  The record pages (records_pages) are complete lists and
# are not cut; report.json holds no tables.  A page of 8,000 rows helps
# nobody, and report.md must stay under the 1 MiB of a CI job summary.
MAX_TABLE_ROWS = 100


@dataclass(frozen=True, slots=True)
class Table:
    """A table; cells are plain values (escaped on output).  A plugin with
    more rows than a page shows may pass only the first MAX_TABLE_ROWS and
    the whole count as ``total`` (it need not format rows nobody sees)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    caption: str | None = None
    numeric: tuple[int, ...] = ()  # indexes of right-aligned columns
    total: int | None = None  # rows the whole table has, when ``rows`` holds only its first ones
    ids: tuple[str | None, ...] = ()  # an HTML id per row (the records pages: careerkit.plan.anchor), or none


@dataclass(frozen=True, slots=True)
class Chart:
    """An inline SVG chart with its data as a table for screen readers, the
    Markdown report and print.  `svg` is produced by `careerkit.charts`;
    `narrow`, when given, is the same chart drawn for a phone (360 px wide),
    which the site shows instead of `svg` on narrow screens."""

    name: str
    title: str
    svg: str
    table: Table | None = None
    narrow: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    blocks: tuple[Any, ...] = ()  # Text | Table | Chart | RecordCard


@dataclass(frozen=True)
class Analysis:
    """The result of one analyzer."""

    name: str
    title: str
    status: str
    metrics: Mapping[str, Metric]
    findings: tuple[Finding, ...] = ()
    summary: str = ""  # the verdict, one or two sentences of Markdown
    sections: tuple[Section, ...] = ()
    methodology: str = ""  # Markdown
    headline: tuple[str, ...] = ()  # metric names shown on the dashboard card


@dataclass(frozen=True, slots=True)
class Page:
    """An extra page a plugin adds: `path` relative to the site root."""

    path: str
    title: str
    sections: tuple[Section, ...] = ()
    summary: str = ""


# --- configuration -----------------------------------------------------------


@dataclass(frozen=True)
class Owner:
    name: str | None = None
    role: str | None = None
    location: str | None = None


@dataclass(frozen=True)
class Config:
    """`careerkit.yaml`, validated, with defaults filled in."""

    as_of: date
    title: str = "Career report"
    owner: Owner = Owner()
    currency: str = "USD"
    hours_per_year: float = 2080
    fx: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    inflation: Mapping[int, float] = field(default_factory=lambda: MappingProxyType({}))
    indexable: bool = False
    public: bool = False
    plugins_dir: str | None = None
    disabled: tuple[str, ...] = ()
    sections: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: MappingProxyType({})
    )
