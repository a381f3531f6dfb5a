"""What the pay_gaps analyzer gathers once (:class:`Context`), the reference
figures it compares against, and the small pure helpers its analysis, page
and brief share (kinds of pay change, units, dates, company names)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from careerkit import Compensation, Config, Opportunity, display, facts

KINDS = ("internal raise", "external move", "counter-offer")
# What raises usually look like (SPEC, "Why"): internal raises 5–10 %, moves 10–20 %.
REFERENCES = {"internal raise": (0.05, 0.10), "external move": (0.10, 0.20), "counter-offer": None}
SWITCH_EVERY_YEARS = 3  # the stay-vs-switch illustration moves every three years at `switch_raise`
OUTSIDE_OFFER_DAYS = 90  # an outside offer is dated 0–90 days before the counter-offer it triggered
MIN_MULTIPLE_BASE = 0.02  # below a 2 % outside raise the multiple is meaningless


@dataclass(frozen=True)
class Context:
    """Everything the page needs, gathered once by the analyzer."""

    history: Sequence[Compensation]  # pay entries on or before as_of, oldest first
    run: Sequence[Compensation]  # the current run at the current employer
    offers: Sequence[tuple[date, Opportunity]]  # every offer within lookback (live or not), by date
    opportunities: Sequence[Opportunity]  # opportunities as of as_of
    benchmarks: Sequence[Any]  # benchmarks on or before as_of
    settings: Mapping[str, Any]
    config: Config
    as_of: date
    name: Callable[[str], str]  # a company's name, or its alias in a public build
    live: Sequence[tuple[date, Opportunity]] = ()  # the live offers, by date
    lookback_benchmarks: Sequence[Any] = ()  # benchmarks dated within lookback
    ranges: Sequence[Opportunity] = ()  # opportunities with a posted range and a stage within lookback
    counter: tuple[Compensation, Compensation] | None = None  # latest counter-offer entry and the one before
    counter_outside: tuple[date, Opportunity] | None = None  # the outside offer that triggered it


# --- small pure helpers ---------------------------------------------------------


def company_namer(names: Sequence[str], config: Config) -> Callable[[str], str]:
    """Names as written; in a public build 'Company A', 'Company B'... by first appearance."""
    if not config.public:
        return lambda name: name.strip()
    aliases: dict[str, str] = {}
    for name in names:
        key = name.strip().casefold()
        if key not in aliases:
            n = len(aliases)
            aliases[key] = f"Company {chr(65 + n)}" if n < 26 else f"Company {n + 1}"
    return lambda name: aliases.get(name.strip().casefold(), "a company")


def kind_of(previous: Compensation, entry: Compensation) -> str:
    """counter-offer by reason; external move on an employer change or a hire; else internal raise."""
    if entry.reason == "counter-offer":
        return "counter-offer"
    if entry.reason == "hire" or not facts.same_company(previous.employer, entry.employer):
        return "external move"
    return "internal raise"


def changes(ctx: Context) -> list[dict[str, Any]]:
    """Every pay change: consecutive entries with nominal and real raise."""
    rows = []
    for previous, entry in zip(ctx.history, ctx.history[1:], strict=False):
        nominal = entry.base.annual / previous.base.annual - 1
        factor = facts.inflation_factor(ctx.config.inflation, previous.date, entry.date)
        real = (1 + nominal) / factor - 1 if factor is not None else None
        rows.append({"previous": previous, "entry": entry, "nominal": nominal, "factor": factor,
                         "real": real, "kind": kind_of(previous, entry)})
    return rows


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def in_units(annual: float, unit: Any, own: Any = None) -> float:
    """An annual base-currency amount in the period and currency of Money `unit`
    (the amount as written when `own` is already in those units)."""
    if own is not None and own.period == unit.period and own.currency == unit.currency:
        return own.amount
    return round(annual / (unit.annual / unit.amount), 2)


def signed_rate(value: float, unit: Any, config: Config) -> str:
    text = display.rate(abs(value), unit.period, unit.currency, config)
    return ("+" if value >= 0 else "-") + text


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def lookback_words(days: int) -> str:
    words = {1: "year", 2: "two years", 3: "three years", 4: "four years", 5: "five years"}
    if days % 365 == 0 and days // 365 in words:
        return words[days // 365]
    return f"{days} days"
