"""Pay gaps: am I underpaid against the evidence, and what has loyalty cost me?

The rule: compare your current annualized base pay with the market evidence
of the last `lookback_days` — offers first (only reaching the offer stage
tells you reliably what the market pays you), then benchmarks, then posted
ranges — and flag a gap of `warn_threshold` or more (warn) or
`underpaid_threshold` or more (alert).  Then read the pay history itself:
internal raises (often 5–10 %) against external moves (often 10–20 %),
cost-of-living raises against inflation, and counter-offers that appeared
only when an outside offer did.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from careerkit import Analysis, Config, Finding, Metric, Records, display, facts, hookimpl, worst

from .pay_gaps_page import Context, company_namer, inflation_factor, lookback_words, page_sections, reference_text

SEVERITY_ORDER = {"alert": 0, "warn": 1, "info": 2}


# --- evidence -----------------------------------------------------------------------


def offers_in_lookback(records: Records, as_of: date, days: int) -> list:
    """(offer-stage date, opportunity) of offers within lookback.

    The SPEC falls back to the latest stage date when there is no offer-stage
    date; validation already requires an offer stage next to every offer, so
    that case only arises when the offer stage is dated after as_of — and an
    offer not yet made on as_of is not evidence as of that date, so it is
    left out (see docs/methodology.md)."""
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


# --- history ------------------------------------------------------------------------


def counter_offer_premium(history: list) -> float | None:
    """The latest counter-offer entry's annualized base over the previous entry's, minus 1."""
    latest = max((i for i, e in enumerate(history) if e.reason == "counter-offer"), default=None)
    if not latest:  # none, or the very first entry (no previous pay)
        return None
    return facts.gap(history[latest].base.annual, history[latest - 1].base.annual)


def internal_raise_avg(history: list) -> float | None:
    """Mean fractional raise over consecutive entries at the same employer."""
    raises = [b.base.annual / a.base.annual - 1 for a, b in zip(history, history[1:], strict=False)
              if facts.same_company(a.employer, b.employer)]
    return round(sum(raises) / len(raises), 4) if raises else None


def real_growth(run: list, inflation: Mapping[int, float]) -> float | None:
    """Growth of the current run's base, deflated by inflation year by year."""
    if not run:
        return None
    first, current = run[0], run[-1]
    factor = inflation_factor(inflation, first.date.year, current.date.year)
    if factor is None:
        return None
    return round(current.base.annual / first.base.annual / factor - 1, 4)


def gap_status(value: float | None, settings: Mapping[str, Any]) -> str | None:
    if value is None:
        return None
    if value >= settings["underpaid_threshold"]:
        return "alert"
    return "warn" if value >= settings["warn_threshold"] else "ok"


# --- the analysis -------------------------------------------------------------------


def compute_metrics(records: Records, history: list, run: list, offers: list, settings: Mapping[str, Any],
                    as_of: date, config: Config) -> dict:
    """The metrics; `history`, `run` and `offers` are the pay history, the
    current run and the offers in lookback as of `as_of`."""
    days = settings["lookback_days"]
    current = history[-1].base.annual if history else None
    best = max((o.offer.base.annual for _, o in offers), default=None)
    bench = facts.median(b.p50.annual for b in benchmarks_in_lookback(records, as_of, days))
    posted = facts.median(o.posted_range.annual_midpoint for o in ranges_in_lookback(records, as_of, days))
    gaps = {"offer": facts.gap(best, current), "benchmark": facts.gap(bench, current),
            "posted_range": facts.gap(posted, current)}
    basis = next((k for k, v in gaps.items() if v is not None), None)
    market = gaps[basis] if basis else None
    money = f"{config.currency}/year"

    def cash(value):
        return None if value is None else round(value, 2)

    return {
        "current_annual_base": Metric(cash(current), money, "Current base pay (annualized)"),
        "best_offer_annual_base": Metric(cash(best), money, "Best offer base in lookback"),
        "offer_gap": Metric(gaps["offer"], "fraction", "Best offer vs current base"),
        "benchmark_p50_annual": Metric(cash(bench), money, "Median benchmark p50 in lookback"),
        "benchmark_gap": Metric(gaps["benchmark"], "fraction", "Benchmark vs current base"),
        "posted_range_midpoint": Metric(cash(posted), money, "Median posted-range midpoint in lookback"),
        "posted_range_gap": Metric(gaps["posted_range"], "fraction", "Posted ranges vs current base"),
        "market_gap": Metric(market, "fraction", "Market gap (strongest evidence)", gap_status(market, settings)),
        "market_gap_basis": Metric(basis, "text", "Evidence behind the market gap"),
        "counter_offer_premium": Metric(counter_offer_premium(history), "fraction", "Latest counter-offer premium"),
        "internal_raise_avg": Metric(internal_raise_avg(history), "fraction", "Average raise at the same employer"),
        "real_growth_current_employer": Metric(
            real_growth(run, config.inflation),
            "fraction", "Real pay growth at the current employer"),
    }


def verdict(metrics: dict, ctx: Context) -> tuple[str, list[Finding]]:
    """The one-sentence verdict with its evidence, and the findings."""
    s, as_of, history = ctx.settings, ctx.as_of, ctx.history
    window = f"the last {lookback_words(s['lookback_days'])}"
    if not history:
        text = (f"No pay history on or before {display.day(as_of)}: add your compensation entries "
                "to compare your pay with the market.")
        return text, [Finding("info", text)]
    current = history[-1]
    gap, basis = metrics["market_gap"].value, metrics["market_gap_basis"].value
    status = metrics["market_gap"].status
    findings = []
    if basis == "offer":
        when, opp = max(ctx.offers, key=lambda p: (p[1].offer.base.annual, p[0], p[1].id))
        where = f"({display.md_text(ctx.name(opp.company))}, {display.month(when)})"
        if gap > 0:
            summary = f"Your best offer in {window} {where} pays {display.pct(gap)} more than your current base."
        else:
            weaker = [f"{label} {display.pct(metrics[key].value, signed=True)}"
                      for key, label in (("benchmark_gap", "benchmarks"), ("posted_range_gap", "posted ranges"))
                      if (metrics[key].value or 0) >= s["warn_threshold"]]
            caveat = (f", though {' and '.join(weaker)} point higher and only a new offer would confirm them"
                      if weaker else "")
            summary = (f"Your best offer in {window} {where} pays {display.pct(-gap)} less than your current "
                       f"base: no sign that you are underpaid{caveat}.")
        refs = (opp.ref, current.ref)
        advice = "ask your employer for a market adjustment backed by the offer, or take it."
    else:
        sources = {"benchmark": "The median benchmark", "posted_range": "The median posted-range midpoint"}
        evidence = (f"{sources[basis]} in {window} is {display.pct(gap, signed=True)} against your base, "
                    "but that is weak evidence" if basis else f"There is no offer, benchmark or posted "
                    f"range in {window}")
        summary = (f"{evidence}: the way to know whether you are underpaid is to reach an offer "
                   "(see market cadence).")
        refs = (current.ref,)
        advice = "reach the offer stage of a market test to confirm it, then ask for a market adjustment."
        findings.append(Finding("info", f"No offer in {window}: test the market and reach the offer "
                                "stage to know what you are worth.", refs))
    if status in ("warn", "alert"):
        findings.append(Finding(status, f"You look underpaid by {display.pct(gap)} ({basis.replace('_', ' ')} "
                                f"evidence): {advice}", refs))
    findings += history_findings(metrics, ctx)
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return summary, findings


def history_findings(metrics: dict, ctx: Context) -> list[Finding]:
    findings = []
    counter = [e for e in ctx.history[1:] if e.reason == "counter-offer"]
    premium = metrics["counter_offer_premium"].value
    if counter and premium is not None:
        findings.append(Finding("info", f"Your latest counter-offer ({display.month(counter[-1].date)}) "
                                f"raised your base {display.pct(premium, signed=True)} only when you were "
                                "leaving: test the market every two years rather than waiting for it.",
                                (counter[-1].ref,)))
    run = ctx.run
    growth = metrics["real_growth_current_employer"].value
    if growth is not None and growth < 0:
        findings.append(Finding("warn", f"Your base at {display.md_text(ctx.name(ctx.history[-1].employer))} lost "
                                f"{display.pct(-growth)} in real terms: ask for a market adjustment "
                                "backed by an outside offer.", (run[0].ref, run[-1].ref)))
    elif growth is None and ctx.history:
        findings.append(Finding("info", "Real growth needs an inflation rate for every year of your "
                                "current run: add the missing years to `inflation` in careerkit.yaml.",
                                (ctx.history[-1].ref,)))
    return findings


def methodology(settings: Mapping[str, Any], config: Config) -> str:
    s = settings
    return f"""{__doc__.strip()}

- **Current base** — the annualized base of the latest pay entry on or before the report date, in {config.currency} per year (hourly pay × {config.hours_per_year:g} hours, daily × 260, weekly × 52, monthly × 12; other currencies through `fx`).
- **Best offer** — the highest annualized offer base among opportunities whose offer stage (`offer`, else `accepted`/`declined`) is dated within {s['lookback_days']} days before the report date — an offer whose offer stage comes after the report date did not exist yet and is left out; **offer gap** = (best offer − current) / current.
- **Benchmark p50** — the median annualized p50 of benchmarks dated within {s['lookback_days']} days (an even count takes the mean of the two middle values); **benchmark gap** likewise.
- **Posted-range midpoint** — the median midpoint of the annualized posted ranges of opportunities with a stage within {s['lookback_days']} days; **posted-range gap** likewise.
- **Market gap** — the first available of the offer, benchmark and posted-range gaps (offers are the strongest evidence); warn at {display.pct(s['warn_threshold'])} or more, alert at {display.pct(s['underpaid_threshold'])} or more.
- **Counter-offer premium** — the latest counter-offer entry's annualized base over the previous entry's, minus 1. The outside offer that triggered a counter-offer is the opportunity with the latest offer-stage date up to {s['counter_offer_window_days']} days before it.
- **Internal raise average** — the mean raise over every pair of consecutive entries at the same employer (names compared ignoring case and surrounding spaces), whatever the reason; the raise table's averages by kind separate internal raises ({reference_text(s['internal_raise_reference'])} reference), external moves ({reference_text(s['external_raise_reference'])} reference) and counter-offers.
- **Real growth at the current employer** — current base over the base of the first entry of the current unbroken run at the current employer, divided by the product of (1 + inflation) for each year from that entry's year up to, not including, the current entry's year, minus 1; none when a year is missing from `inflation`. A real loss is a warning.
- **Stay vs switch** — the path taken against a path with the same start and internal raises that moves every {s['switch_every_years']} years at a {display.pct(s['switch_premium'], decimals=0)} premium instead of your actual moves and counter-offers.

Money is rounded to 2 decimals, fractions to 4. The public build shows money as bands, raises as percentages and companies as aliases.
"""


def compute_pay_gaps(records: Records, settings: Mapping[str, Any], as_of: date, config: Config) -> Analysis:
    history, run = facts.pay_history(records, as_of), facts.current_run(records, as_of)
    offers = offers_in_lookback(records, as_of, settings["lookback_days"])
    metrics = compute_metrics(records, history, run, offers, settings, as_of, config)
    opportunities = sorted(facts.opportunities_as_of(records, as_of),
                           key=lambda o: (min(s.date for s in o.stages if s.date <= as_of), o.id))
    name = company_namer([e.employer for e in history] + [o.company for o in opportunities], config)
    ctx = Context(history=history, run=run, offers=offers, opportunities=opportunities, name=name,
                  offer_dates=sorted(((d, o) for o in opportunities if (d := facts.offer_date(o, as_of))),
                                     key=lambda p: (p[0], p[1].id)),
                  benchmarks=sorted((b for b in records.benchmarks if b.date <= as_of),
                                    key=lambda b: (b.date, b.id)),
                  settings=settings, config=config, as_of=as_of)
    summary, findings = verdict(metrics, ctx)
    status = worst([m.status for m in metrics.values()] + [f.severity for f in findings])
    return Analysis(name=NAME, title="Pay gaps", status=status, metrics=metrics, findings=tuple(findings),
                    summary=summary, sections=page_sections(ctx, history[-1] if history else None),
                    methodology=methodology(settings, config),
                    headline=("market_gap", "current_annual_base", "internal_raise_avg",
                              "real_growth_current_employer"))


# --- the plugin ---------------------------------------------------------------------

NAME = "pay_gaps"
DEFAULTS = {
    "lookback_days": 730,
    "underpaid_threshold": 0.10,
    "warn_threshold": 0.05,
    "internal_raise_reference": [0.05, 0.10],
    "external_raise_reference": [0.10, 0.20],
    "counter_offer_window_days": 120,
    "switch_every_years": 3,
    "switch_premium": 0.15,
}


@hookimpl
def careerkit_settings():
    return {NAME: DEFAULTS}


@hookimpl
def careerkit_analyze(records, settings, config, as_of):
    return compute_pay_gaps(records, settings, as_of, config)
