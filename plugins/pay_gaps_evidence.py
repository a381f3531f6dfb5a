"""The evidence pay_gaps weighs: the market's (offers, benchmarks and posted
ranges within the lookback, a pay's percentile in a benchmark) and the pay
history's (internal raises, counter-offers, growth against inflation, the
next raise anniversary).  Pure functions of the records."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from careerkit import Records, facts

from .pay_gaps_context import (
    MIN_MULTIPLE_BASE,
    add_years,
)


def offers_in_lookback(records: Records, as_of: date, days: int) -> list:
    """(offer date, opportunity) of every offer within lookback, live or not, by date and id."""
    found = []
    for opp in facts.opportunities_as_of(records, as_of):
        when = facts.offer_date(opp, as_of)
        if opp.offer is not None and facts.within(when, as_of, days):
            found.append((when, opp))
    return sorted(found, key=lambda p: (p[0], p[1].id))


def benchmarks_in_lookback(records: Records, as_of: date, days: int) -> list:
    return sorted((b for b in records.benchmarks if facts.within(b.date, as_of, days)),
                  key=lambda b: (b.date, b.id))


def ranges_in_lookback(records: Records, as_of: date, days: int) -> list:
    """Opportunities with a posted range and a stage within lookback."""
    return sorted((o for o in facts.opportunities_as_of(records, as_of) if o.posted_range
                   and any(facts.within(s.date, as_of, days) for s in facts.stages_as_of(o, as_of))),
                  key=lambda o: (facts.activity_date(o, as_of), o.id))


def points(benchmark) -> list[tuple[int, float]]:
    """(percentile, annualized value) of the points a benchmark gives, lowest first."""
    given = ((25, benchmark.p25), (50, benchmark.p50), (75, benchmark.p75), (90, benchmark.p90))
    return [(p, m.annual) for p, m in given if m is not None]


def percentile_in(benchmark, pay: float) -> float | None:
    """Where `pay` sits among a benchmark's points: linear interpolation
    between them; equal to several points, the highest of their percentiles;
    below the lowest point that point's percentile, above the highest that
    point's.  None with fewer than two points."""
    pts = points(benchmark)
    if len(pts) < 2:
        return None
    equal = [p for p, v in pts if v == pay]
    if equal:
        return float(max(equal))
    if pay < pts[0][1]:
        return float(pts[0][0])
    if pay > pts[-1][1]:
        return float(pts[-1][0])
    for (p1, v1), (p2, v2) in zip(pts, pts[1:], strict=False):
        if v1 < pay < v2:
            return p1 + (p2 - p1) * (pay - v1) / (v2 - v1)
    return None  # unreachable with ordered points (validation requires them)


# --- history ------------------------------------------------------------------------


def latest_counter_offer(history: list) -> tuple[Any, Any] | None:
    """(the latest counter-offer entry, the entry just before it), or None
    when there is none or it is the first entry (no previous pay)."""
    latest = max((i for i, e in enumerate(history) if e.reason == "counter-offer"), default=None)
    if not latest:
        return None
    return history[latest], history[latest - 1]


def counter_offer_multiple(entry, previous, outside) -> float | None:
    """(entry − previous) / (outside offer − previous); None without an
    outside offer or when it is less than 2 % above the previous base."""
    if outside is None:
        return None
    before, offered = previous.base.annual, outside[1].offer.base.annual
    if round((offered - before) / before, 10) < MIN_MULTIPLE_BASE:
        return None
    return round((entry.base.annual - before) / (offered - before), 4)


def internal_raise_avg(history: list) -> float | None:
    """Mean fractional raise over consecutive entries at the same employer,
    leaving out raises into a counter-offer entry."""
    raises = [b.base.annual / a.base.annual - 1 for a, b in zip(history, history[1:], strict=False)
              if facts.same_company(a.employer, b.employer) and b.reason != "counter-offer"]
    return round(sum(raises) / len(raises), 4) if raises else None


def pay_without_counter_offers(run: list) -> float | None:
    """The run's first base times (1 + raise) over its other raises (not into counter-offers)."""
    if not run:
        return None
    pay = run[0].base.annual
    for a, b in zip(run, run[1:], strict=False):
        if b.reason != "counter-offer":
            pay *= b.base.annual / a.base.annual
    return round(pay, 2)


def real_growth(run: list, inflation: Mapping, as_of: date) -> float | None:
    """(current / the run's first base) / inflation factor from its first date to as_of, minus 1."""
    if not run:
        return None
    factor = facts.inflation_factor(inflation, run[0].date, as_of)
    if factor is None:
        return None
    return round(run[-1].base.annual / run[0].base.annual / factor - 1, 4)


def gap_status(value: float | None, settings: Mapping[str, Any]) -> str:
    if value is None:
        return "none"
    if value >= settings["underpaid_threshold"]:
        return "alert"
    return "warn" if value >= settings["warn_threshold"] else "ok"


def latest_raise(run: list):
    """The latest entry of the run that raised the base over the entry before it."""
    raised = [b for a, b in zip(run, run[1:], strict=False) if b.base.annual > a.base.annual]
    return raised[-1] if raised else None


def next_anniversary(day: date, as_of: date) -> date:
    """The first anniversary of `day` on or after as_of (29 Feb → 28 Feb)."""
    years = max(as_of.year - day.year, 1)
    while (when := add_years(day, years)) < as_of:
        years += 1
    return when
