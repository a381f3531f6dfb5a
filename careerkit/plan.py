"""The plan: every due finding of every analyzer in one list, in date order —
the next :data:`PLAN_DAYS` days of a career.

An analyzer puts a `due` date on a finding that asks for an action
(:class:`careerkit.Finding`); an overdue action is due now, on the report date,
never in the past.  The plan takes the findings due within PLAN_DAYS of the
report date, orders them by date, then severity (alert first), analyzer name,
then the analyzer's own order (network_health lists follow-ups by what
matters for the next market test) and message, and links each to the row of its first record on the records
pages (:func:`anchor`).  The dashboard leads with it, `report.md` shows its
first items, and `reminders.ics` carries the same items.  At most
:data:`MAX_ITEMS` are listed: the dashboard says how many more there are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .models import Analysis, Config

PLAN_DAYS = 90  # the plan covers the report date and the 90 days after it
MAX_ITEMS = 100  # items listed on the dashboard and in reminders.ics
REPORT_ITEMS = 10  # items report.md shows
SEVERITY_ORDER = {"alert": 0, "warn": 1, "info": 2}

# The records page that lists each kind, one row per record.
RECORD_PAGES = {"contacts": "contacts.html", "opportunities": "opportunities.html", "compensation": "pay.html"}


@dataclass(frozen=True)
class PlanItem:
    """One dated action: a finding with its analyzer and a link to its record."""

    due: date
    severity: str
    analyzer: str  # the analyzer's name (`network_health`)
    title: str  # the analyzer's title
    message: str  # Markdown, as the analyzer wrote it
    records: tuple[str, ...]
    href: str | None  # the first record's row on the records pages, or the analyzer's page


def anchor(record_ref: str, public: bool = False) -> str | None:
    """The link to a record's row on the records pages: ``contacts/jane-doe``
    -> ``contacts.html#contacts-jane-doe``; None for a kind no records page
    lists.  A public build must not show ids that carry names, so there the
    id is replaced by the first 12 hex digits of its SHA-256
    (``contacts.html#contacts-3f2a…``): the same in every public build, and
    the records pages use the same anchor for the row."""
    kind, _, ident = record_ref.partition("/")
    page = RECORD_PAGES.get(kind)
    if page is None or not ident:
        return None
    if public:
        ident = hashlib.sha256(ident.encode()).hexdigest()[:12]
    return f"{page}#{kind}-{ident}"


def plan(analyses: Iterable[Analysis], config: Config, days: int = PLAN_DAYS) -> list[PlanItem]:
    """Every due finding within `days` of the report date, in plan order (all
    of them: callers list the first MAX_ITEMS).  A date before the report
    date is moved to it: what is overdue is due now."""
    as_of, public = config.as_of, config.public
    last = as_of + timedelta(days=days)
    items = []
    for analysis in analyses:
        for position, finding in enumerate(analysis.findings):
            if finding.due is None or finding.due > last:
                continue
            href = next((link for ref in finding.records if (link := anchor(ref, public))), None)
            item = PlanItem(max(finding.due, as_of), finding.severity, analysis.name, analysis.title,
                            finding.message, tuple(finding.records), href or f"{analysis.name}.html")
            items.append((item.due, SEVERITY_ORDER.get(item.severity, 3), item.analyzer, position, item.message, item))
    items.sort(key=lambda row: row[:5])
    return [row[-1] for row in items]


__all__ = ["MAX_ITEMS", "PLAN_DAYS", "PlanItem", "anchor", "plan"]
