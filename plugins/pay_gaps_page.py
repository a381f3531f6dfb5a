"""The page of the `pay_gaps` analyzer: pay timeline, market position,
raises, counter-offers, stay vs switch and the offer comparison (the
negotiation brief is :mod:`careerkit_plugins.pay_gaps_brief`).

Pure functions of a :class:`Context` (what :mod:`careerkit_plugins.pay_gaps`
gathered); every name and amount goes through :mod:`careerkit.display`, so a
public build shows company aliases, money bands and percentages only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from careerkit import Compensation, Config, Opportunity, Section, Table, Text, charts, display, facts

from .pay_gaps_context import (
    KINDS,
    MIN_MULTIPLE_BASE,
    OUTSIDE_OFFER_DAYS,
    REFERENCES,
    SWITCH_EVERY_YEARS,
    Context,
    add_years,
    changes,
    in_units,
    lookback_words,
    mean,
    signed_rate,
)

# --- sections ---------------------------------------------------------------------


def indexer(first: float, config: Config) -> Callable[[float], float]:
    """Amounts as drawn: as they are, or in a public build an index (first
    entry = 100) rounded to 5 points — an exact ratio would give the banded
    amounts back."""
    if not config.public:
        return lambda value: value
    return lambda value: round(value * 100 / first / 5) * 5


def timeline_section(ctx: Context) -> Section:
    history, config = ctx.history, ctx.config
    if not history:
        return Section("Pay over time", (Text("No pay history on or before the report date."),))
    scale = indexer(history[0].base.annual, config)
    fmt = (lambda v: f"{v:.0f}") if config.public else (lambda v: display.money(v, config))
    pay = [(e.date, scale(e.base.annual)) for e in history]
    marks: list[str | None] = [e.reason or "" for e in history]
    if ctx.as_of > history[-1].date:
        pay.append((ctx.as_of, scale(history[-1].base.annual)))
        marks.append(None)
    lines = [charts.Line("Base pay (annualized)", pay, step=True, marks=marks, cls="pay")]
    start = history[0]
    adjusted = []
    for year in range(start.date.year, ctx.as_of.year + 2):
        day = min(max(start.date, date(year, 1, 1)), ctx.as_of)
        factor = facts.inflation_factor(config.inflation, start.date, day)
        if factor is None:
            break
        if not adjusted or day > adjusted[-1][0]:
            adjusted.append((day, scale(start.base.annual * factor)))
    if config.inflation and len(adjusted) > 1:
        lines.append(charts.Line("Starting pay adjusted for inflation", adjusted, cls="inflation"))
    offers = sorted(((facts.offer_date(o, ctx.as_of) or facts.activity_date(o, ctx.as_of), o)
                     for o in ctx.opportunities if o.offer), key=lambda p: (p[0], p[1].id))
    ranges = sorted(((facts.stages_as_of(o, ctx.as_of)[0].date, o)
                     for o in ctx.opportunities if o.posted_range), key=lambda p: (p[0], p[1].id))
    points = []
    if offers:
        points.append(charts.Points("Offers (base)", [(d, scale(o.offer.base.annual)) for d, o in offers],
                                    labels=[ctx.name(o.company) for _, o in offers], cls="offers"))
    if ranges:
        points.append(charts.Points("Posted-range midpoints",
                                    [(d, scale(o.posted_range.annual_midpoint)) for d, o in ranges],
                                    labels=[ctx.name(o.company) for _, o in ranges], cls="posted"))
    marked = [b for b in ctx.benchmarks if b.p25 and b.p75]
    medians = [b for b in ctx.benchmarks if not (b.p25 and b.p75)]
    if medians:
        points.append(charts.Points("Benchmarks p50", [(b.date, scale(b.p50.annual)) for b in medians],
                                    cls="benchmark"))
    bands = [charts.Band("Benchmarks p25–p75", [(b.date, scale(b.p25.annual), scale(b.p75.annual))
                                               for b in marked], cls="benchmark")] if marked else []
    unit = "an index (first entry = 100)" if config.public else f"{config.currency} per year"
    chart = charts.timeseries("pay-timeline", "Annualized base pay and market references",
                              lines=lines, bands=bands, points=points, fmt=fmt,
                              desc=f"Base pay over time, each step marked by its reason, in {unit}.")
    return Section("Pay over time", (chart,))


def assess(value: float | None, reference: Any) -> str:
    if value is None or not isinstance(reference, (list, tuple)) or len(reference) != 2:
        return "—"
    low, high = reference
    return "below the range" if value < low else "above the range" if value > high else "within the range"


def reference_text(reference: Any) -> str:
    if not isinstance(reference, (list, tuple)) or len(reference) != 2:
        return "—"
    return f"{display.pct(reference[0], decimals=0)}–{display.pct(reference[1], decimals=0)}"


def raises_section(ctx: Context) -> Section:
    rows = changes(ctx)
    if not rows:
        return Section("Raises", (Text("Fewer than two pay entries: no raise to show yet."),))
    public = ctx.config.public
    columns = ("Date", "Employer", "Reason", "Kind") + (() if public else ("From", "To")) + (
        "Nominal", "Inflation over the gap", "Real")
    body = []
    for r in rows:
        prev, entry = r["previous"], r["entry"]
        employer = ctx.name(entry.employer)
        if not facts.same_company(prev.employer, entry.employer):
            employer = f"{ctx.name(prev.employer)} → {employer}"
        money = () if public else (
            display.rate(prev.base.amount, prev.base.period, prev.base.currency, ctx.config),
            display.rate(entry.base.amount, entry.base.period, entry.base.currency, ctx.config))
        inflation = display.pct(r["factor"] - 1) if r["factor"] is not None else "—"
        body.append((display.day(entry.date), employer, entry.reason or "—", r["kind"]) + money + (
            signed_pct(r["nominal"], ctx.config), inflation, signed_pct(r["real"], ctx.config)))
    n = len(columns)
    table = Table(columns, tuple(body), caption="Every pay change", numeric=(n - 3, n - 2, n - 1))
    references = REFERENCES
    averages = []
    for kind in KINDS:
        of_kind = [r for r in rows if r["kind"] == kind]
        if not of_kind:
            continue
        nominal = mean([r["nominal"] for r in of_kind])
        real = mean([r["real"] for r in of_kind if r["real"] is not None])
        averages.append((kind, len(of_kind), signed_pct(nominal, ctx.config), signed_pct(real, ctx.config),
                         reference_text(references[kind]), assess(nominal, references[kind])))
    summary = Table(("Kind", "Changes", "Average nominal", "Average real", "Reference", "Assessment"),
                    tuple(averages), caption="Average raise by kind", numeric=(1, 2, 3))
    method = Text(
        "Real raise = (1 + nominal) / (inflation factor over the gap) − 1, where the inflation factor "
        "from the previous entry's date to the change's date takes each calendar year's `inflation` "
        "for the share of that year's days the gap covers (the same factor as the real growth figure); "
        "— when a year is unknown. Kinds: a counter-offer by its "
        "reason; an external move when the employer changes or the reason is `hire`; otherwise an "
        "internal raise (merit, promotion, cola, market adjustment, other).")
    return Section("Raises", (table, summary, method))


def outside_offer(opportunities: Sequence[Opportunity], as_of: date,
                  entry: Compensation) -> tuple[date, Opportunity] | None:
    """The highest annualized offer among opportunities whose offer date is
    0–90 days before the entry, whatever the lookback: (offer date, opportunity)."""
    found = [(when, o) for o in opportunities if o.offer is not None
             and facts.within(when := facts.offer_date(o, as_of), entry.date, OUTSIDE_OFFER_DAYS)]
    return max(found, key=lambda p: (p[1].offer.base.annual, p[0], p[1].id), default=None)


def counter_offer_lines(ctx: Context) -> list[str]:
    lines = []
    cfg = ctx.config
    for previous, entry in zip(ctx.history, ctx.history[1:], strict=False):
        if entry.reason != "counter-offer":
            continue
        unit = entry.base
        before = in_units(previous.base.annual, unit, previous.base)
        premium = entry.base.annual / previous.base.annual - 1
        raised = (f"{signed_pct(premium, cfg)}" if cfg.public else
                  f"{signed_rate(unit.amount - before, unit, cfg)} ({display.pct(premium, signed=True)}; "
                  f"from {display.rate(before, unit.period, unit.currency, cfg)} to "
                  f"{display.rate(unit.amount, unit.period, unit.currency, cfg)})")
        text = f"- **{display.month(entry.date)}**: {display.md_text(ctx.name(entry.employer))} found {raised}"
        trigger = outside_offer(ctx.opportunities, ctx.as_of, entry)
        if trigger is None:
            lines.append(text + f"; no outside offer is recorded in the {OUTSIDE_OFFER_DAYS} days before it "
                         "(add the opportunity if there was one).")
            continue
        when, opp = trigger
        offered = in_units(opp.offer.base.annual, unit, opp.offer.base)
        over = opp.offer.base.annual / previous.base.annual - 1
        offer_text = (signed_pct(over, cfg) if cfg.public else
                      f"{signed_rate(offered - before, unit, cfg)} ({display.pct(over, signed=True)})")
        line = (text + f" when you had an offer of {offer_text} over your pay then, from "
                f"{display.md_text(ctx.name(opp.company))} ({display.day(when)})")
        if over >= MIN_MULTIPLE_BASE:
            multiple = (entry.base.annual - previous.base.annual) / (opp.offer.base.annual - previous.base.annual)
            line += (f": {display.pay_times(multiple, cfg)} the outside raise — what your employer "
                     "thought you were worth once you were leaving.")
        else:
            line += ": the outside offer was less than 2 % above your pay, too small to compare the raises."
        lines.append(line)
    return lines


def counter_offer_section(ctx: Context) -> Section:
    lines = counter_offer_lines(ctx)
    if not lines:
        return Section("Counter-offers", (Text("No counter-offer in your pay history."),))
    intro = ("Each counter-offer, the outside offer that triggered it (the highest offer dated "
             f"0–{OUTSIDE_OFFER_DAYS} days before it) and what your employer found once you were about to leave:")
    return Section("Counter-offers", (Text(intro + "\n\n" + "\n".join(lines)),))


def switch_path(ctx: Context, rows: list[dict[str, Any]]) -> list[tuple[date, float]]:
    """Same start and internal raises; external moves and counter-offers replaced by a
    move every SWITCH_EVERY_YEARS at `switch_raise`."""
    start = ctx.history[0]
    factors: dict[date, float] = {}
    for r in rows:
        if r["kind"] == "internal raise":
            day = r["entry"].date
            factors[day] = factors.get(day, 1.0) * (1 + r["nominal"])
    premium = ctx.settings["switch_raise"]
    k = 1
    while (move := add_years(start.date, k * SWITCH_EVERY_YEARS)) < ctx.as_of:
        factors[move] = factors.get(move, 1.0) * (1 + premium)
        k += 1
    path, pay = [(start.date, start.base.annual)], start.base.annual
    for day in sorted(factors):
        pay *= factors[day]
        path.append((day, pay))
    return path


def cumulative(path: list[tuple[date, float]], end: date) -> float:
    """Sum of annual pay × days at that pay / 365 up to `end`."""
    total = 0.0
    for (day, pay), (nxt, _) in zip(path, path[1:] + [(end, 0.0)], strict=False):
        total += pay * max((min(nxt, end) - day).days, 0) / 365
    return total


def switch_section(ctx: Context) -> Section:
    if not ctx.history or ctx.as_of <= ctx.history[0].date:
        return Section("Stay vs switch", (Text("Not enough pay history to compare paths."),))
    s, cfg = ctx.settings, ctx.config
    taken = [(e.date, e.base.annual) for e in ctx.history]
    alternative = switch_path(ctx, changes(ctx))
    got, alt = cumulative(taken, ctx.as_of), cumulative(alternative, ctx.as_of)
    assumptions = Text(
        f"Assumptions: from your first entry ({display.day(ctx.history[0].date)}) to "
        f"{display.day(ctx.as_of)}, the switching path starts at the same pay, keeps your internal "
        f"raises (same dates, same percentages), and instead of your actual moves and counter-offers "
        f"changes employer every {SWITCH_EVERY_YEARS} years with a raise of "
        f"{display.pct(s['switch_raise'], decimals=0)} (`switch_raise`) each time. Cumulative pay adds the "
        "annualized base × days at that pay / 365; bonus and equity are left out.")
    comparison = facts.gap(alt, got)
    rows = (("Path taken", display.money(got, cfg), display.money(taken[-1][1], cfg), "—"),
            (f"Switch every {SWITCH_EVERY_YEARS} years", display.money(alt, cfg),
             display.money(alternative[-1][1], cfg), signed_pct(comparison, cfg)))
    table = Table(("Path", "Cumulative base pay", "Base pay at the end (per year)", "vs path taken"),
                  rows, numeric=(1, 2, 3))
    scale = indexer(taken[0][1], cfg)
    fmt = (lambda v: f"{v:.0f}") if cfg.public else (lambda v: display.money(v, cfg))
    chart = charts.timeseries(
        "stay-vs-switch", "Path taken vs switching every few years",
        lines=[charts.Line("Path taken", [(d, scale(v)) for d, v in taken + [(ctx.as_of, taken[-1][1])]],
                           step=True, cls="pay"),
               charts.Line("Switching path", [(d, scale(v)) for d, v in
                                              alternative + [(ctx.as_of, alternative[-1][1])]],
                           step=True, cls="switch")],
        fmt=fmt, desc="Annualized base pay of both paths.")
    return Section("Stay vs switch", (assumptions, table, chart))


def offer_standing(ctx: Context, when: date, opp: Opportunity) -> str:
    """Whether an offer counts as evidence: live, taken, or answered (and by what)."""
    if any(o is opp for _, o in ctx.live):
        return "live: still evidence"
    if facts.outcome(opp, ctx.as_of) == "accepted" or any(
            s.stage == "accepted" for s in facts.stages_as_of(opp, ctx.as_of)):
        return "taken: it became your pay"
    reset = facts.market_reset(list(ctx.run))
    if reset is None:
        return "—"
    return f"answered by {reset_words(reset)}"


def reset_words(entry: Compensation) -> str:
    """The market reset in words: 'the counter-offer of 17 Mar 2025'."""
    what = {"counter-offer": "the counter-offer", "market-adjustment": "the market adjustment"}.get(
        entry.reason or "", "your move")
    return f"{what} of {display.day(entry.date)}"


def offers_section(ctx: Context) -> Section:
    window = lookback_words(ctx.settings["lookback_days"])
    if not ctx.offers:
        text = (f"No offer in the last {window}: reaching the offer stage is the only reliable way to "
                "know what the market pays you (see market cadence).")
        return Section("Offers", (Text(text),))
    cfg = ctx.config
    current = ctx.history[-1] if ctx.history else None

    def annual(m):
        return m.annual if m else 0.0

    def extra(m):
        return display.money(m.annual, cfg) if m else "—"

    base = current.base.annual if current else None
    total = sum(annual(m) for m in (current.base, current.bonus, current.equity)) if current else None
    rows = []
    if current:
        rows.append((f"Current: {ctx.name(current.employer)}", display.day(current.date), "—", "—",
                     display.money(base, cfg), extra(current.bonus), extra(current.equity),
                     display.money(total, cfg), "—", "—"))
    for when, opp in ctx.offers:
        o = opp.offer
        rows.append((ctx.name(opp.company), display.day(when), facts.outcome(opp, ctx.as_of) or "open",
                     offer_standing(ctx, when, opp),
                     display.money(o.base.annual, cfg), extra(o.bonus), extra(o.equity),
                     display.money(o.annual_total, cfg),
                     signed_pct(facts.gap(o.base.annual, base), cfg),
                     signed_pct(facts.gap(o.annual_total, total), cfg)))
    columns = ("Company", "Date", "Outcome", "Counts as", "Base", "Bonus", "Equity", "Total",
               "Base vs current", "Total vs current")
    caption = f"Offers in the last {window}, per year in {cfg.currency}"
    note = Text("Only a *live* offer is evidence about today's pay: one you took is your pay itself, and one "
                "dated on or before your last market reset (a move, a counter-offer or a market adjustment) "
                "has been answered — unless it still pays more than you.")
    return Section("Offers", (Table(columns, tuple(rows), caption=caption, numeric=(4, 5, 6, 7, 8, 9)), note))


def position_words(benchmark: Any, pay: float, percentile: float | None) -> str:
    """Where the pay sits in one benchmark, in words, without inventing a tail."""
    pts = [p for p, m in ((25, benchmark.p25), (50, benchmark.p50), (75, benchmark.p75), (90, benchmark.p90)) if m]
    if percentile is None:
        return "only a p50: no percentile"
    if percentile <= pts[0] and pay <= getattr(benchmark, f"p{pts[0]}").annual:
        return f"at or below p{pts[0]}"
    if percentile >= pts[-1]:
        return f"at or above p{pts[-1]}"
    return f"p{percentile:.1f}"


def position_section(ctx: Context, percentile_in: Callable[[Any, float], float | None],
                     overall: float | None) -> Section:
    """Where the current pay sits in each benchmark within lookback."""
    window = lookback_words(ctx.settings["lookback_days"])
    if not ctx.history or not ctx.lookback_benchmarks:
        return Section("Where your pay sits", (Text(f"No pay history or no benchmark in the last {window}."),))
    cfg, pay = ctx.config, ctx.history[-1].base.annual
    rows = []
    for b in ctx.lookback_benchmarks:
        percentile = percentile_in(b, pay)
        words = position_words(b, pay, percentile)
        if cfg.public and percentile is not None and words.startswith("p"):
            words = f"p{display.pay_percentile(percentile, cfg)}"
        rows.append((b.source, display.day(b.date), display.money(b.p25.annual if b.p25 else None, cfg),
                     display.money(b.p50.annual, cfg), display.money(b.p75.annual if b.p75 else None, cfg),
                     display.money(b.p90.annual if b.p90 else None, cfg), words))
    table = Table(("Benchmark", "Date", "p25", "p50", "p75", "p90", "Your pay"), tuple(rows),
                  caption=f"Benchmarks of the last {window}, per year in {cfg.currency}", numeric=(2, 3, 4, 5))
    counted = sum(1 for b in ctx.lookback_benchmarks if percentile_in(b, pay) is not None)
    text = (f"Your base sits at percentile {display.pay_percentile(overall, cfg)} of the market: the median over "
            f"{counted} of {len(ctx.lookback_benchmarks)} benchmarks (those with at least two points), placing "
            "your pay between each one's points in a straight line. Below a benchmark's lowest point it counts "
            "as that point, above its highest as that point: no tail is invented."
            if overall is not None else "No benchmark of the period gives two points or more: no percentile.")
    return Section("Where your pay sits", (Text(text), table))


def signed_pct(value: float | None, config: Config) -> str:
    """A signed pay-derived fraction: '+8.3 %', banded ('+5–10 %') in a public build."""
    if value is None:
        return "—"
    text = display.pay_pct(abs(value), config)
    if text.startswith(("0.0 ", "0 ")):
        return text
    return ("+" if value > 0 else "-" if value < 0 else "") + text


def page_sections(ctx: Context, percentile_in: Callable[[Any, float], float | None],
                  overall: float | None) -> tuple[Section, ...]:
    return (timeline_section(ctx), position_section(ctx, percentile_in, overall), raises_section(ctx),
            counter_offer_section(ctx), switch_section(ctx), offers_section(ctx))
