"""Empty states: what a card or a page shows instead of a verdict, a chart
or a table when the records it needs are missing — "No data yet" and the
YAML to add, never a green "On track", an empty chart or a table of zeros."""

from __future__ import annotations

from typing import Any

from ..models import Chart, Table

# The three questions in the order the product asks them (SPEC): the
# dashboard, the navigation and report.md follow it; other analyzers come
# after, by name.
QUESTION_ORDER = ("network_health", "pay_gaps", "market_cadence")

# analyzer -> (the file to create, an example record): what a card with
# status `none` tells the user to add.
STARTERS = {
    "network_health": ("content/contacts/jane-doe.yaml",
                       "name: Jane Doe\ncompany: Acme\nroles: [recruiter]\nkeep_in_touch_days: 90\n"
                       "interactions:\n  - {date: 2026-10-01, kind: call}\n"),
    "pay_gaps": ("content/compensation/2026-01-01.yaml",
                 "date: 2026-01-01\nemployer: Acme\nbase: 120000\nreason: hire\n"),
    "market_cadence": ("content/opportunities/globex-engineer.yaml",
                       "company: Globex\nrole: Senior Engineer\nsource: recruiter\n"
                       "stages:\n  - {stage: screen, date: 2026-09-15}\n"),
}


def in_question_order(analyses):
    """The analyses as the dashboard shows them: network, pay, market, then
    the rest by name; a tuple, as read-only as what it was given."""
    rank = {name: i for i, name in enumerate(QUESTION_ORDER)}
    return tuple(sorted(analyses, key=lambda a: (rank.get(a.name, len(rank)), a.name)))


_NOTHING = {"", "0", "0.0", "—", "-", "0 %", "0.0 %", "$0", "none"}


def is_empty(block: Any) -> bool:
    """A chart without data, or a table with no rows, or one whose columns
    after the first are all numbers and all zero or dashes (a table of zeros
    says nothing)."""
    if isinstance(block, Chart):
        return block.table is not None and not block.table.rows
    if isinstance(block, Table):
        if not block.rows:
            return True
        numeric = set(block.numeric)
        if not numeric or numeric != set(range(1, len(block.columns))):
            return False  # other columns carry information of their own
        return all(_nothing(row[i]) for row in block.rows for i in numeric if i < len(row))
    return False


def _nothing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == 0
    return str(value).strip() in _NOTHING


# The one small chart the dashboard shows: the first of these analyzers' first chart.
DASHBOARD_CHART = ("pay_gaps", "market_cadence", "network_health")


def dashboard_chart(analyses: list) -> tuple[str, Chart] | None:
    """(analyzer name, chart) of the dashboard's one small chart, or None."""
    by_name = {a.name: a for a in analyses if a.status != "none"}
    for name in DASHBOARD_CHART:
        chart = first_chart(by_name[name]) if name in by_name else None
        if chart is not None:
            return name, chart
    return None


def first_chart(analysis) -> Chart | None:
    """The analysis's first chart that has data: the card's small chart."""
    for section in analysis.sections:
        for block in section.blocks:
            if isinstance(block, Chart) and not is_empty(block):
                return block
    return None
