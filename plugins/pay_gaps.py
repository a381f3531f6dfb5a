"""Pay gaps: am I underpaid against the evidence, and what has loyalty cost me?

The rule: compare your current annualized base pay with the market evidence
of the last `lookback_days` — live offers (offers nobody has answered yet),
benchmarks and posted ranges — and flag a gap of `warn_threshold` or more
(warn) or `underpaid_threshold` or more (alert).  An offer proves the least
the market pays, not the most: with both a live offer and benchmarks, the
larger gap counts.  Then read the pay history itself: the raises your
employer gave on its own against the counter-offer it found only when you
were leaving, and growth against inflation — and turn it all into what to
ask for, the least to accept, and when.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from careerkit import Analysis, Config, Finding, Metric, Records, display, facts, hookimpl, worst

from .pay_gaps_brief import brief_section, evidence_sentences
from .pay_gaps_context import (
    MIN_MULTIPLE_BASE,
    OUTSIDE_OFFER_DAYS,
    REFERENCES,
    Context,
    company_namer,
    lookback_words,
)
from .pay_gaps_evidence import (
    benchmarks_in_lookback,
    counter_offer_multiple,
    gap_status,
    internal_raise_avg,
    latest_counter_offer,
    latest_raise,
    next_anniversary,
    offers_in_lookback,
    pay_without_counter_offers,
    percentile_in,
    ranges_in_lookback,
    real_growth,
)
from .pay_gaps_page import outside_offer, page_sections
from .pay_gaps_picture import position_chart, with_picture

SEVERITY_ORDER = {"alert": 0, "warn": 1, "info": 2}
DUE_DAYS = {"offer": 7, "alert": 30, "warn": 90}
REVIEW_NOTICE_DAYS = 30  # prepare the case 30 days before the anniversary of the latest raise


# --- the analysis -------------------------------------------------------------------


def compute_metrics(ctx: Context) -> dict:
    """The SPEC's metrics from what :func:`gather` collected."""
    s, config = ctx.settings, ctx.config
    current = ctx.history[-1].base.annual if ctx.history else None
    best = max((o.offer.base.annual for _, o in ctx.live), default=None)
    bench = facts.median(b.p50.annual for b in ctx.lookback_benchmarks)
    p75 = facts.median(b.p75.annual for b in ctx.lookback_benchmarks if b.p75 is not None)
    percentiles = [] if current is None else [
        p for b in ctx.lookback_benchmarks if (p := percentile_in(b, current)) is not None]
    percentile = facts.median(percentiles)
    posted = facts.median(o.posted_range.annual_midpoint for o in ctx.ranges)
    gaps = {"offer": facts.gap(best, current), "benchmark": facts.gap(bench, current),
            "posted_range": facts.gap(posted, current)}
    if gaps["offer"] is not None and gaps["benchmark"] is not None:
        basis = "offer" if gaps["offer"] >= gaps["benchmark"] else "benchmark"
    else:
        basis = next((k for k, v in gaps.items() if v is not None), None)
    market = gaps[basis] if basis else None
    counter = ctx.counter
    premium = multiple = None
    if counter is not None:
        entry, previous = counter
        premium = facts.gap(entry.base.annual, previous.base.annual)
        multiple = counter_offer_multiple(entry, previous, ctx.counter_outside)
    walk = ask = None
    if current is not None:
        walk = max(v for v in (current * (1 + s["min_switch_raise"]), bench, best) if v is not None)
        ask = max(v for v in (current * (1 + s["switch_raise"]), p75, best, walk) if v is not None)
    money = f"{config.currency}/year"

    def cash(value):
        return None if value is None else round(value, 2)

    def pay_metric(value, unit, label, status=None):
        return Metric(value, unit, label, status, from_pay=True)

    return {
        "current_annual_base": pay_metric(cash(current), money, "Current base pay (annualized)"),
        "best_offer_annual_base": pay_metric(cash(best), money, "Best live offer (base)"),
        "offer_gap": pay_metric(gaps["offer"], "fraction", "Best live offer vs your base"),
        "benchmark_p50_annual": pay_metric(cash(bench), money, "Median benchmark p50 in lookback"),
        "benchmark_gap": pay_metric(gaps["benchmark"], "fraction", "Benchmarks vs your base"),
        "benchmark_percentile": pay_metric(None if percentile is None else round(percentile, 1), "percentile",
                                           "Where your pay sits in the market (percentile)"),
        "posted_range_midpoint": pay_metric(cash(posted), money, "Median posted-range midpoint in lookback"),
        "posted_range_gap": pay_metric(gaps["posted_range"], "fraction", "Posted ranges vs your base"),
        "market_gap": pay_metric(market, "fraction", "How much more the market pays than you",
                                 gap_status(market, s)),
        "market_gap_basis": Metric(basis, "text", "Evidence behind the market gap"),
        "counter_offer_premium": pay_metric(premium, "fraction", "Latest counter-offer raise"),
        "counter_offer_multiple": pay_metric(multiple, "ratio", "Counter-offer raise vs the outside offer's"),
        "internal_raise_avg": pay_metric(internal_raise_avg(ctx.history), "fraction",
                                         "Average raise your employers gave on their own"),
        "pay_without_counter_offers": pay_metric(pay_without_counter_offers(ctx.run), money,
                                                 "Your pay today without counter-offers"),
        "real_growth_current_employer": pay_metric(real_growth(ctx.run, config.inflation, ctx.as_of), "fraction",
                                                   "Real pay growth at the current employer"),
        "walk_away_annual_base": pay_metric(cash(walk), money, "Walk-away figure (the least a move is worth)"),
        "ask_annual_base": pay_metric(cash(ask), money, "What to ask for in the next move"),
    }


def evidence_refs(ctx: Context, basis: str | None) -> tuple[str, ...]:
    if basis == "offer":
        return tuple(o.ref for _, o in ctx.live)
    if basis == "benchmark":
        return tuple(b.ref for b in ctx.lookback_benchmarks)
    if basis == "posted_range":
        return tuple(o.ref for o in ctx.ranges)
    return ()


def verdict(metrics: dict, ctx: Context) -> tuple[str, list[Finding]]:
    """The verdict in words with its evidence, and the findings."""
    s, as_of, history, cfg = ctx.settings, ctx.as_of, ctx.history, ctx.config
    window = f"the last {lookback_words(s['lookback_days'])}"
    if not history:
        text = (f"No pay history on or before {display.day(as_of)}: add your compensation entries "
                "to compare your pay with the market.")
        return text, [Finding("info", text)]
    current = history[-1]
    gap, basis = metrics["market_gap"].value, metrics["market_gap_basis"].value
    status = metrics["market_gap"].status
    findings = []
    if basis is None:
        summary = (f"There is no live offer, benchmark or posted range in {window} to judge your pay by: "
                   "add a benchmark, or test the market and reach an offer (see market cadence).")
    else:
        words = display.pay_gap_words(gap, cfg)
        summary = f"{words[0].upper()}{words[1:]} ({display.md_text(basis_words(basis, ctx))})."
        summary = " ".join([summary, *evidence_sentences(metrics, ctx)])
    refs = evidence_refs(ctx, basis) + (current.ref,)
    if status in ("alert", "warn"):
        due = as_of + timedelta(days=DUE_DAYS[status])
        how = "ask your employer for a market adjustment, or move" if status == "alert" else \
            "build the case for a market adjustment, or test the market"
        findings.append(Finding(status, f"You look underpaid: {display.pay_gap_words(gap, cfg)} "
                                f"({basis.replace('_', ' ')} evidence). {how[0].upper()}{how[1:]} — ask for "
                                f"{display.money(metrics['ask_annual_base'].value, cfg)} and accept no less than "
                                f"{display.money(metrics['walk_away_annual_base'].value, cfg)} (see the "
                                f"negotiation brief) by {display.day(due)}.", refs, due))
    for when, opp in ctx.live:
        if facts.outcome(opp, as_of) is None:
            due = as_of + timedelta(days=DUE_DAYS["offer"])
            findings.append(Finding("info", f"You hold an open offer from {display.md_text(ctx.name(opp.company))} "
                                    f"({display.day(when)}, {display.money(opp.offer.base.annual, cfg)} a year): "
                                    f"decide by {display.day(due)} — accept it, or use it to ask for "
                                    f"{display.money(metrics['ask_annual_base'].value, cfg)}.",
                                    (opp.ref, current.ref), due))
    findings += history_findings(metrics, ctx)
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return summary, findings


def basis_words(basis: str, ctx: Context) -> str:
    window = f"the last {lookback_words(ctx.settings['lookback_days'])}"
    if basis == "offer":
        n = len(ctx.live)
        return f"your best live offer of {window}" + ("" if n == 1 else f", of {n}")
    if basis == "benchmark":
        n = len(ctx.lookback_benchmarks)
        return f"the median benchmark of {window}, {n} benchmark" + ("" if n == 1 else "s")
    n = len(ctx.ranges)
    return f"the median posted range of {window}, {n} posting" + ("" if n == 1 else "s")


def history_findings(metrics: dict, ctx: Context) -> list[Finding]:
    findings, cfg, as_of = [], ctx.config, ctx.as_of
    current = ctx.history[-1]
    if ctx.counter is not None:
        entry, _ = ctx.counter
        multiple = metrics["counter_offer_multiple"].value
        without = metrics["pay_without_counter_offers"].value
        text = (f"Your counter-offer of {display.month(entry.date)} raised your base "
                f"{display.pay_pct(metrics['counter_offer_premium'].value, cfg)}")
        if multiple is not None:
            text += f", {display.pay_times(multiple, cfg)} the raise the outside offer gave"
        text += " — only when you were leaving."
        if without is not None and any(e is entry for e in ctx.run):
            text += f" Without it you would earn {display.money(without, cfg)} a year today."
        findings.append(Finding("info", text + " Test the market before you need leverage.", (entry.ref,)))
    internal = metrics["internal_raise_avg"].value
    if internal is not None and internal < INTERNAL_REFERENCE[0]:
        findings.append(Finding("info", f"The raises your employers gave on their own average "
                                f"{display.pay_pct(internal, cfg)}, below the "
                                f"{display.pct(INTERNAL_REFERENCE[0], decimals=0)}–"
                                f"{display.pct(INTERNAL_REFERENCE[1], decimals=0)} internal raises often give "
                                f"(moves often give {display.pct(EXTERNAL_REFERENCE[0], decimals=0)}–"
                                f"{display.pct(EXTERNAL_REFERENCE[1], decimals=0)}).", (current.ref,)))
    growth = metrics["real_growth_current_employer"].value
    if growth is not None and growth < 0:
        findings.append(Finding("warn", f"Your base at {display.md_text(ctx.name(current.employer))} lost "
                                f"{display.pay_pct(-growth, cfg)} in real terms since "
                                f"{display.month(ctx.run[0].date)}: ask for a market adjustment backed by "
                                "an outside offer.", (ctx.run[0].ref, current.ref)))
    elif growth is None and (missing := facts.missing_inflation_years(cfg.inflation, ctx.run[0].date, as_of)):
        years = ", ".join(str(y) for y in missing)
        findings.append(Finding("info", f"Real growth needs an inflation rate for every year from the start of "
                                f"your current job (later years reuse the last rate given): add {years} "
                                f"to `inflation` in careerkit.yaml (e.g. `{missing[0]}: 0.03`).", (current.ref,)))
    raised = latest_raise(ctx.run)
    if raised is not None:
        anniversary = next_anniversary(raised.date, as_of)
        due = max(anniversary - timedelta(days=REVIEW_NOTICE_DAYS), as_of)
        findings.append(Finding("info", f"Your next pay review is likely around {display.day(anniversary)}, a year "
                                f"after your latest raise ({display.day(raised.date)}): make your case by "
                                f"{display.day(due)}, with the negotiation brief's figures.", (raised.ref,), due))
    return findings


INTERNAL_REFERENCE = REFERENCES["internal raise"]
EXTERNAL_REFERENCE = REFERENCES["external move"]


def methodology(settings: Mapping[str, Any], config: Config) -> str:
    s = settings
    days = s["lookback_days"]
    return f"""{__doc__.strip()}

The report shows your pay as it stood on the report date: pay entries, stages and benchmarks dated after it are left
  out. Pay entries on the same date keep the order they are listed in (files by path, then position in the file); the
  later one is your current pay. Money is annualized (hourly × {config.hours_per_year:g} hours, daily × 260, weekly × 52,
  monthly × 12) in {config.currency} per year through `fx`, rounded to 2 decimals; fractions are rounded to 4 decimals
  (half to even).

**Terms.**
- *Current run*: your consecutive pay entries at your current employer, ending with the current one (employer names
  compared ignoring case and surrounding spaces).
- *Market reset*: the last time your pay was set against the market — the latest of the run's first entry and any entry
  in it with reason `hire`, `counter-offer` or `market-adjustment`.
- *Live offer*: an offer you have not accepted (an offer taken is your pay itself), whose offer date (the earliest
  `offer`, `accepted` or `declined` stage) lies within {days} days before the report date, and which nobody has answered:
  it is dated after the market reset, or it still pays more than you (a partial counter-offer leaves the rest of the gap
  open). An offer answered by a move, a counter-offer or a market adjustment is history, not evidence about today's pay.
  With no pay history, every offer within {days} days counts.
- *Inflation factor* from one date to another: for each calendar year touched, (1 + that year's `inflation`) raised to
  the share of that year's days the period covers, multiplied together. A year after the last one in `inflation` uses the
  last rate given; a year before the first one, or missing between two given years, leaves the figure unknown.

**Figures.**
- **Current base** — the annualized base of your current pay entry.
- **Best live offer** — the highest annualized base among live offers; **offer gap** = (best live offer − current) / current.
- **Benchmark p50** — the median of the annualized p50 of benchmarks dated within {days} days (an even count takes the
  mean of the two middle values); **benchmark gap** likewise.
- **Benchmark percentile** — where your pay sits in the market: for each benchmark within {days} days that gives at
  least two of p25, p50, p75 and p90, your base placed between its points by straight-line interpolation (equal to several
  points, the highest of them; below the lowest point, that point's percentile — shown as "at or below p25"; above the
  highest, that point's — "at or above p90": no tail is invented); the median of those, to 1 decimal.
- **Posted-range midpoint** — the median midpoint of the annualized posted ranges of opportunities with a stage within
  {days} days; **posted-range gap** likewise.
- **Market gap** — with both a live offer and benchmarks, the larger of the offer gap and the benchmark gap (an offer
  proves the least the market pays, not the most); otherwise the first available of the offer, benchmark and posted-range
  gaps. A positive gap means the market pays more than you. Warn at {display.pct(s['warn_threshold'])} or more, alert at
  {display.pct(s['underpaid_threshold'])} or more, ok below; `none` when there is no evidence to judge by. The analyzer's
  status is the market gap's, and `none` without pay history.
- **Counter-offer raise** — your latest counter-offer entry's base over the entry just before it (at any employer),
  minus 1. **Counter-offer multiple** — that raise in money divided by the raise the outside offer gave over the same
  previous pay; the outside offer is the highest offer whose offer date is 0–{OUTSIDE_OFFER_DAYS} days before the
  counter-offer, whatever the lookback. None without one, or when the outside offer is less than
  {display.pct(MIN_MULTIPLE_BASE, decimals=0)} above the previous pay (a tiny denominator would make the multiple
  meaningless).
- **Average raise your employers gave on their own** — the mean raise over every pair of consecutive entries at the same
  employer, leaving out raises into a counter-offer (the market forced those). Internal raises often give
  {display.pct(INTERNAL_REFERENCE[0], decimals=0)}–{display.pct(INTERNAL_REFERENCE[1], decimals=0)}, moves
  {display.pct(EXTERNAL_REFERENCE[0], decimals=0)}–{display.pct(EXTERNAL_REFERENCE[1], decimals=0)}.
- **Pay without counter-offers** — the current run's first base multiplied by each of its other raises, leaving out
  raises into counter-offers: what relying on your employer alone would pay today.
- **Real growth at the current employer** — (current base / the run's first base) / the inflation factor from the run's
  first date to the report date, minus 1. A real loss is a warning.
- **Walk-away figure** — the least a move is worth: the highest of your base plus
  {display.pct(s['min_switch_raise'], decimals=0)} (`min_switch_raise`), the benchmark p50 and the best live offer.
- **Ask** — what to ask for in the next move: the highest of your base plus {display.pct(s['switch_raise'], decimals=0)}
  (`switch_raise`), the median p75 of benchmarks within {days} days that give one, the best live offer and the walk-away
  figure. Both need a pay history.

**When to act.** An open live offer: decide within {DUE_DAYS['offer']} days. Underpaid (alert): ask within
  {DUE_DAYS['alert']} days; warn: within {DUE_DAYS['warn']} days. Before a pay review: {REVIEW_NOTICE_DAYS} days before
  the next anniversary of your current run's latest raise. A date already past is due on the report date.

The public build shows money as bands, gaps, raises, percentiles and multiples as ranges, companies as aliases, and
  charts pay as an index (first entry = 100) rounded to 5 points.
"""


def gather(records: Records, settings: Mapping[str, Any], as_of: date, config: Config) -> Context:
    days = settings["lookback_days"]
    history = facts.pay_history(records, as_of)
    opportunities = sorted(facts.opportunities_as_of(records, as_of),
                           key=lambda o: (min(s.date for s in o.stages if s.date <= as_of), o.id))
    counter = latest_counter_offer(history)
    name = company_namer([e.employer for e in history] + [o.company for o in opportunities], config)
    return Context(
        history=history, run=facts.run_of(history), offers=offers_in_lookback(records, as_of, days),
        live=facts.live_offers(records, as_of, days), opportunities=opportunities, name=name,
        lookback_benchmarks=benchmarks_in_lookback(records, as_of, days),
        ranges=ranges_in_lookback(records, as_of, days),
        counter=counter, counter_outside=outside_offer(opportunities, as_of, counter[0]) if counter else None,
        benchmarks=sorted((b for b in records.benchmarks if b.date <= as_of), key=lambda b: (b.date, b.id)),
        settings=settings, config=config, as_of=as_of)


def compute_pay_gaps(records: Records, settings: Mapping[str, Any], as_of: date, config: Config) -> Analysis:
    ctx = gather(records, settings, as_of, config)
    metrics = compute_metrics(ctx)
    summary, findings = verdict(metrics, ctx)
    status = worst(m.status for m in metrics.values()) if ctx.history else "none"
    return Analysis(name=NAME, title="Pay gaps", status=status, metrics=metrics, findings=tuple(findings),
                    summary=summary,
                    sections=(with_picture(brief_section(metrics, ctx, findings), position_chart(ctx, metrics)),
                              *page_sections(ctx, percentile_in, metrics["benchmark_percentile"].value)),
                    methodology=methodology(settings, config),
                    headline=("market_gap", "benchmark_percentile", "internal_raise_avg", "ask_annual_base"))


# --- the plugin ---------------------------------------------------------------------

NAME = "pay_gaps"
DEFAULTS = {
    "lookback_days": 730,
    "underpaid_threshold": 0.10,
    "warn_threshold": 0.05,
    "switch_raise": 0.15,
    "min_switch_raise": 0.10,
}


@hookimpl
def careerkit_settings():
    return {NAME: DEFAULTS}


@hookimpl
def careerkit_analyze(records, settings, config, as_of):
    return compute_pay_gaps(records, settings, as_of, config)
