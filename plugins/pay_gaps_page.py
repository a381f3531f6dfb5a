"""The page of the `pay_gaps` analyzer: pay timeline, raises, counter-offers,
stay vs switch and the offer comparison.

Pure functions of a :class:`Context` (what :mod:`careerkit_plugins.pay_gaps`
gathered); every name and amount goes through :mod:`careerkit.display`, so a
public build shows company aliases, money bands and percentages only.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from careerkit import Compensation, Config, Opportunity, Section, Table, Text, charts, display, facts

KINDS = ("internal raise", "external move", "counter-offer")


@dataclass(frozen=True)
class Context:
    """Everything the page needs, gathered once by the analyzer."""

    history: Sequence[Compensation]  # pay entries on or before as_of, oldest first
    run: Sequence[Compensation]  # the current unbroken run at the current employer
    offers: Sequence[tuple[date, Opportunity]]  # offers within lookback, by date
    opportunities: Sequence[Opportunity]  # opportunities as of as_of
    offer_dates: Sequence[tuple[date, Opportunity]]  # (offer-stage date, opportunity) of any that reached one, by date and id
    benchmarks: Sequence[Any]  # benchmarks on or before as_of
    settings: Mapping[str, Any]
    config: Config
    as_of: date
    name: Callable[[str], str]  # a company's name, or its alias in a public build


# --- small pure helpers ---------------------------------------------------------


def inflation_factor(inflation: Mapping[int, float], first_year: int, end_year: int) -> float | None:
    """Product of (1 + inflation[y]) for first_year <= y < end_year; None when a year is missing."""
    factor = 1.0
    for year in range(first_year, end_year):
        rate = inflation.get(year, inflation.get(str(year)))  # type: ignore[call-overload]
        if rate is None:
            return None
        factor *= 1 + rate
    return factor


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
        factor = inflation_factor(ctx.config.inflation, previous.date.year, entry.date.year)
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


# --- sections ---------------------------------------------------------------------


def timeline_section(ctx: Context) -> Section:
    history, config = ctx.history, ctx.config
    if not history:
        return Section("Pay over time", (Text("No pay history on or before the report date."),))
    scale = 100 / history[0].base.annual if config.public else 1.0
    fmt = (lambda v: f"{v:.0f}") if config.public else (lambda v: display.money(v, config))
    pay = [(e.date, e.base.annual * scale) for e in history]
    marks: list[str | None] = [e.reason or "" for e in history]
    if ctx.as_of > history[-1].date:
        pay.append((ctx.as_of, history[-1].base.annual * scale))
        marks.append(None)
    lines = [charts.Line("Base pay (annualized)", pay, step=True, marks=marks, cls="pay")]
    start = history[0]
    adjusted = []
    for year in range(start.date.year, ctx.as_of.year + 1):
        factor = inflation_factor(config.inflation, start.date.year, year)
        if factor is None:
            break
        adjusted.append((max(start.date, date(year, 1, 1)), start.base.annual * factor * scale))
    if config.inflation and len(adjusted) > 1:
        if ctx.as_of > adjusted[-1][0]:
            adjusted.append((ctx.as_of, adjusted[-1][1]))
        lines.append(charts.Line("Starting pay adjusted for inflation", adjusted, step=True, cls="inflation"))
    offers = sorted(((facts.offer_date(o, ctx.as_of) or facts.activity_date(o, ctx.as_of), o)
                     for o in ctx.opportunities if o.offer), key=lambda p: (p[0], p[1].id))
    ranges = sorted(((facts.stages_as_of(o, ctx.as_of)[0].date, o)
                     for o in ctx.opportunities if o.posted_range), key=lambda p: (p[0], p[1].id))
    points = []
    if offers:
        points.append(charts.Points("Offers (base)", [(d, o.offer.base.annual * scale) for d, o in offers],
                                    labels=[ctx.name(o.company) for _, o in offers], cls="offers"))
    if ranges:
        points.append(charts.Points("Posted-range midpoints",
                                    [(d, o.posted_range.annual_midpoint * scale) for d, o in ranges],
                                    labels=[ctx.name(o.company) for _, o in ranges], cls="posted"))
    marked = [b for b in ctx.benchmarks if b.p25 and b.p75]
    medians = [b for b in ctx.benchmarks if not (b.p25 and b.p75)]
    if medians:
        points.append(charts.Points("Benchmarks p50", [(b.date, b.p50.annual * scale) for b in medians],
                                    cls="benchmark"))
    bands = [charts.Band("Benchmarks p25–p75", [(b.date, b.p25.annual * scale, b.p75.annual * scale)
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
            display.pct(r["nominal"], signed=True), inflation, display.pct(r["real"], signed=True)))
    n = len(columns)
    table = Table(columns, tuple(body), caption="Every pay change", numeric=(n - 3, n - 2, n - 1))
    references = {"internal raise": ctx.settings["internal_raise_reference"],
                  "external move": ctx.settings["external_raise_reference"], "counter-offer": None}
    averages = []
    for kind in KINDS:
        of_kind = [r for r in rows if r["kind"] == kind]
        if not of_kind:
            continue
        nominal = mean([r["nominal"] for r in of_kind])
        real = mean([r["real"] for r in of_kind if r["real"] is not None])
        averages.append((kind, len(of_kind), display.pct(nominal, signed=True), display.pct(real, signed=True),
                         reference_text(references[kind]), assess(nominal, references[kind])))
    summary = Table(("Kind", "Changes", "Average nominal", "Average real", "Reference", "Assessment"),
                    tuple(averages), caption="Average raise by kind", numeric=(1, 2, 3))
    method = Text(
        "Real raise = (1 + nominal) / (1 + inflation over the gap) − 1, where the inflation over the "
        "gap compounds `inflation[y]` for each calendar year from the previous entry's year up to, "
        "not including, the change's year (the same convention as the real growth figure, so the real "
        "raises of a run multiply up to it); — when a year is missing. Kinds: a counter-offer by its "
        "reason; an external move when the employer changes or the reason is `hire`; otherwise an "
        "internal raise (merit, promotion, cola, market adjustment, other).")
    return Section("Raises", (table, summary, method))


def trigger_offer(ctx: Context, entry: Compensation) -> tuple[date, Opportunity] | None:
    """The opportunity with the latest offer-stage date on or before the entry, within the window."""
    latest = bisect.bisect_right(ctx.offer_dates, entry.date, key=lambda p: p[0]) - 1
    if latest < 0 or not facts.within(ctx.offer_dates[latest][0], entry.date, ctx.settings["counter_offer_window_days"]):
        return None
    return ctx.offer_dates[latest]



def counter_offer_lines(ctx: Context) -> list[str]:
    lines = []
    cfg = ctx.config
    for previous, entry in zip(ctx.history, ctx.history[1:], strict=False):
        if entry.reason != "counter-offer":
            continue
        unit = entry.base
        before = in_units(previous.base.annual, unit, previous.base)
        premium = entry.base.annual / previous.base.annual - 1
        raised = (f"+{display.pct(premium)}" if cfg.public else
                  f"{signed_rate(unit.amount - before, unit, cfg)} ({display.pct(premium, signed=True)}; "
                  f"from {display.rate(before, unit.period, unit.currency, cfg)} to "
                  f"{display.rate(unit.amount, unit.period, unit.currency, cfg)})")
        text = f"- **{display.month(entry.date)}**: {display.md_text(ctx.name(entry.employer))} found {raised}"
        trigger = trigger_offer(ctx, entry)
        if trigger is None:
            window = ctx.settings["counter_offer_window_days"]
            lines.append(text + f"; no outside offer is recorded in the {window} days before it "
                         "(add the opportunity if there was one).")
            continue
        when, opp = trigger
        if opp.offer is None:
            lines.append(text + f" when you had an offer from {display.md_text(ctx.name(opp.company))} "
                         f"({display.day(when)}, amount not recorded).")
            continue
        offered = in_units(opp.offer.base.annual, unit, opp.offer.base)
        over = opp.offer.base.annual / previous.base.annual - 1
        offer_text = (display.pct(over, signed=True) if cfg.public else
                      f"{signed_rate(offered - before, unit, cfg)} ({display.pct(over, signed=True)})")
        lines.append(text + f" only when you had an offer of {offer_text} over your pay then, from "
                     f"{display.md_text(ctx.name(opp.company))} ({display.day(when)}).")
    return lines


def counter_offer_section(ctx: Context) -> Section:
    lines = counter_offer_lines(ctx)
    if not lines:
        return Section("Counter-offers", (Text("No counter-offer in your pay history."),))
    intro = ("Each counter-offer, the outside offer that triggered it (the latest offer-stage date "
             f"within {ctx.settings['counter_offer_window_days']} days before it) and what your "
             "employer found once you were about to leave:")
    return Section("Counter-offers", (Text(intro + "\n\n" + "\n".join(lines)),))


def switch_path(ctx: Context, rows: list[dict[str, Any]]) -> list[tuple[date, float]]:
    """Same start and internal raises; external moves and counter-offers replaced by a
    move every `switch_every_years` at `switch_premium`."""
    start = ctx.history[0]
    factors: dict[date, float] = {}
    for r in rows:
        if r["kind"] == "internal raise":
            day = r["entry"].date
            factors[day] = factors.get(day, 1.0) * (1 + r["nominal"])
    every, premium = ctx.settings["switch_every_years"], ctx.settings["switch_premium"]
    k = 1
    while every > 0 and (move := add_years(start.date, k * every)) < ctx.as_of:
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
        f"changes employer every {s['switch_every_years']} years with a "
        f"{display.pct(s['switch_premium'], decimals=0)} raise each time. Cumulative pay adds the "
        "annualized base × days at that pay / 365; bonus and equity are left out.")
    rows = (("Path taken", display.money(got, cfg), display.money(taken[-1][1], cfg), "—"),
            (f"Switch every {s['switch_every_years']} years", display.money(alt, cfg),
             display.money(alternative[-1][1], cfg), display.pct(facts.gap(alt, got), signed=True)))
    table = Table(("Path", "Cumulative base pay", "Base pay at the end (per year)", "vs path taken"),
                  rows, numeric=(1, 2, 3))
    scale = 100 / taken[0][1] if cfg.public else 1.0
    fmt = (lambda v: f"{v:.0f}") if cfg.public else (lambda v: display.money(v, cfg))
    chart = charts.timeseries(
        "stay-vs-switch", "Path taken vs switching every few years",
        lines=[charts.Line("Path taken", [(d, v * scale) for d, v in taken + [(ctx.as_of, taken[-1][1])]],
                           step=True, cls="pay"),
               charts.Line("Switching path", [(d, v * scale) for d, v in
                                              alternative + [(ctx.as_of, alternative[-1][1])]],
                           step=True, cls="switch")],
        fmt=fmt, desc="Annualized base pay of both paths.")
    return Section("Stay vs switch", (assumptions, table, chart))


def offers_section(ctx: Context, current: Compensation | None) -> Section:
    if not ctx.offers:
        text = (f"No offer in the last {lookback_words(ctx.settings['lookback_days'])}: reaching the "
                "offer stage is the only reliable way to know what the market pays you (see market cadence).")
        return Section("Offers", (Text(text),))
    cfg = ctx.config

    def annual(m):
        return m.annual if m else 0.0

    def extra(m):
        return display.money(m.annual, cfg) if m else "—"

    base = current.base.annual if current else None
    total = sum(annual(m) for m in (current.base, current.bonus, current.equity)) if current else None
    rows = []
    if current:
        rows.append((f"Current: {ctx.name(current.employer)}", display.day(current.date), "—",
                     display.money(base, cfg), extra(current.bonus), extra(current.equity),
                     display.money(total, cfg), "—", "—"))
    for when, opp in ctx.offers:
        o = opp.offer
        rows.append((ctx.name(opp.company), display.day(when), facts.outcome(opp, ctx.as_of) or "open",
                     display.money(o.base.annual, cfg), extra(o.bonus), extra(o.equity),
                     display.money(o.annual_total, cfg),
                     display.pct(facts.gap(o.base.annual, base), signed=True),
                     display.pct(facts.gap(o.annual_total, total), signed=True)))
    columns = ("Company", "Date", "Outcome", "Base", "Bonus", "Equity", "Total",
               "Base vs current", "Total vs current")
    caption = f"Offers in the last {lookback_words(ctx.settings['lookback_days'])}, per year in {cfg.currency}"
    return Section("Offers", (Table(columns, tuple(rows), caption=caption, numeric=(3, 4, 5, 6, 7, 8)),))


def page_sections(ctx: Context, current: Compensation | None) -> tuple[Section, ...]:
    return (timeline_section(ctx), raises_section(ctx), counter_offer_section(ctx),
            switch_section(ctx), offers_section(ctx, current))
